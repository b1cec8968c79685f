// Resident memory of the CLI listener (`herald listen`), connected and idle, with 10,000
// notifications in its --data directory: the esbuild bundle (what ships), the same through tsx
// (what `npm run cli` runs), and a bare SignalR client in plain Node as the floor.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build-cli.mjs';
import { fmt, type Bench } from './lib/bench';
import { fillInbox } from './inbox';
import { childrenDir, root, sleep, until, type Child, type Scope } from './lib/scope';
import { round } from './lib/stats';

const ITEMS = 10_000;
const BYTES = 600;
const IDLE_MS = 3_000;

interface Memory {
  rssMb: number;
  hwmMb: number;
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { rssMb: round(kb('VmRSS') / 1024, 1), hwmMb: round(kb('VmHWM') / 1024, 1) };
}

async function idleMemory(scope: Scope, child: Child): Promise<Memory> {
  let synced = false;
  child.onLine((line) => {
    if (line.startsWith('{"type":"synced"')) synced = true;
  });
  await until(() => synced, `${child.name} to sync`, scope.signal, 30_000, 10).catch(
    (error: unknown) => {
      throw new Error(`${String(error)}\n${child.stderr.slice(-2000)}`);
    },
  );
  await sleep(IDLE_MS, scope.signal);
  const memory = memoryOf(child.pid);
  await child.stop();
  return memory;
}

export const idleRssBench: Bench = {
  name: 'idle-rss',
  description: `VmRSS of \`herald listen\` (built CLI) idle with ${ITEMS / 1000}k stored notifications`,
  timeoutMs: 120_000,
  async run(scope, log) {
    const bundle = await buildCli({ quiet: true });
    const hub = await scope.hub();
    const seed = mkdtempSync(join(tmpdir(), 'herald-bench-listen-'));
    scope.defer(() => rmSync(seed, { recursive: true, force: true }));
    await fillInbox(scope, seed, ITEMS, BYTES, false);
    const dataFor = (name: string): string => {
      const dir = mkdtempSync(join(tmpdir(), `herald-bench-${name}-`));
      scope.defer(() => rmSync(dir, { recursive: true, force: true }));
      cpSync(seed, dir, { recursive: true });
      return dir;
    };
    const listenArgs = (dir: string): string[] => [
      'listen',
      '--hub',
      hub.url,
      '--user',
      'alice',
      '--password',
      'alice-pw',
      '--data',
      dir,
    ];

    log('built CLI (out/cli/herald.mjs)');
    const built = await idleMemory(
      scope,
      scope.spawn('herald-listen', bundle, listenArgs(dataFor('built')), {
        tsx: false,
        ipc: false,
      }),
    );
    log(`built CLI: ${built.rssMb} MB (peak ${built.hwmMb} MB)`);
    const viaTsx = await idleMemory(
      scope,
      scope.spawn(
        'herald-listen-tsx',
        join(root, 'src-main', 'cli', 'main.ts'),
        listenArgs(dataFor('tsx')),
        {
          tsx: true,
          ipc: false,
        },
      ),
    );
    log(`through tsx: ${viaTsx.rssMb} MB (peak ${viaTsx.hwmMb} MB)`);
    const bare = await idleMemory(
      scope,
      scope.spawn('bare-idle', join(childrenDir, 'bare-idle.mjs'), [hub.url, 'alice'], {
        tsx: false,
        ipc: false,
      }),
    );
    log(`bare SignalR client: ${bare.rssMb} MB`);
    const ratio = round(built.rssMb / bare.rssMb);
    return {
      json: {
        idle_rss_mb: built.rssMb,
        idle_rss_mb_tsx: viaTsx.rssMb,
        baseline_idle_rss_mb: bare.rssMb,
        idle_rss_detail: {
          items: ITEMS,
          bytes_per_item: BYTES,
          idle_ms: IDLE_MS,
          peak_rss_mb: built.hwmMb,
          peak_rss_mb_tsx: viaTsx.hwmMb,
          baseline_peak_rss_mb: bare.hwmMb,
        },
      },
      rows: [
        {
          metric: 'idle RSS, herald listen (built), 10k stored',
          value: `${fmt(built.rssMb, 'MB')} (peak ${fmt(built.hwmMb, 'MB')})`,
          target: '≤ 80 MB',
          pass: built.rssMb <= 80,
          ratio,
        },
        {
          metric: '  same through tsx',
          value: `${fmt(viaTsx.rssMb, 'MB')} (peak ${fmt(viaTsx.hwmMb, 'MB')})`,
          target: '(comparison)',
        },
        {
          metric: '  bare SignalR client, plain Node',
          value: fmt(bare.rssMb, 'MB'),
          target: '(baseline floor)',
        },
      ],
    };
  },
};
