// Malformed targets and notifications get refusals a person can act on; the hub keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { connectClient, type TestClient } from '../harness/clients';

let hub: HubProcess;
let dispatch: TestClient;

beforeAll(async () => {
  hub = await HubProcess.start();
  dispatch = await connectClient(hub, 'dispatch');
});

afterAll(async () => {
  await dispatch?.stop();
  await hub?.stop();
});

const all = { kind: 'all' };
const badTargets: Array<[string, unknown, RegExp]> = [
  ['an unknown kind', { kind: 'grp' }, /kind/],
  ['a missing kind', {}, /kind/],
  ['a group target without a group', { kind: 'group' }, /group/],
  ['an unknown group', { kind: 'group', group: 'nope' }, /nope/],
  ['an unknown user', { kind: 'user', userId: 'zoe' }, /zoe/],
  ['an empty id list', { kind: 'clients', connectionIds: [] }, /connectionIds/],
  ['a string instead of an object', 'all', /target/],
];
const badNotifications: Array<[string, unknown, RegExp]> = [
  ['no title', {}, /title/],
  ['an empty title', { title: '   ' }, /title/],
  ['an oversized title', { title: 'x'.repeat(201) }, /title/],
  ['an oversized body', { title: 't', body: 'x'.repeat(4001) }, /body/],
  ['a javascript: url', { title: 't', url: 'javascript:alert(1)' }, /url/],
  ['an unknown severity', { title: 't', severity: 'panic' }, /severity/],
  ['four actions', { title: 't', actions: [1, 2, 3, 4].map((i) => ({ id: `a${i}`, label: 'x' })) }, /actions/],
  ['too many tags', { title: 't', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }, /tags/],
  ['an unknown property', { title: 't', colour: 'red' }, /colour/],
  ['an expiry in the past', { title: 't', expiresAt: '2001-01-01T00:00:00Z' }, /expiresAt/],
];

describe('the Send hub method', () => {
  for (const [what, target, message] of badTargets) {
    it(`refuses ${what}`, async () => {
      await expect(dispatch.connection.invoke('Send', target, { title: 't' })).rejects.toThrow(message);
    });
  }
  for (const [what, notification, message] of badNotifications) {
    it(`refuses a notification with ${what}`, async () => {
      await expect(dispatch.connection.invoke('Send', all, notification)).rejects.toThrow(message);
    });
  }

  it('keeps serving after all of that', async () => {
    const result = await dispatch.connection.invoke<{ cursor: number }>('Send', all, { title: 'still here' });
    expect(result.cursor).toBeGreaterThan(0);
  });
});

describe('the send API', () => {
  for (const [what, target, message] of badTargets) {
    it(`refuses ${what} with 400 invalid_target`, async () => {
      const response = await hub.post({ target, notification: { title: 't' } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_target', message: expect.stringMatching(message) });
    });
  }
  for (const [what, notification, message] of badNotifications) {
    it(`refuses a notification with ${what} with 400 invalid_notification`, async () => {
      const response = await hub.post({ target: all, notification });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_notification', message: expect.stringMatching(message) });
    });
  }

  it('refuses a body that is not JSON', async () => {
    const { access_token } = await hub.token('dispatch');
    const response = await fetch(`${hub.url}/api/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: '{"target": ',
    });
    expect(response.status).toBe(400);
    expect(await hub.healthy()).toBe(true);
  });

  it('refuses bad GetMissed arguments and keeps the connection', async () => {
    await expect(dispatch.connection.invoke('GetMissed', -1, [])).rejects.toThrow(/sinceCursor/);
    const ok = await dispatch.connection.invoke<{ latestCursor: number }>('GetMissed', 0, []);
    expect(ok.latestCursor).toBeGreaterThan(0);
  });
});
