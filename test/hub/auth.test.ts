// Who may connect, join and receive what.
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { connectClient, settle, waitFor, type TestClient } from '../harness/clients';

let hub: HubProcess;
let alice: TestClient;
let carol: TestClient;
let dispatch: TestClient;

beforeAll(async () => {
  hub = await HubProcess.start();
  alice = await connectClient(hub, 'alice');
  carol = await connectClient(hub, 'carol');
  dispatch = await connectClient(hub, 'dispatch');
});

afterAll(async () => {
  await Promise.all([alice?.stop(), carol?.stop(), dispatch?.stop()]);
  await hub?.stop();
});

describe('tokens', () => {
  it('answers the OAuth shape for a good password', async () => {
    const token = await hub.token('alice');
    expect(token).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      display_name: 'Alice Martin',
    });
    expect(token.expires_in).toBeGreaterThan(0);
  });

  it('answers invalid_grant for a wrong password', async () => {
    const response = await fetch(`${hub.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'password', username: 'alice', password: 'nope' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers unsupported_grant_type for an unknown grant', async () => {
    const response = await fetch(`${hub.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('exchanges a refresh token for a new pair, and refuses an access token in its place', async () => {
    const first = await hub.token('bob');
    const refreshed = await fetch(`${hub.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    const misuse = await fetch(`${hub.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.access_token }),
    });
    expect(misuse.status).toBe(400);
    expect(await misuse.json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('the hub endpoint', () => {
  it('answers 401 to negotiate without a token', async () => {
    const response = await fetch(`${hub.url}/hubs/notifications/negotiate?negotiateVersion=1`, { method: 'POST' });
    expect(response.status).toBe(401);
  });

  it('answers 401 to a forged token', async () => {
    const token = await hub.token('alice');
    const forged = token.access_token.slice(0, -4) + (token.access_token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const response = await fetch(`${hub.url}/hubs/notifications/negotiate?negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status).toBe(401);
  });

  it('refuses to start a connection without a token', async () => {
    const connection = new HubConnectionBuilder()
      .withUrl(`${hub.url}/hubs/notifications`)
      .configureLogging(LogLevel.None)
      .build();
    await expect(connection.start()).rejects.toThrow(/401|Unauthorized/);
  });

  it('answers 401 to the send API without a token and 403 without the sender role', async () => {
    const anonymous = await fetch(`${hub.url}/api/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ target: { kind: 'all' }, notification: { title: 'x' } }),
    });
    expect(anonymous.status).toBe(401);
    const response = await hub.post({ target: { kind: 'all' }, notification: { title: 'x' } }, 'alice');
    expect(response.status).toBe(403);
  });
});

describe('groups', () => {
  it('lists only the groups a user may join, with mandatory ones marked', async () => {
    const groups = await alice.connection.invoke<Array<{ name: string; mandatory: boolean }>>('ListGroups');
    expect(groups.map((g) => g.name).sort()).toEqual(['eng', 'news', 'oncall']);
    expect(groups.find((g) => g.name === 'news')?.mandatory).toBe(true);
  });

  it('refuses a group whose members exclude the user, and never delivers its messages', async () => {
    await expect(alice.connection.invoke('Subscribe', 'leaders')).rejects.toThrow(/not a member of "leaders"/);
    await carol.connection.invoke('Subscribe', 'leaders');
    await dispatch.connection.invoke('Send', { kind: 'group', group: 'leaders' }, { title: 'leaders only' });
    await waitFor(() => carol.notifications().some((n) => n.title === 'leaders only'), 'carol to get it');
    await settle();
    expect(alice.notifications().some((n) => n.title === 'leaders only')).toBe(false);
    const missed = await alice.connection.invoke<{ notifications: Array<{ title: string }> }>('GetMissed', 0, [
      'leaders',
    ]);
    expect(missed.notifications.some((n) => n.title === 'leaders only')).toBe(false);
  });

  it('refuses an unknown group and leaving a mandatory one', async () => {
    await expect(alice.connection.invoke('Subscribe', 'nope')).rejects.toThrow(/Unknown group "nope"/);
    await alice.connection.invoke('Subscribe', 'news');
    await expect(alice.connection.invoke('Unsubscribe', 'news')).rejects.toThrow(/mandatory/);
  });

  it('stops delivering a group after Unsubscribe', async () => {
    await alice.connection.invoke('Subscribe', 'oncall');
    await alice.connection.invoke('Unsubscribe', 'oncall');
    await carol.connection.invoke('Subscribe', 'oncall');
    await dispatch.connection.invoke('Send', { kind: 'group', group: 'oncall' }, { title: 'pager' });
    await waitFor(() => carol.notifications().some((n) => n.title === 'pager'), 'carol to get the page');
    await settle();
    expect(alice.notifications().some((n) => n.title === 'pager')).toBe(false);
  });

  it('delivers user-targeted messages to that user only', async () => {
    await dispatch.connection.invoke('Send', { kind: 'user', userId: 'carol' }, { title: 'for carol' });
    await waitFor(() => carol.notifications().some((n) => n.title === 'for carol'), 'carol to get hers');
    await settle();
    expect(alice.notifications().some((n) => n.title === 'for carol')).toBe(false);
    const missed = await alice.connection.invoke<{ notifications: Array<{ title: string }> }>('GetMissed', 0, []);
    expect(missed.notifications.some((n) => n.title === 'for carol')).toBe(false);
  });

  it('refuses Send to a user without the sender role', async () => {
    await expect(alice.connection.invoke('Send', { kind: 'all' }, { title: 'hi' })).rejects.toThrow(/Only senders/);
  });
});

describe('read and acknowledged state', () => {
  it('echoes Acknowledge and MarkRead to every connection of that user only', async () => {
    const alice2 = await connectClient(hub, 'alice');
    try {
      const { id } = await dispatch.connection.invoke<{ id: string }>('Send', { kind: 'user', userId: 'alice' }, {
        title: 'ack me',
        requireAck: true,
      });
      await alice.connection.invoke('Acknowledge', id);
      await alice.connection.invoke('MarkRead', [id]);
      for (const client of [alice, alice2]) {
        await waitFor(() => client.received.some((r) => r.method === 'Acknowledged' && r.args[0] === id), 'ack echo');
        await waitFor(
          () => client.received.some((r) => r.method === 'ReadStateChanged' && JSON.stringify(r.args) === JSON.stringify([[id], true])),
          'read echo',
        );
      }
      await settle();
      expect(carol.received.some((r) => r.method === 'Acknowledged')).toBe(false);
      const missed = await alice2.connection.invoke<{ notifications: Array<{ id: string; read: boolean; acknowledged: boolean }> }>(
        'GetMissed',
        0,
        [],
      );
      expect(missed.notifications.find((n) => n.id === id)).toMatchObject({ read: true, acknowledged: true });
      await expect(alice.connection.invoke('Acknowledge', 'no-such-id')).rejects.toThrow();
    } finally {
      await alice2.stop();
    }
  });
});
