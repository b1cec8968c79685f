// `herald send` and `herald diagnose` against the real hub.
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { freePort } from '../harness/ports';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'src-main', 'cli', 'main.ts');

function herald(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(input ?? '');
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

let hub: HubProcess;
beforeAll(async () => {
  hub = await HubProcess.start();
});
afterAll(async () => {
  await hub?.stop();
});

describe('herald send', () => {
  it('sends to a group and prints the id and cursor', async () => {
    const result = await herald(
      [
        'send',
        '--hub',
        hub.url,
        '--user',
        'dispatch',
        '--to',
        'group:eng',
        '--title',
        'Deploy at 5',
        '--severity',
        'warning',
      ],
      'dispatch-pw\n',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: expect.any(String),
      cursor: expect.any(Number),
    });
  });

  it('says why the hub refused', async () => {
    const result = await herald([
      'send',
      '--hub',
      hub.url,
      '--user',
      'dispatch',
      '--password',
      'dispatch-pw',
      '--to',
      'group:nope',
      '--title',
      'x',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused the notification \(400\).*nope/);
  });
});

describe('herald diagnose', () => {
  it('reports every check passing against a healthy hub', async () => {
    const result = await herald([
      'diagnose',
      '--hub',
      hub.url,
      '--user',
      'alice',
      '--password',
      'alice-pw',
    ]);
    expect(result.code).toBe(0);
    for (const check of [
      'reachable',
      'hub endpoint',
      'token',
      'negotiate',
      'WebSockets',
      'ServerSentEvents',
      'LongPolling',
      'groups',
      'history',
    ]) {
      expect(result.stdout).toMatch(new RegExp(`\\[ok  \\] ${check}`));
    }
    expect(result.stdout).toMatch(/Result: all checks passed/);
  });

  it('reports a wrong password and an unreachable hub as failures', async () => {
    const wrong = await herald([
      'diagnose',
      '--hub',
      hub.url,
      '--user',
      'alice',
      '--password',
      'nope',
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/\[FAIL\] token/);
    const port = await freePort();
    const down = await herald(['diagnose', '--hub', `http://127.0.0.1:${port}`]);
    expect(down.code).toBe(1);
    expect(down.stdout).toMatch(/\[FAIL\] reachable/);
  });
});
