// The hub is SIGKILLed and restarted while notifications stream; the client ends with each one
// addressed to it exactly once, its groups rejoined after every restart, nothing meant for others.
import { afterEach, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { CoreClient } from '../harness/core-client';

let hub: HubProcess | undefined;
let client: CoreClient | undefined;
afterEach(async () => {
  await client?.stop();
  await hub?.stop();
  client = hub = undefined;
});

describe('a hub that keeps crashing', () => {
  it('loses nothing addressed to the user, duplicates nothing, and rejoins groups every time', async () => {
    hub = await HubProcess.start();
    const h = hub;
    client = await CoreClient.start({ hubUrl: h.url, user: 'alice', groups: ['eng', 'oncall'] });
    const c = client;
    await c.waitForSyncs(1);

    /** Ids the hub confirmed (202) for notifications addressed to alice. */
    const mine = new Set<string>();
    const others = new Set<string>();
    /** Every title sent, and whether it was addressed to alice, confirmed or not. */
    const addressedToAlice = new Map<string, boolean>();
    const targets = [
      { target: { kind: 'user', userId: 'alice' }, mine: true },
      { target: { kind: 'group', group: 'eng' }, mine: true },
      { target: { kind: 'all' }, mine: true },
      { target: { kind: 'user', userId: 'bob' }, mine: false },
      { target: { kind: 'group', group: 'support' }, mine: false },
      { target: { kind: 'group', group: 'leaders' }, mine: false },
    ];
    let sequence = 0;
    let streaming = true;
    const stream = (async () => {
      while (streaming) {
        const pick = targets[sequence % targets.length];
        if (!pick) throw new Error('no target');
        sequence += 1;
        const title = `n${sequence}`;
        addressedToAlice.set(title, pick.mine);
        try {
          const response = await h.post({ target: pick.target, notification: { title } });
          if (response.status === 202) {
            const { id } = response.body as { id: string };
            (pick.mine ? mine : others).add(id);
          }
        } catch {
          // The hub died during the request: it may or may not have recorded this one.
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();

    for (let restart = 1; restart <= 4; restart++) {
      await new Promise((r) => setTimeout(r, 400));
      await h.kill();
      await new Promise((r) => setTimeout(r, 200));
      await h.restart();
      await c.waitForSyncs(restart + 1);
      expect(c.syncs.at(-1)?.joined).toEqual(['eng', 'news', 'oncall']);
      // A group-only message after the restart arrives live: the group really was rejoined.
      const probe = await h.post({
        target: { kind: 'group', group: 'oncall' },
        notification: { title: `probe ${restart}` },
      });
      const probeId = (probe.body as { id: string }).id;
      await c.waitFor(
        () => c.received.some((r) => r.notification.id === probeId),
        `probe ${restart}`,
      );
      expect(c.received.find((r) => r.notification.id === probeId)?.source).toBe('live');
      mine.add(probeId);
    }
    streaming = false;
    await stream;

    await c.waitFor(
      () => [...mine].every((id) => c.ids().includes(id)),
      'every accepted notification',
    );
    const ids = c.ids();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => others.has(id))).toEqual([]);
    // A send cut off by the kill may still have been recorded; it must then be one for alice.
    const titles = c.received.map((r) => r.notification.title);
    expect(
      titles.filter((t) => !t.startsWith('probe') && addressedToAlice.get(t) !== true),
    ).toEqual([]);
    expect(c.inbox.list({ limit: 500 }).total).toBe(ids.length);
  });
});
