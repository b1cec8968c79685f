// A bad configuration stops the hub at start-up with an error naming the field.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureHubBuilt } from '../../scripts/hub-build.mjs';

const dir = mkdtempSync(join(tmpdir(), 'herald-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startWith(config: string): { status: number | null; stderr: string } {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, config);
  const result = spawnSync(
    'dotnet',
    [ensureHubBuilt({ quiet: true }), '--urls', 'http://127.0.0.1:0', '--data', join(dir, 'data'), '--config', path],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return { status: result.status, stderr: result.stderr };
}

const user = { id: 'alice', password: 'pw', displayName: 'Alice' };

describe('hub configuration', () => {
  it.each([
    ['a user without an id', { users: [{ password: 'pw', displayName: 'A' }], groups: [] }, /users\[0\]\.id/],
    ['a duplicate user id', { users: [user, user], groups: [] }, /users\[1\]\.id/],
    [
      'a member who is not a user',
      { users: [user], groups: [{ name: 'g', displayName: 'G', members: ['zoe'] }] },
      /groups\[0\]\.members\[0\].*zoe/,
    ],
    ['a group name with spaces', { users: [user], groups: [{ name: 'a b', displayName: 'G' }] }, /groups\[0\]\.name/],
    ['users that are not a list', { users: {}, groups: [] }, /users/],
  ])('refuses %s', (_what, config, message) => {
    const result = startWith(JSON.stringify(config));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a file that is not JSON', () => {
    const result = startWith('{ users: ');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/config/i);
  });
});
