// The reference hub with extra command-line options the test harness does not expose (e.g.
// `--reconnect-buffer 100000`, ASP.NET Core's own default, for the diagnostics). Same binary,
// same default users and groups, loopback only, temporary data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHubBuilt } from '../../../scripts/hub-build.mjs';
import { defaultConfig } from '../../harness/hub';
import { freePort } from '../../harness/ports';
import { waitHealthy } from './http';
import type { Scope } from './scope';

export async function startHubWithArgs(
  scope: Scope,
  extraArgs: string[],
): Promise<{ url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-hub-'));
  scope.defer(() => rmSync(dataDir, { recursive: true, force: true }));
  const configPath = join(dataDir, 'config.json');
  writeFileSync(configPath, JSON.stringify(defaultConfig));
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(
    'dotnet',
    [
      ensureHubBuilt({ quiet: true }),
      '--urls',
      url,
      '--data',
      join(dataDir, 'data'),
      '--config',
      configPath,
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => void (log = (log + chunk.toString()).slice(-5000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  scope.defer(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  });
  try {
    await waitHealthy(url, scope.signal, 30_000, 50);
  } catch (error) {
    throw new Error(`the hub did not start: ${String(error)}\n${log}`, { cause: error });
  }
  return { url };
}
