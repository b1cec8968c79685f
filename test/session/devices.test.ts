// Several devices of one user, acknowledgements queued while offline, and possible gaps.
import { afterEach, describe, expect, it } from 'vitest';
import { SessionState } from '../../src-main/core/session/hub-supervisor';
import type { ToastRequest } from '../../src-main/core/toast/notifier';
import { systemToastClock, ToastPolicy } from '../../src-main/core/toast/toast-policy';
import { defaultSettings } from '../../src-main/core/settings/settings';
import type { HubProcess } from '../harness/hub';
import { TestScope } from '../harness/scope';
import { CoreClient } from '../harness/core-client';

const scope = new TestScope();
afterEach(() => scope.release());

async function sendTo(
  hub: HubProcess,
  target: object,
  title: string,
  extra: object = {},
): Promise<string> {
  const response = await hub.post({ target, notification: { title, ...extra } });
  expect(response.status).toBe(202);
  return (response.body as { id: string }).id;
}

describe('one user on two devices', () => {
  it('applies read and acknowledged state made on the other device', async () => {
    const hub = await scope.hub();
    const laptop = await scope.client({ hubUrl: hub.url, user: 'alice' });
    const desktop = await scope.client({ hubUrl: hub.url, user: 'alice' });
    await Promise.all([laptop.waitForSyncs(1), desktop.waitForSyncs(1)]);
    const id = await sendTo(hub, { kind: 'user', userId: 'alice' }, 'ack me', { requireAck: true });
    await Promise.all([
      laptop.waitFor(() => laptop.inbox.has(id), 'laptop to store it'),
      desktop.waitFor(() => desktop.inbox.has(id), 'desktop to store it'),
    ]);
    laptop.inbox.acknowledge(id);
    await desktop.waitFor(
      () => desktop.inbox.get(id)?.acknowledged === true,
      'the acknowledgement on the desktop',
    );
    expect(desktop.inbox.get(id)?.read).toBe(true);
    laptop.inbox.markRead([id], false);
    await desktop.waitFor(() => desktop.inbox.get(id)?.read === false, 'unread on the desktop');
    expect(desktop.inbox.unreadCount).toBe(1);
  });
});

describe('the outbox', () => {
  it('sends an acknowledgement made while offline once the hub is back', async () => {
    const hub = await scope.hub();
    const client = await scope.client({ hubUrl: hub.url, user: 'bob' });
    await client.waitForSyncs(1);
    const id = await sendTo(hub, { kind: 'user', userId: 'bob' }, 'please confirm', {
      requireAck: true,
    });
    await client.waitFor(() => client.inbox.has(id), 'the notification');
    await hub.kill();
    await client.waitFor(() => client.state !== SessionState.Connected, 'the drop');
    client.inbox.acknowledge(id);
    expect(client.inbox.outbox().length).toBeGreaterThan(0);
    await hub.restart();
    await client.waitForSyncs(2, 30_000);
    await client.waitFor(() => client.inbox.outbox().length === 0, 'the outbox to drain');
    // Another device of bob's sees it acknowledged in its catch-up.
    const other = await scope.client({ hubUrl: hub.url, user: 'bob' });
    await other.waitForSyncs(1);
    expect(other.inbox.get(id)).toMatchObject({ acknowledged: true, read: true });
  });
});

describe('possible gaps', () => {
  it('reports when the history no longer reaches back to the saved cursor', async () => {
    const hub = await scope.hub({ historyLimit: 5 });
    const dataDir = scope.tempDir();
    const first = await CoreClient.start({ hubUrl: hub.url, user: 'carol', dataDir });
    await first.waitForSyncs(1);
    await first.stop();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await sendTo(hub, { kind: 'all' }, `while away ${i}`));
    const second = await scope.client({ hubUrl: hub.url, user: 'carol', dataDir });
    await second.waitForSyncs(1);
    expect(second.gaps).toEqual([expect.objectContaining({ reason: 'truncated', sinceCursor: 0 })]);
    expect(second.ids()).toEqual(ids.slice(-5));
  });

  it('reports a hub whose history went backwards, and takes what it now holds', async () => {
    const dataDir = scope.tempDir();
    const oldHub = await scope.hub();
    for (let i = 0; i < 4; i++) await sendTo(oldHub, { kind: 'all' }, `old ${i}`);
    const first = await CoreClient.start({ hubUrl: oldHub.url, user: 'carol', dataDir });
    await first.waitForSyncs(1);
    await first.stop();
    const port = Number(new URL(oldHub.url).port);
    await oldHub.stop();
    const newHub = await scope.hub({ port });
    const fresh = await sendTo(newHub, { kind: 'all' }, 'from the new hub');
    const second = await scope.client({ hubUrl: newHub.url, user: 'carol', dataDir });
    await second.waitForSyncs(1);
    expect(second.gaps).toEqual([
      expect.objectContaining({ reason: 'history-reset', sinceCursor: 4, latestCursor: 1 }),
    ]);
    expect(second.ids()).toEqual([fresh]);
  });
});

describe('toasts', () => {
  it('turns a catch-up after an absence into one summary, and live ones into singles', async () => {
    const hub = await scope.hub();
    const dataDir = scope.tempDir();
    const first = await CoreClient.start({ hubUrl: hub.url, user: 'alice', dataDir });
    await first.waitForSyncs(1);
    await first.stop();
    for (let i = 0; i < 12; i++)
      await sendTo(hub, { kind: 'user', userId: 'alice' }, `while away ${i}`);
    const shown: ToastRequest[] = [];
    const toasts = new ToastPolicy({
      notifier: { show: (request) => shown.push(request) },
      settings: () => defaultSettings,
      clock: systemToastClock,
    });
    scope.defer(() => toasts.dispose());
    const client = await scope.client({ hubUrl: hub.url, user: 'alice', dataDir, toasts });
    await client.waitForSyncs(1);
    expect(shown).toEqual([expect.objectContaining({ kind: 'summary', count: 12 })]);
    const live = await sendTo(hub, { kind: 'user', userId: 'alice' }, 'back again');
    await client.waitFor(() => shown.length === 2, 'the live toast');
    expect(shown[1]).toMatchObject({ kind: 'single', notification: { id: live } });
  });
});
