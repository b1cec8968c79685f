// POST /api/notifications/batch: many notifications in one request, all or none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { connectClient, waitFor, type TestClient } from '../harness/clients';

let hub: HubProcess;
let bob: TestClient;
let token: string;

beforeAll(async () => {
  hub = await HubProcess.start();
  bob = await connectClient(hub, 'bob');
  token = (await hub.token('dispatch')).access_token;
});

afterAll(async () => {
  await bob?.stop();
  await hub?.stop();
});

async function postBatch(body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${hub.url}/api/notifications/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('the batch send API', () => {
  it('records every item with cursors in item order and delivers them in that order', async () => {
    const items = Array.from({ length: 120 }, (_, i) => ({
      target: { kind: 'user', userId: 'bob' },
      notification: { title: `batch ${i}` },
    }));
    const response = await postBatch({ items });
    expect(response.status).toBe(202);
    const results = (response.body as { results: Array<{ id: string; cursor: number }> }).results;
    expect(results).toHaveLength(120);
    const cursors = results.map((r) => r.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    await waitFor(() => bob.notifications().length >= 120, 'the batch to arrive');
    expect(bob.notifications().map((n) => n.title)).toEqual(items.map((i) => i.notification.title));
  });

  it('refuses the whole batch when one item is bad, naming it, and sends nothing', async () => {
    const before = bob.notifications().length;
    const response = await postBatch({
      items: [
        { target: { kind: 'user', userId: 'bob' }, notification: { title: 'fine' } },
        { target: { kind: 'user', userId: 'bob' }, notification: { title: 'x', url: 'javascript:alert(1)' } },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_notification', message: expect.stringMatching(/items\[1\].*url/) });
    const missed = await bob.connection.invoke<{ notifications: Array<{ title: string }> }>('GetMissed', 0, []);
    expect(missed.notifications.some((n) => n.title === 'fine')).toBe(false);
    expect(bob.notifications().length).toBe(before);
  });

  it('refuses an empty or oversized batch', async () => {
    expect((await postBatch({ items: [] })).status).toBe(400);
    const tooMany = Array.from({ length: 501 }, () => ({ target: { kind: 'all' }, notification: { title: 't' } }));
    const response = await postBatch({ items: tooMany });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ message: expect.stringMatching(/items/) });
  });
});
