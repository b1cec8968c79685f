// The inbox store against real files: every operation and filter, the outbox, bookkeeping,
// retention, compaction and change events, each checked again after reopening.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import {
  isCheckedNotification,
  parseNotification,
  type Notification,
} from '../../src-main/core/schema/notification';
import {
  InboxStore,
  InboxStoreClosedError,
  type InboxChange,
  type InboxItem,
  type InboxStoreOptions,
} from '../../src-main/core/inbox/inbox-store';
import { MAX_IDS_PER_READ_ENTRY } from '../../src-main/core/inbox/outbox';
import { FIXTURE_START, numberedNotification } from './fixtures/notifications';

const DAY_MS = 24 * 60 * 60 * 1000;
const START = FIXTURE_START;

let dir: string;
let clock: number;
let stores: InboxStore[];
let counter: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-inbox-'));
  clock = START;
  stores = [];
  counter = 0;
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: InboxStoreOptions = {}): Promise<InboxStore> {
  const store = await InboxStore.open(dir, { now: () => clock, ...options });
  stores.push(store);
  return store;
}

async function reopen(store: InboxStore, options: InboxStoreOptions = {}): Promise<InboxStore> {
  await store.close();
  return open(options);
}

/** A valid notification; each call gets the next id, cursor and a sentAt one minute later. */
function notification(overrides: Partial<Notification> = {}): Notification {
  counter += 1;
  return numberedNotification(counter, {
    id: `n-${String(counter).padStart(4, '0')}`,
    ...overrides,
  });
}

function addMany(store: InboxStore, count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const item = store.add(notification(), { source: 'live' });
    if (!item) throw new Error('add refused a fresh notification');
    ids.push(item.id);
  }
  return ids;
}

function ids(items: readonly InboxItem[]): string[] {
  return items.map((item) => item.id);
}

/** Every item, archived or not, with its local state, by id. */
function contents(
  store: InboxStore,
): Array<Pick<InboxItem, 'id' | 'read' | 'acknowledged' | 'archived'>> {
  const all: InboxItem[] = [];
  for (const archived of [false, true]) {
    for (let offset = 0; ; offset += 500) {
      const page = store.list({ offset, limit: 500, archived });
      all.push(...page.items);
      if (offset + 500 >= page.total) break;
    }
  }
  return all
    .map(({ id, read, acknowledged, archived }) => ({ id, read, acknowledged, archived }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

describe('adding', () => {
  it('stores a notification with its local state and returns it', async () => {
    const store = await open();
    const sent = notification({ tags: ['ops'] });
    const item = store.add(sent, { source: 'catch-up' });
    expect(item).toEqual({
      ...sent,
      read: false,
      acknowledged: false,
      archived: false,
      receivedAt: START,
      source: 'catch-up',
    });
    expect(store.has(sent.id)).toBe(true);
    expect(store.get(sent.id)).toEqual(item);
    expect(store.size).toBe(1);
    expect(store.unreadCount).toBe(1);
  });

  it('refuses an id it already stores, keeping the first', async () => {
    const store = await open();
    const first = notification();
    store.add(first, { source: 'live' });
    expect(
      store.add({ ...first, title: 'Again' }, { source: 'catch-up', read: true }),
    ).toBeUndefined();
    expect(store.size).toBe(1);
    expect(store.get(first.id)?.title).toBe(first.title);
    const reopened = await reopen(store);
    expect(reopened.add(first, { source: 'live' })).toBeUndefined();
    expect(reopened.size).toBe(1);
  });

  it('takes read and acknowledged state from another device; acknowledged implies read', async () => {
    const store = await open();
    const read = store.add(notification(), { source: 'catch-up', read: true });
    const acked = store.add(notification(), { source: 'catch-up', acknowledged: true });
    expect(read).toMatchObject({ read: true, acknowledged: false });
    expect(acked).toMatchObject({ read: true, acknowledged: true });
    expect(store.unreadCount).toBe(0);
    expect(store.outbox()).toEqual([]);
  });

  it('rejects a notification that fails the schema and stores nothing', async () => {
    const store = await open();
    const bad = { ...notification(), url: 'javascript:alert(1)' } as Notification;
    expect(() => store.add(bad, { source: 'live' })).toThrow(ZodError);
    expect(store.size).toBe(0);
    const reopened = await reopen(store);
    expect(reopened.size).toBe(0);
    expect(reopened.problems).toEqual([]);
  });

  it('skips checking again only what parseNotification checked, which cannot change since', async () => {
    const store = await open();
    const parsed = parseNotification(notification());
    if (!parsed.success) throw new Error('the fixture fails the schema');
    const checked = parsed.data;
    expect(isCheckedNotification(checked)).toBe(true);
    expect(() => {
      (checked as { title: string }).title = '';
    }).toThrow(TypeError);
    expect(() => {
      (checked.sender as { id: string }).id = '';
    }).toThrow(TypeError);
    expect(() => (checked.tags as string[]).push('')).toThrow(TypeError);
    // A copy is not the checked object: changed or not, it is checked again.
    const copy = { ...checked, title: '' };
    expect(isCheckedNotification(copy)).toBe(false);
    expect(() => store.add(copy, { source: 'live' })).toThrow(ZodError);
    expect(store.add(checked, { source: 'live' })?.title).toBe(checked.title);
  });

  it('answers has and get for unknown ids', async () => {
    const store = await open();
    expect(store.has('nope')).toBe(false);
    expect(store.get('nope')).toBeUndefined();
  });
});

describe('listing', () => {
  it('lists newest first by sentAt, then cursor, then id', async () => {
    const store = await open();
    const sentAt = '2026-11-02T08:00:00.000Z';
    store.add(notification({ id: 'old', cursor: 90, sentAt: '2026-11-01T08:00:00.000Z' }), {
      source: 'live',
    });
    store.add(notification({ id: 'tie-b', cursor: 5, sentAt }), { source: 'live' });
    store.add(notification({ id: 'tie-a', cursor: 5, sentAt }), { source: 'live' });
    store.add(notification({ id: 'tie-low', cursor: 4, sentAt }), { source: 'live' });
    // Same instant written with an offset: ordered by time, not by text.
    store.add(notification({ id: 'newest', cursor: 1, sentAt: '2026-11-02T10:00:00.000+02:00' }), {
      source: 'live',
    });
    store.add(notification({ id: 'later', cursor: 2, sentAt: '2026-11-02T08:30:00.000Z' }), {
      source: 'live',
    });
    const expected = ['later', 'tie-b', 'tie-a', 'tie-low', 'newest', 'old'];
    expect(ids(store.list().items)).toEqual(expected);
    expect(ids((await reopen(store)).list().items)).toEqual(expected);
  });

  it('pages with offset and limit and counts every match in total', async () => {
    const store = await open();
    const added = addMany(store, 120).reverse();
    expect(store.list()).toMatchObject({ total: 120 });
    expect(ids(store.list().items)).toEqual(added.slice(0, 50));
    expect(ids(store.list({ offset: 50, limit: 60 }).items)).toEqual(added.slice(50, 110));
    expect(ids(store.list({ offset: 110, limit: 60 }).items)).toEqual(added.slice(110));
    expect(store.list({ offset: 500 })).toEqual({ items: [], total: 120 });
  });

  it('refuses a page size over 500 and a negative offset', async () => {
    const store = await open();
    expect(() => store.list({ limit: 501 })).toThrow(ZodError);
    expect(() => store.list({ offset: -1 })).toThrow(ZodError);
    expect(store.list({ limit: 500 }).items).toEqual([]);
  });

  it('filters by read state', async () => {
    const store = await open();
    const [a, b, c] = addMany(store, 3) as [string, string, string];
    store.markRead([b]);
    expect(ids(store.list({ unread: true }).items)).toEqual([c, a]);
    expect(ids(store.list({ unread: false }).items)).toEqual([b]);
    expect(store.list().total).toBe(3);
  });

  it('filters by group, alone or among several targets', async () => {
    const store = await open();
    const single = store.add(notification({ target: { kind: 'group', group: 'eng' } }), {
      source: 'live',
    });
    const several = store.add(
      notification({ target: { kind: 'groups', groups: ['ops', 'eng'] } }),
      {
        source: 'live',
      },
    );
    store.add(notification({ target: { kind: 'group', group: 'engineering' } }), {
      source: 'live',
    });
    store.add(notification({ target: { kind: 'all' } }), { source: 'live' });
    expect(ids(store.list({ group: 'eng' }).items)).toEqual([several?.id, single?.id]);
    expect(ids(store.list({ group: 'ops' }).items)).toEqual([several?.id]);
    expect(store.list({ group: 'nobody' }).total).toBe(0);
  });

  it('filters by exact severity and by minimum severity', async () => {
    const store = await open();
    const info = store.add(notification({ severity: 'info' }), { source: 'live' })?.id;
    const warning = store.add(notification({ severity: 'warning' }), { source: 'live' })?.id;
    const critical = store.add(notification({ severity: 'critical' }), { source: 'live' })?.id;
    expect(ids(store.list({ severity: 'warning' }).items)).toEqual([warning]);
    expect(ids(store.list({ minSeverity: 'warning' }).items)).toEqual([critical, warning]);
    expect(ids(store.list({ minSeverity: 'info' }).items)).toEqual([critical, warning, info]);
    expect(ids(store.list({ minSeverity: 'critical' }).items)).toEqual([critical]);
  });

  it('finds text case-insensitively in title, body, sender name and tags only', async () => {
    const store = await open();
    const inTitle = store.add(notification({ title: 'Disk FULL on db-1' }), { source: 'live' })?.id;
    const inBody = store.add(notification({ body: 'the disk full alarm fired' }), {
      source: 'live',
    })?.id;
    const inSender = store.add(
      notification({ sender: { id: 'x', displayName: 'Disk Full Watcher' } }),
      { source: 'live' },
    )?.id;
    const inTag = store.add(notification({ tags: ['DISK full'] }), { source: 'live' })?.id;
    store.add(notification({ id: 'disk-full-id', url: 'https://example.com/disk%20full' }), {
      source: 'live',
    });
    expect(ids(store.list({ text: 'disk full' }).items)).toEqual([
      inTag,
      inSender,
      inBody,
      inTitle,
    ]);
    expect(store.list({ text: 'DISK FULL' }).total).toBe(4);
    expect(store.list({ text: 'no such words' }).total).toBe(0);
  });

  it('does not match text across two fields', async () => {
    const store = await open();
    store.add(notification({ title: 'alpha', body: 'beta' }), { source: 'live' });
    expect(store.list({ text: 'alphabeta' }).total).toBe(0);
    expect(store.list({ text: 'alpha' }).total).toBe(1);
  });

  it('hides archived items unless asked for them, then shows only those', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    store.archive([a]);
    expect(ids(store.list().items)).toEqual([b]);
    expect(ids(store.list({ archived: true }).items)).toEqual([a]);
  });

  it('combines filters', async () => {
    const store = await open();
    const match = store.add(
      notification({
        severity: 'critical',
        target: { kind: 'group', group: 'eng' },
        title: 'Outage',
      }),
      { source: 'live' },
    )?.id;
    store.add(
      notification({ severity: 'info', target: { kind: 'group', group: 'eng' }, title: 'Outage' }),
      {
        source: 'live',
      },
    );
    const readOne = store.add(
      notification({
        severity: 'critical',
        target: { kind: 'group', group: 'eng' },
        title: 'Outage',
      }),
      { source: 'live' },
    )?.id;
    store.markRead([readOne ?? '']);
    expect(
      ids(store.list({ group: 'eng', minSeverity: 'warning', text: 'outage', unread: true }).items),
    ).toEqual([match]);
  });
});

describe('local state', () => {
  it('marks read and unread, returning only the ids that changed', async () => {
    const store = await open();
    const [a, b, c] = addMany(store, 3) as [string, string, string];
    expect(store.markRead([a, b, 'unknown', a])).toEqual([a, b]);
    expect(store.markRead([a, c])).toEqual([c]);
    expect(store.unreadCount).toBe(0);
    expect(store.markRead([b], false)).toEqual([b]);
    expect(store.unreadCount).toBe(1);
    expect(store.get(b)?.read).toBe(false);
    expect((await reopen(store)).unreadCount).toBe(1);
  });

  it('marks everything matching a filter read', async () => {
    const store = await open();
    const eng = store.add(notification({ target: { kind: 'group', group: 'eng' } }), {
      source: 'live',
    })?.id;
    const other = store.add(notification(), { source: 'live' })?.id;
    const archived = store.add(notification({ target: { kind: 'group', group: 'eng' } }), {
      source: 'live',
    })?.id;
    store.archive([archived ?? '']);
    expect(store.markAllRead({ group: 'eng' })).toEqual([eng]);
    expect(store.get(other ?? '')?.read).toBe(false);
    expect(store.get(archived ?? '')?.read).toBe(false);
    expect(store.markAllRead()).toEqual([other]);
    expect(store.markAllRead()).toEqual([]);
    expect(store.unreadCount).toBe(0);
  });

  it('archives and restores; the unread count leaves archived items out', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    expect(store.archive([a, 'unknown'])).toEqual([a]);
    expect(store.archive([a])).toEqual([]);
    expect(store.unreadCount).toBe(1);
    expect(store.archive([a], false)).toEqual([a]);
    expect(store.unreadCount).toBe(2);
    store.archive([b]);
    const reopened = await reopen(store);
    expect(reopened.get(b)?.archived).toBe(true);
    expect(reopened.get(a)?.archived).toBe(false);
    expect(reopened.unreadCount).toBe(1);
  });

  it('deletes items on this device only', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    expect(store.delete([a, 'unknown'])).toEqual([a]);
    expect(store.delete([a])).toEqual([]);
    expect(store.has(a)).toBe(false);
    expect(store.unreadCount).toBe(1);
    expect(store.outbox()).toEqual([]);
    const reopened = await reopen(store);
    expect(reopened.has(a)).toBe(false);
    expect(reopened.has(b)).toBe(true);
  });

  it('acknowledges: acknowledged and read here, both queued for the hub', async () => {
    const store = await open();
    const [a] = addMany(store, 1) as [string];
    expect(store.acknowledge(a)).toBe(true);
    expect(store.get(a)).toMatchObject({ acknowledged: true, read: true });
    expect(store.unreadCount).toBe(0);
    expect(store.acknowledge(a)).toBe(false);
    expect(store.acknowledge('unknown')).toBe(false);
    expect(store.outbox()).toEqual([
      { seq: 1, kind: 'ack', id: a },
      { seq: 2, kind: 'read', ids: [a], read: true },
    ]);
  });

  it('acknowledging an item already read queues only the acknowledgement', async () => {
    const store = await open();
    const [a] = addMany(store, 1) as [string];
    store.applyRemote({ kind: 'read', ids: [a], read: true });
    store.acknowledge(a);
    expect(store.outbox()).toEqual([{ seq: 1, kind: 'ack', id: a }]);
  });

  it('applies state from other devices without queueing anything for the hub', async () => {
    const store = await open();
    const [a, b, c] = addMany(store, 3) as [string, string, string];
    expect(store.applyRemote({ kind: 'read', ids: [a, b, 'unknown'], read: true })).toEqual([a, b]);
    expect(store.applyRemote({ kind: 'read', ids: [a], read: false })).toEqual([a]);
    expect(store.applyRemote({ kind: 'acknowledged', id: c })).toEqual([c]);
    expect(store.applyRemote({ kind: 'acknowledged', id: c })).toEqual([]);
    expect(store.applyRemote({ kind: 'retracted', id: b })).toEqual([b]);
    expect(store.applyRemote({ kind: 'retracted', id: 'unknown' })).toEqual([]);
    expect(store.outbox()).toEqual([]);
    const reopened = await reopen(store);
    expect(contents(reopened)).toEqual([
      { id: a, read: false, acknowledged: false, archived: false },
      { id: c, read: true, acknowledged: true, archived: false },
    ]);
  });

  it('refuses a malformed remote change', async () => {
    const store = await open();
    expect(() => store.applyRemote({ kind: 'read', ids: [''], read: true })).toThrow(ZodError);
  });
});

describe('outbox', () => {
  it('queues read changes for the hub, coalescing those not yet handed out', async () => {
    const store = await open();
    const [a, b, c] = addMany(store, 3) as [string, string, string];
    store.markRead([a]);
    store.markRead([b, c]);
    expect(store.outbox()).toEqual([{ seq: 1, kind: 'read', ids: [a, b, c], read: true }]);
  });

  it('takes an id out of an older entry when its read state flips back', async () => {
    const store = await open();
    const [a, b, c] = addMany(store, 3) as [string, string, string];
    store.markRead([a, b, c]);
    store.markRead([a], false);
    store.markRead([b], false);
    expect(store.outbox()).toEqual([
      { seq: 1, kind: 'read', ids: [c], read: true },
      { seq: 2, kind: 'read', ids: [a, b], read: false },
    ]);
  });

  it('drops an entry whose every id flipped back', async () => {
    const store = await open();
    const [a] = addMany(store, 1) as [string];
    store.markRead([a]);
    store.markRead([a], false);
    expect(store.outbox()).toEqual([{ seq: 2, kind: 'read', ids: [a], read: false }]);
  });

  it('never changes an entry once it was handed out', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    store.markRead([a]);
    const handedOut = store.outbox();
    store.markRead([b]);
    store.markRead([a], false);
    expect(store.outbox()).toEqual([
      ...handedOut,
      { seq: 2, kind: 'read', ids: [b], read: true },
      { seq: 3, kind: 'read', ids: [a], read: false },
    ]);
  });

  it('splits large read changes into entries the hub accepts', async () => {
    const store = await open();
    const added = addMany(store, MAX_IDS_PER_READ_ENTRY + 20);
    expect(store.markAllRead()).toHaveLength(added.length);
    const entries = store.outbox();
    expect(entries.map((entry) => (entry.kind === 'read' ? entry.ids.length : 0))).toEqual([
      MAX_IDS_PER_READ_ENTRY,
      20,
    ]);
    expect(new Set(entries.flatMap((entry) => (entry.kind === 'read' ? entry.ids : [])))).toEqual(
      new Set(added),
    );
  });

  it('removes completed entries and keeps the rest across reopening', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    store.acknowledge(a);
    store.markRead([b]);
    const entries = store.outbox();
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2]);
    expect(store.completeOutbox(1)).toBe(true);
    expect(store.completeOutbox(1)).toBe(false);
    expect(store.completeOutbox(99)).toBe(false);
    const reopened = await reopen(store);
    expect(reopened.outbox()).toEqual([{ seq: 2, kind: 'read', ids: [a, b], read: true }]);
  });

  it('keeps numbering entries upward after everything was sent and compacted', async () => {
    const store = await open();
    const [a, b] = addMany(store, 2) as [string, string];
    store.acknowledge(a);
    for (const entry of store.outbox()) store.completeOutbox(entry.seq);
    await store.compact();
    const reopened = await reopen(store);
    expect(reopened.outbox()).toEqual([]);
    reopened.acknowledge(b);
    expect(reopened.outbox()[0]?.seq).toBe(3);
  });

  it('announces new work', async () => {
    const store = await open();
    const [a] = addMany(store, 1) as [string];
    const queued = vi.fn();
    store.onDidQueueOutbox(queued);
    store.markRead([a]);
    store.acknowledge(a);
    store.applyRemote({ kind: 'read', ids: [a], read: false });
    expect(queued).toHaveBeenCalledTimes(2);
  });
});

describe('bookkeeping', () => {
  it('keeps the last cursor, never lowering it unless told to reset', async () => {
    const store = await open();
    expect(store.lastCursor).toBe(0);
    store.setLastCursor(40);
    store.setLastCursor(12);
    expect(store.lastCursor).toBe(40);
    let reopened = await reopen(store);
    expect(reopened.lastCursor).toBe(40);
    reopened.setLastCursor(3, { reset: true });
    expect(reopened.lastCursor).toBe(3);
    reopened = await reopen(reopened);
    expect(reopened.lastCursor).toBe(3);
    expect(() => reopened.setLastCursor(-1)).toThrow(ZodError);
  });

  it('keeps the desired groups, each once', async () => {
    const store = await open();
    expect(store.desiredGroups).toEqual([]);
    store.setDesiredGroups(['eng', 'ops', 'eng']);
    expect(store.desiredGroups).toEqual(['eng', 'ops']);
    expect(() => store.setDesiredGroups(['no spaces allowed'])).toThrow(ZodError);
    const reopened = await reopen(store);
    expect(reopened.desiredGroups).toEqual(['eng', 'ops']);
    reopened.setDesiredGroups([]);
    expect((await reopen(reopened)).desiredGroups).toEqual([]);
  });
});

describe('retention', () => {
  it('prunes items received longer ago than maxAgeDays', async () => {
    const store = await open({ maxAgeDays: 10 });
    const [old] = addMany(store, 1) as [string];
    clock += 5 * DAY_MS;
    const [recent] = addMany(store, 1) as [string];
    clock += 6 * DAY_MS;
    expect(store.prune()).toBe(1);
    expect(store.has(old)).toBe(false);
    expect(store.has(recent)).toBe(true);
    expect(store.prune()).toBe(0);
  });

  it('prunes the oldest items beyond maxCount', async () => {
    const store = await open({ maxCount: 3 });
    // Sent out of order: "oldest" is by sentAt, the list order, not by arrival.
    store.add(notification({ id: 'b', sentAt: '2026-10-02T00:00:00.000Z' }), { source: 'live' });
    store.add(notification({ id: 'd', sentAt: '2026-10-04T00:00:00.000Z' }), { source: 'live' });
    store.add(notification({ id: 'a', sentAt: '2026-10-01T00:00:00.000Z' }), { source: 'live' });
    store.add(notification({ id: 'e', sentAt: '2026-10-05T00:00:00.000Z' }), { source: 'live' });
    store.add(notification({ id: 'c', sentAt: '2026-10-03T00:00:00.000Z' }), { source: 'live' });
    expect(store.prune()).toBe(2);
    expect(ids(store.list().items)).toEqual(['e', 'd', 'c']);
    expect(ids((await reopen(store, { maxCount: 3 })).list().items)).toEqual(['e', 'd', 'c']);
  });

  it('prunes on open', async () => {
    const store = await open({ maxAgeDays: 1 });
    addMany(store, 3);
    await store.close();
    clock += 2 * DAY_MS;
    const reopened = await open({ maxAgeDays: 1 });
    expect(reopened.size).toBe(0);
    expect(reopened.problems).toEqual([]);
  });
});

describe('persistence and compaction', () => {
  it('reopens with every item, its state and the list order', async () => {
    const store = await open();
    const added = addMany(store, 30);
    store.markRead(added.slice(0, 10));
    store.archive(added.slice(5, 8));
    store.acknowledge(added[20] ?? '');
    store.delete(added.slice(25, 27));
    const before = contents(store);
    const order = ids(store.list({ limit: 500 }).items);
    const reopened = await reopen(store);
    expect(contents(reopened)).toEqual(before);
    expect(ids(reopened.list({ limit: 500 }).items)).toEqual(order);
    expect(reopened.unreadCount).toBe(store.unreadCount);
    expect(reopened.problems).toEqual([]);
  });

  it('compacts into a snapshot that keeps everything and drops the old journal', async () => {
    const store = await open();
    const added = addMany(store, 40);
    store.markRead(added.slice(0, 15));
    store.archive(added.slice(10, 12));
    store.acknowledge(added[30] ?? '');
    store.delete([added[39] ?? '']);
    store.setLastCursor(40);
    store.setDesiredGroups(['eng']);
    const before = contents(store);
    const outbox = store.outbox();
    await store.compact();
    expect(readdirSync(dir).sort()).toEqual(['inbox-journal-2.jsonl', 'inbox-snapshot.jsonl']);
    const reopened = await reopen(store);
    expect(contents(reopened)).toEqual(before);
    expect(reopened.outbox()).toEqual(outbox);
    expect(reopened.lastCursor).toBe(40);
    expect(reopened.desiredGroups).toEqual(['eng']);
    expect(reopened.problems).toEqual([]);
  });

  it('keeps changes made while a compaction is being written', async () => {
    const store = await open();
    const first = addMany(store, 3000);
    const compaction = store.compact();
    const during = addMany(store, 5);
    store.markRead([first[0] ?? '', during[0] ?? '']);
    store.delete([first[1] ?? '']);
    await compaction;
    const before = contents(store);
    expect(before).toHaveLength(3004);
    expect(contents(await reopen(store))).toEqual(before);
  });

  it('keeps everything when closed in the middle of a compaction', async () => {
    const store = await open();
    addMany(store, 3000);
    const before = contents(store);
    const compaction = store.compact();
    await store.close();
    await compaction;
    expect(readdirSync(dir).some((name) => name.endsWith('.tmp'))).toBe(false);
    const reopened = await open();
    expect(contents(reopened)).toEqual(before);
    expect(reopened.problems).toEqual([]);
  });

  it('compacts by itself once the journal passes its threshold', async () => {
    const store = await open({ compactionThreshold: { perItem: 1, base: 10 } });
    const added = addMany(store, 10);
    // 10 adds and 20 changes: past 1 × 10 items + 10.
    for (const id of added) store.markRead([id]);
    for (const id of added) store.markRead([id], false);
    await vi.waitFor(() => expect(readdirSync(dir)).toContain('inbox-snapshot.jsonl'), {
      timeout: 30_000,
    });
    await store.compact();
    const before = contents(store);
    const reopened = await reopen(store);
    expect(contents(reopened)).toEqual(before);
    expect(readdirSync(dir).filter((name) => name.startsWith('inbox-journal-'))).toHaveLength(1);
  });

  it('refuses changes once closed, and closing again is harmless', async () => {
    const store = await open();
    await store.close();
    await store.close();
    expect(() => store.add(notification(), { source: 'live' })).toThrow(InboxStoreClosedError);
    expect(() => store.markRead(['x'])).toThrow(InboxStoreClosedError);
    expect(() => store.setLastCursor(1)).toThrow(InboxStoreClosedError);
  });
});

describe('change events', () => {
  it('reports additions, updates and removals after they happen', async () => {
    const store = await open();
    const changes: InboxChange[] = [];
    store.onDidChange((change) => {
      // Listeners see the store already changed.
      if (change.kind === 'added') expect(store.has(change.items[0]?.id ?? '')).toBe(true);
      changes.push(change);
    });
    const a = store.add(notification(), { source: 'live' });
    const added = store.add(notification(), { source: 'live' });
    const b = added?.id ?? '';
    store.add({ ...notification(), id: b }, { source: 'live' });
    store.markRead([b]);
    store.markRead([b]);
    store.archive([b]);
    store.acknowledge(a?.id ?? '');
    store.applyRemote({ kind: 'read', ids: [b], read: false });
    store.delete([b]);
    expect(changes).toEqual([
      { kind: 'added', items: [a] },
      { kind: 'added', items: [added] },
      { kind: 'updated', ids: [b] },
      { kind: 'updated', ids: [b] },
      { kind: 'updated', ids: [a?.id] },
      { kind: 'updated', ids: [b] },
      { kind: 'removed', ids: [b] },
    ]);
  });

  it('reports pruned items as removed', async () => {
    const store = await open({ maxCount: 1 });
    const [a] = addMany(store, 2) as [string];
    const changes: InboxChange[] = [];
    store.onDidChange((change) => changes.push(change));
    store.prune();
    expect(changes).toEqual([{ kind: 'removed', ids: [a] }]);
  });
});
