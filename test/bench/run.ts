// The benchmark orchestrator: runs the chosen benchmarks one after another against the real
// reference hub on loopback, prints a table and writes bench-results.json in the working
// directory. Not a test: nothing here asserts; targets are reported as pass / fail.
//
//   node --import tsx test/bench/run.ts [name …] [--list]      (npm run bench -- latency storm)
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { stopAllHubs } from '../harness/hub';
import type { Bench, BenchResult, Row } from './lib/bench';
import { BenchAborted, killEveryChildNow, Scope } from './lib/scope';
import { latencyBench, latencyDefaultBufferBench } from './latency';
import { ingestBench, ingestDefaultBufferBench } from './ingest';
import { inboxBench } from './inbox';
import { reconnectBench } from './reconnect';
import { idleRssBench } from './idle-rss';
import { stormBench } from './storm';
import { rendererBench } from './renderer';

/** What `npm run bench` runs, in this order. */
const benches: Bench[] = [
  latencyBench,
  ingestBench,
  inboxBench,
  reconnectBench,
  idleRssBench,
  stormBench,
  rendererBench,
];

/**
 * Run only when named: latency and ingest against a hub with ASP.NET Core's default 100 KB
 * stateful-reconnect buffer, which caps a stateful connection at about 100 KB a second.
 */
const diagnostics: Bench[] = [latencyDefaultBufferBench, ingestDefaultBufferBench];

const started = Date.now();
const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100);

/** The commit measured, `+dirty` when tracked files differ from it. */
function revision(): string {
  try {
    const git = (...args: string[]): string =>
      execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? '+dirty' : ''}`;
  } catch {
    return 'unknown';
  }
}
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const say = (line: string): void => void process.stderr.write(`[bench ${elapsed()}] ${line}\n`);

let current: Scope | undefined;
let interrupted = false;

async function interrupt(signal: string): Promise<void> {
  if (interrupted) {
    killEveryChildNow();
    process.exit(130);
  }
  interrupted = true;
  say(`${signal}: stopping, cleaning up…`);
  current?.abort(signal);
  const hard = setTimeout(() => {
    killEveryChildNow();
    process.exit(130);
  }, 15_000);
  await current?.close();
  await stopAllHubs().catch(() => undefined);
  killEveryChildNow();
  clearTimeout(hard);
  process.exit(130);
}

process.on('SIGINT', () => void interrupt('SIGINT'));
process.on('SIGTERM', () => void interrupt('SIGTERM'));
process.on('exit', () => killEveryChildNow());

/** Merges `from` into `into`, recursing into plain objects (diagnostics share a key). */
function merge(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (isPlainObject(existing) && isPlainObject(value)) merge(existing, value);
    else into[key] = value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

function printTable(rows: Row[]): void {
  const header = ['metric', 'value', 'target', 'result', 'vs bare'];
  const cells = rows.map((r) => [
    r.metric,
    r.value,
    r.target,
    r.pass === undefined ? '' : r.pass ? 'PASS' : 'FAIL',
    r.ratio === undefined ? '' : Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : 'n/a',
  ]);
  const widths = header.map((h, i) =>
    Math.max([...h].length, ...cells.map((c) => [...(c[i] as string)].length)),
  );
  const line = (c: string[]): string => c.map((v, i) => pad(v, widths[i] as number)).join('  ');
  process.stdout.write(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n`);
  for (const c of cells) process.stdout.write(`${line(c)}\n`);
  process.stdout.write('\n');
}

async function runOne(bench: Bench): Promise<BenchResult> {
  const scope = new Scope(bench.name);
  current = scope;
  const timer = setTimeout(
    () => scope.abort(`${bench.name} ran past its ${bench.timeoutMs / 1000} s limit`),
    bench.timeoutMs,
  );
  const aborted = new Promise<never>((_, reject) => {
    scope.signal.addEventListener('abort', () =>
      reject(
        scope.signal.reason instanceof Error ? scope.signal.reason : new BenchAborted('aborted'),
      ),
    );
  });
  const running = bench.run(scope, (line) => say(`${bench.name}: ${line}`));
  running.catch(() => undefined);
  try {
    return await Promise.race([running, aborted]);
  } finally {
    clearTimeout(timer);
    await scope.close();
    current = undefined;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  const all = [...benches, ...diagnostics];
  if (args.includes('--list') || args.includes('--help')) {
    for (const b of benches) process.stdout.write(`${pad(b.name, 24)} ${b.description}\n`);
    process.stdout.write('\nRun only when named:\n');
    for (const b of diagnostics) process.stdout.write(`${pad(b.name, 24)} ${b.description}\n`);
    return 0;
  }
  const unknown = args.filter((a) => !all.some((b) => b.name === a));
  if (unknown.length > 0) {
    process.stderr.write(
      `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${all.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  const chosen = args.length > 0 ? all.filter((b) => args.includes(b.name)) : benches;
  const json: Record<string, unknown> = {};
  const rows: Row[] = [];
  const errors: Record<string, string> = {};
  const durations: Record<string, number> = {};
  for (const bench of chosen) {
    if (interrupted) break;
    say(`── ${bench.name}: ${bench.description}`);
    const t0 = Date.now();
    try {
      const result = await runOne(bench);
      merge(json, result.json);
      rows.push(...result.rows);
    } catch (error) {
      if (interrupted) break;
      const message = error instanceof Error ? error.message : String(error);
      errors[bench.name] = message;
      rows.push({
        metric: bench.name,
        value: 'ERROR',
        target: message.split('\n')[0] ?? '',
        pass: false,
      });
      say(`${bench.name} failed: ${message}`);
    }
    durations[bench.name] = Math.round((Date.now() - t0) / 100) / 10;
    say(`── ${bench.name} done in ${durations[bench.name]} s`);
  }
  if (interrupted) {
    // interrupt() is cleaning up and exits; keep the last complete bench-results.json.
    await new Promise(() => undefined);
  }
  printTable(rows);
  const out = join(process.cwd(), 'bench-results.json');
  const meta = {
    date: new Date().toISOString(),
    commit: revision(),
    // Other work on the machine skews absolute figures; the ratios to the bare client less so.
    load_average: { start: loadAtStart, end: loadavg().map((l) => Math.round(l * 100) / 100) },
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    benchmarks: chosen.map((b) => b.name),
    seconds: durations,
    total_seconds: Math.round((Date.now() - started) / 1000),
    ...(Object.keys(errors).length > 0 ? { errors } : {}),
  };
  writeFileSync(out, `${JSON.stringify({ ...json, meta }, null, 2)}\n`);
  process.stdout.write(`Wrote ${out} (${elapsed()} in all)\n`);
  return Object.keys(errors).length > 0 ? 1 : 0;
}

main().then(
  async (code) => {
    await stopAllHubs().catch(() => undefined);
    killEveryChildNow();
    process.exit(code);
  },
  async (error: unknown) => {
    process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
    await stopAllHubs().catch(() => undefined);
    killEveryChildNow();
    process.exit(1);
  },
);
