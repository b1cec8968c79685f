// Builds the reference hub (hub/) when its sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const hubDir = join(root, 'hub');
export const hubDll = join(hubDir, 'bin', 'out', 'Herald.Hub.dll');

/**
 * Newest modification time (ms) of the hub's sources.
 * @param {string} dir
 * @returns {number}
 */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'bin' || entry.name === 'obj') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(cs|csproj)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Ensures hub/bin/out/Herald.Hub.dll is up to date and returns its path.
 * @param {{ quiet?: boolean }} [options]
 * @returns {string}
 */
export function ensureHubBuilt(options = {}) {
  if (existsSync(hubDll) && statSync(hubDll).mtimeMs >= newestSource(hubDir)) return hubDll;
  const probe = spawnSync('dotnet', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'The reference hub needs the .NET SDK 10 (`dotnet` on PATH). Install it from https://dot.net and try again.',
    );
  }
  const result = spawnSync(
    'dotnet',
    [
      'build',
      join(hubDir, 'Herald.Hub.csproj'),
      '-c',
      'Release',
      '-o',
      join(hubDir, 'bin', 'out'),
      '-nologo',
      '-v',
      'q',
    ],
    {
      encoding: 'utf8',
      stdio: options.quiet ? 'pipe' : ['ignore', process.stderr, process.stderr],
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    },
  );
  if (result.status !== 0) {
    throw new Error(
      `Building the reference hub failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`,
    );
  }
  return hubDll;
}
