// `npm run hub -- --urls http://127.0.0.1:5180 --data DIR --config FILE`
// Builds the reference hub if needed, then runs it with the given arguments.
import { spawn } from 'node:child_process';
import { ensureHubBuilt } from './hub-build.mjs';

let dll;
try {
  dll = ensureHubBuilt();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const child = spawn('dotnet', [dll, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
