// What every benchmark returns: JSON for bench-results.json and rows for the table.
import type { Scope } from './scope';

export interface Row {
  metric: string;
  value: string;
  target: string;
  /** undefined: informational, no target. */
  pass?: boolean;
  /** Herald ÷ bare client, where a baseline was measured alongside. */
  ratio?: number;
}

export interface BenchResult {
  json: Record<string, unknown>;
  rows: Row[];
}

export interface Bench {
  name: string;
  /** What it measures, for `--list`. */
  description: string;
  /** The benchmark is aborted (and its processes killed) after this long. */
  timeoutMs: number;
  run(scope: Scope, log: (line: string) => void): Promise<BenchResult>;
}

export const fmt = (value: number, unit = 'ms', digits = 1): string =>
  Number.isFinite(value) ? `${value.toFixed(digits)} ${unit}`.trim() : 'n/a';
