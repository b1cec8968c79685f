// `npm run bench [-- name …]`: builds the CLI (scripts/build-cli.mjs), then runs the benchmarks
// (test/bench/run.ts, through tsx) against the real reference hub on loopback. Prints a table and
// writes bench-results.json in the working directory. `npm run bench -- --list` names them.
//
// The benchmarks run in a process group of their own; whatever is left of it when they end (or
// when this is interrupted) is killed, so no hub, client or browser outlives the run.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

if (!args.includes('--list') && !args.includes('--help')) {
  try {
    await buildCli();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

const child = spawn(
  process.execPath,
  ['--import', import.meta.resolve('tsx'), join(root, 'test', 'bench', 'run.ts'), ...args],
  { stdio: 'inherit', detached: true },
);

/** Kills whatever the benchmark run left behind (its whole process group). */
function sweep() {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

let forwarded = 0;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    forwarded += 1;
    // The first signal lets the run clean up; a second one (or 20 s) ends it at once.
    if (forwarded > 1) sweep();
    else {
      child.kill(signal);
      setTimeout(sweep, 20_000).unref();
    }
  });
}

child.on('exit', (code, signal) => {
  sweep();
  process.exit(code ?? (signal ? 130 : 1));
});
