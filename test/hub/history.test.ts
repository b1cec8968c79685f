// The history survives a crash, cursors keep increasing, and GetMissed pages and reports gaps.
import { afterEach, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { connectClient } from '../harness/clients';

interface Missed {
  notifications: Array<{ id: string; cursor: number; title: string; target: { kind: string } }>;
  hasMore: boolean;
  latestCursor: number;
  truncated: boolean;
}

let hub: HubProcess | undefined;
afterEach(async () => {
  await hub?.stop();
  hub = undefined;
});

async function missedFor(h: HubProcess, user: string, since: number, groups: string[]): Promise<Missed> {
  const client = await connectClient(h, user);
  try {
    return await client.connection.invoke<Missed>('GetMissed', since, groups);
  } finally {
    await client.stop();
  }
}

describe('history', () => {
  it('returns after a SIGKILL and restart everything accepted before it, with cursors still increasing', async () => {
    hub = await HubProcess.start();
    const accepted: Array<{ id: string; cursor: number }> = [];
    const targets = [{ kind: 'user', userId: 'alice' }, { kind: 'group', group: 'eng' }, { kind: 'all' }];
    for (let i = 0; i < 30; i++) {
      const response = await hub.post({ target: targets[i % 3], notification: { title: `before crash ${i}` } });
      expect(response.status).toBe(202);
      accepted.push(response.body as { id: string; cursor: number });
    }
    await hub.kill();
    await hub.restart();

    const missed = await missedFor(hub, 'alice', 0, ['eng']);
    expect(missed.notifications.map((n) => n.id)).toEqual(accepted.map((a) => a.id));
    expect(missed.truncated).toBe(false);
    const cursors = missed.notifications.map((n) => n.cursor);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);

    const after = await hub.post({ target: { kind: 'all' }, notification: { title: 'after restart' } });
    expect(after.status).toBe(202);
    expect((after.body as { cursor: number }).cursor).toBeGreaterThan(Math.max(...cursors));
  });

  it('returns only what is addressed to the caller, their requested groups or everyone', async () => {
    hub = await HubProcess.start();
    await hub.post({ target: { kind: 'user', userId: 'bob' }, notification: { title: 'for bob' } });
    await hub.post({ target: { kind: 'group', group: 'support' }, notification: { title: 'support' } });
    await hub.post({ target: { kind: 'group', group: 'eng' }, notification: { title: 'eng' } });
    await hub.post({ target: { kind: 'users', userIds: ['alice', 'carol'] }, notification: { title: 'alice+carol' } });
    await hub.post({ target: { kind: 'all' }, notification: { title: 'everyone' } });
    await hub.post({ target: { kind: 'clients', connectionIds: ['gone'] }, notification: { title: 'live only' } });

    const alice = await missedFor(hub, 'alice', 0, ['eng', 'support']);
    expect(alice.notifications.map((n) => n.title)).toEqual(['eng', 'alice+carol', 'everyone']);
    const bob = await missedFor(hub, 'bob', 0, ['support']);
    expect(bob.notifications.map((n) => n.title)).toEqual(['for bob', 'support', 'everyone']);
    expect(bob.latestCursor).toBe(6);
  });

  it('pages through a long history oldest first', async () => {
    hub = await HubProcess.start({ missedPage: 7 });
    for (let i = 0; i < 20; i++) await hub.post({ target: { kind: 'all' }, notification: { title: `n${i}` } });
    const titles: string[] = [];
    let since = 0;
    for (let page = 0; page < 10; page++) {
      const missed = await missedFor(hub, 'carol', since, []);
      titles.push(...missed.notifications.map((n) => n.title));
      if (!missed.hasMore) break;
      since = missed.notifications.at(-1)?.cursor ?? since;
    }
    expect(titles).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`));
  });

  it('says when the history no longer reaches back to the cursor', async () => {
    hub = await HubProcess.start({ historyLimit: 5 });
    for (let i = 0; i < 12; i++) await hub.post({ target: { kind: 'all' }, notification: { title: `n${i}` } });
    const old = await missedFor(hub, 'carol', 2, []);
    expect(old.truncated).toBe(true);
    expect(old.notifications.map((n) => n.title)).toEqual(['n7', 'n8', 'n9', 'n10', 'n11']);
    const recent = await missedFor(hub, 'carol', 8, []);
    expect(recent.truncated).toBe(false);
    await hub.kill();
    await hub.restart();
    const afterRestart = await missedFor(hub, 'carol', 2, []);
    expect(afterRestart.truncated).toBe(true);
  });
});
