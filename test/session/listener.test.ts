// The CLI listener is killed, notifications arrive meanwhile, a new listener on the same data
// directory catches up exactly those and never re-emits what it already had.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { Listener } from '../harness/listener';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('herald listen', () => {
  it('resumes from its last cursor after being killed', async () => {
    const hub = await HubProcess.start();
    cleanups.push(() => hub.stop());
    const data = mkdtempSync(join(tmpdir(), 'herald-listen-test-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const args = ['--hub', hub.url, '--user', 'bob', '--subscribe', 'support', '--data', data];

    const first = Listener.start(args, { HERALD_PASSWORD: 'bob-pw' });
    cleanups.push(async () => void (await first.kill()));
    await first.waitFor((events) => events.some((e) => e.type === 'synced'), 'the first sync');
    const before: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await hub.post({
        target: { kind: 'group', group: 'support' },
        notification: { title: `before ${i}` },
      });
      before.push((response.body as { id: string }).id);
    }
    await first.waitFor(
      (events) => before.every((id) => events.some((e) => e.id === id)),
      'the live notifications',
    );
    expect(first.notifications().map((n) => n.source)).toEqual(Array(5).fill('live'));
    expect(first.states()).toEqual(expect.arrayContaining(['connecting', 'connected']));
    await first.kill('SIGKILL');

    const during: string[] = [];
    const targets = [
      { kind: 'group', group: 'support' },
      { kind: 'user', userId: 'bob' },
      { kind: 'all' },
    ];
    for (let i = 0; i < 9; i++) {
      const response = await hub.post({
        target: targets[i % 3],
        notification: { title: `while away ${i}` },
      });
      during.push((response.body as { id: string }).id);
    }
    await hub.post({
      target: { kind: 'user', userId: 'alice' },
      notification: { title: 'not for bob' },
    });

    const second = Listener.start(args, { HERALD_PASSWORD: 'bob-pw' });
    cleanups.push(async () => void (await second.kill()));
    await second.waitFor((events) => events.some((e) => e.type === 'synced'), 'the second sync');
    const caughtUp = second.notifications();
    expect(caughtUp.map((n) => n.id)).toEqual(during);
    expect(caughtUp.every((n) => n.source === 'catch-up')).toBe(true);
    expect(caughtUp[0]).toMatchObject({
      type: 'notification',
      title: 'while away 0',
      severity: 'info',
      target: { kind: 'group', group: 'support' },
    });
    expect(await second.kill('SIGTERM')).toBe(0);
  });

  it('prints usage and exits 2 for bad arguments', async () => {
    const listener = Listener.start(['--hub', 'ftp://nope', '--user', 'x'], {
      HERALD_PASSWORD: 'x',
    });
    expect(await listener.exited).toBe(2);
    expect(listener.stderr.join('')).toMatch(/--hub must be an http or https URL/);
  });
});
