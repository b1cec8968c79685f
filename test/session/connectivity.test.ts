// Offline at boot, a blackholed link, nudges, token expiry and refusal.
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../src-main/core/session/backoff';
import { SessionState } from '../../src-main/core/session/hub-supervisor';
import type { HubProcess } from '../harness/hub';
import { TestScope } from '../harness/scope';
import { freePort } from '../harness/ports';
import { TcpProxy } from '../harness/tcp-proxy';

const scope = new TestScope();
afterEach(() => scope.release());

async function sendTo(hub: HubProcess, user: string, title: string): Promise<string> {
  const response = await hub.post({
    target: { kind: 'user', userId: user },
    notification: { title },
  });
  expect(response.status).toBe(202);
  return (response.body as { id: string }).id;
}

describe('the supervisor', () => {
  it('keeps retrying when the hub is down at boot, and connects once it appears', async () => {
    const port = await freePort();
    const client = await scope.client({ hubUrl: `http://127.0.0.1:${port}`, user: 'alice' });
    await client.waitFor(
      () => client.states.filter((s) => s.state === SessionState.WaitingToRetry).length >= 3,
      'three failed attempts',
    );
    expect(client.state).not.toBe(SessionState.Connected);
    const hub = await scope.hub({ port });
    await client.waitForSyncs(1);
    expect(client.state).toBe(SessionState.Connected);
    const id = await sendTo(hub, 'alice', 'hello after boot');
    await client.waitFor(() => client.ids().includes(id), 'the first notification');
  });

  it('skips the backoff wait when nudged', async () => {
    const port = await freePort();
    // Every wait is the full minute-long window, so only a nudge can connect within the test.
    const backoff = new Backoff({
      baseInMilliseconds: 60_000,
      capInMilliseconds: 60_000,
      random: () => 1,
    });
    const client = await scope.client({
      hubUrl: `http://127.0.0.1:${port}`,
      user: 'alice',
      backoff,
    });
    await client.waitFor(() => client.state === SessionState.WaitingToRetry, 'the first long wait');
    await scope.hub({ port });
    client.supervisor.nudge('test');
    await client.waitForSyncs(1);
    expect(client.state).toBe(SessionState.Connected);
  });

  it('detects a blackholed link by the server timeout and recovers', async () => {
    const hub = await scope.hub({ keepAliveSeconds: 1 });
    const proxy = await TcpProxy.start(Number(new URL(hub.url).port));
    scope.defer(() => proxy.stop());
    const client = await scope.client({
      hubUrl: proxy.url,
      user: 'alice',
      keepAliveInMilliseconds: 500,
      serverTimeoutInMilliseconds: 3_000,
    });
    await client.waitForSyncs(1);
    proxy.blackhole();
    await client.waitFor(
      () => client.state !== SessionState.Connected,
      'the dead link to be noticed',
      15_000,
    );
    const whileDead = await sendTo(hub, 'alice', 'sent while the link was dead');
    proxy.restore();
    await client.waitForSyncs(2, 30_000);
    await client.waitFor(
      () => client.ids().includes(whileDead),
      'catch-up of what was sent meanwhile',
    );
    const after = await sendTo(hub, 'alice', 'after recovery');
    await client.waitFor(() => client.ids().includes(after), 'live delivery after recovery');
  });
});

describe('tokens', () => {
  it('refreshes an expired token and reconnects', async () => {
    const hub = await scope.hub({ tokenLifetimeSeconds: 3 });
    const client = await scope.client({ hubUrl: hub.url, user: 'alice', passwordFallback: false });
    await client.waitForSyncs(1);
    // The hub closes connections whose token expired; the client comes back with a fresh one.
    await client.waitFor(
      () => client.refreshes.length >= 1 && client.syncs.length >= 2,
      'a refresh and a reconnect',
      30_000,
    );
    expect(client.state).toBe(SessionState.Connected);
    const id = await sendTo(hub, 'alice', 'after refresh');
    await client.waitFor(() => client.ids().includes(id), 'delivery after refresh');
  });

  it('signs out when the refresh is refused, and stops trying', async () => {
    const hub = await scope.hub({ tokenLifetimeSeconds: 2, refreshLifetimeSeconds: 1 });
    const client = await scope.client({ hubUrl: hub.url, user: 'alice', passwordFallback: false });
    await client.waitForSyncs(1);
    await client.waitFor(() => client.state === SessionState.SignedOut, 'signed-out', 30_000);
    expect(client.states.at(-1)?.reason).toMatch(/refresh|sign in|expired/i);
    const statesAtSignOut = client.states.length;
    const stats = async (): Promise<number> => {
      const response = await fetch(`${hub.url}/stats`);
      const body = (await response.json()) as { connectsBySecond: Record<string, number> };
      return Object.values(body.connectsBySecond).reduce((a, b) => a + b, 0);
    };
    const connectsAtSignOut = await stats();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(client.states.length).toBe(statesAtSignOut);
    expect(await stats()).toBe(connectsAtSignOut);
  });
});
