// The inbox at 50,000 notifications: a cold open to the first page in a fresh process (median of
// three), and the cost of appending one notification to it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, type Bench } from './lib/bench';
import type { Scope } from './lib/scope';
import { median, percentile, round, summarize } from './lib/stats';

const ITEMS = 50_000;
const BYTES = 600;
const RUNS = 3;
const APPENDS = 1000;

export async function fillInbox(
  scope: Scope,
  dir: string,
  count: number,
  bytes: number,
  compact: boolean,
): Promise<{ bytes: number; ms: number }> {
  const child = scope.spawn('inbox-fill', 'inbox-fill.ts', [
    JSON.stringify({ dir, count, bytes, compact }),
  ]);
  const filled = await child.next('inbox-filled', scope.signal, 120_000);
  await child.exited;
  return { bytes: filled.bytes, ms: filled.ms };
}

async function coldLoads(
  scope: Scope,
  dir: string,
): Promise<Array<{ open: number; list: number; total: number; read: number }>> {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const child = scope.spawn('inbox-load', 'inbox-load.ts', [
      JSON.stringify({ dir, mode: 'load' }),
    ]);
    const loaded = await child.next('inbox-loaded', scope.signal, 60_000);
    await child.exited;
    runs.push({
      open: round(loaded.openMs),
      list: round(loaded.listMs),
      total: round(loaded.totalMs),
      read: round(loaded.readMs),
    });
  }
  return runs;
}

export const inboxBench: Bench = {
  name: 'inbox',
  description: `cold open of a ${ITEMS / 1000}k-item inbox to its first page; one append to it`,
  timeoutMs: 180_000,
  async run(scope, log) {
    const snapshotDir = mkdtempSync(join(tmpdir(), 'herald-bench-inbox-'));
    const journalDir = mkdtempSync(join(tmpdir(), 'herald-bench-inbox-'));
    scope.defer(() => rmSync(snapshotDir, { recursive: true, force: true }));
    scope.defer(() => rmSync(journalDir, { recursive: true, force: true }));
    log(`filling ${ITEMS} × ~${BYTES} B (snapshot form, and journal-only form)`);
    const [snap, journal] = await Promise.all([
      fillInbox(scope, snapshotDir, ITEMS, BYTES, true),
      fillInbox(scope, journalDir, ITEMS, BYTES, false),
    ]);
    log(`filled: ${(snap.bytes / 2 ** 20).toFixed(1)} MiB in ${(snap.ms / 1000).toFixed(1)} s`);

    const loads = await coldLoads(scope, snapshotDir);
    const journalLoads = await coldLoads(scope, journalDir);
    const load = round(median(loads.map((r) => r.total)));
    const journalLoad = round(median(journalLoads.map((r) => r.total)));
    const rawRead = round(median(loads.map((r) => r.read)));

    const child = scope.spawn('inbox-append', 'inbox-load.ts', [
      JSON.stringify({ dir: snapshotDir, mode: 'append', appends: APPENDS, bytes: BYTES }),
    ]);
    const appended = await child.next('inbox-appended', scope.signal, 60_000);
    const append = summarize(appended.durations);
    return {
      json: {
        inbox_50k_load_ms: load,
        inbox_append_p99_ms: append.p99,
        baseline_inbox_50k_read_ms: rawRead,
        inbox_detail: {
          items: ITEMS,
          bytes_per_item: BYTES,
          store_bytes: snap.bytes,
          journal_only_store_bytes: journal.bytes,
          load_runs_ms: loads,
          journal_only_load_ms: journalLoad,
          journal_only_load_runs_ms: journalLoads,
          append_ms: {
            ...append,
            mean: round(appended.durations.reduce((a, b) => a + b, 0) / APPENDS, 3),
          },
          append_p90_ms: round(percentile(appended.durations, 90), 3),
        },
      },
      rows: [
        {
          metric: 'inbox 50k cold open → first page',
          value: `${fmt(load)} (runs ${loads.map((r) => r.total.toFixed(0)).join(', ')})`,
          target: '≤ 300 ms',
          pass: load <= 300,
          ratio: round(load / rawRead),
        },
        {
          metric: '  only reading its files into memory (floor)',
          value: `${fmt(rawRead)} (${(snap.bytes / 2 ** 20).toFixed(1)} MiB)`,
          target: '(baseline)',
        },
        {
          metric: '  same store as one 50k-line journal',
          value: fmt(journalLoad),
          target: '(analysis)',
        },
        {
          metric: 'inbox append p99 (1,000 into 50k)',
          value: `${fmt(append.p99, 'ms', 2)} (p50 ${fmt(append.p50, 'ms', 2)}, max ${fmt(append.max, 'ms', 1)})`,
          target: '≤ 2 ms',
          pass: append.p99 <= 2,
        },
      ],
    };
  },
};
