// The snapshot's key index (snapshot-index.ts) is only a shortcut for opening: whatever is wrong
// with it, or with the lines it points at, must end as it would without it.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InboxStore, type InboxStoreOptions } from '../../src-main/core/inbox/inbox-store';
import type { Notification } from '../../src-main/core/schema/notification';
import { numberedNotification } from './fixtures/notifications';

const SNAPSHOT = 'inbox-snapshot.jsonl';

let dir: string;
let stores: InboxStore[];
let counter = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-inbox-index-'));
  stores = [];
  counter = 0;
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(options: InboxStoreOptions = {}): Promise<InboxStore> {
  const store = await InboxStore.open(dir, options);
  stores.push(store);
  return store;
}

function notification(): Notification {
  counter += 1;
  return numberedNotification(counter, { body: 'Body', severity: 'warning' });
}

/** Five items, two read, one archived, compacted into a snapshot with its index; their ids. */
async function compactedStore(): Promise<string[]> {
  const store = await open();
  const ids = [1, 2, 3, 4, 5].map(() => store.add(notification(), { source: 'live' })?.id ?? '');
  store.markRead(ids.slice(0, 2));
  store.archive([ids[4] ?? '']);
  store.setLastCursor(5);
  await store.compact();
  await store.close();
  return ids;
}

function snapshotBytes(): Buffer {
  return readFileSync(join(dir, SNAPSHOT));
}

function titles(store: InboxStore): string[] {
  return store
    .list({ archived: undefined, limit: 500 })
    .items.map((item) => item.title)
    .sort();
}

function quarantined(): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(`${SNAPSHOT}.corrupt-`));
}

describe('the snapshot index', () => {
  it('ends the snapshot, after the item lines, without a newline', async () => {
    await compactedStore();
    const text = snapshotBytes().toString('utf8');
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    expect(lastLine).toMatch(/^\{"t":"index",.*"crc":"[0-9a-f]{8}"\}$/);
  });

  it('reopens with the same items, state and bookkeeping as a full scan', async () => {
    const ids = await compactedStore();
    const indexed = await open();
    const fromIndex = {
      titles: titles(indexed),
      unread: indexed.unreadCount,
      size: indexed.size,
      lastCursor: indexed.lastCursor,
      archived: indexed.list({ archived: true }).items.map((item) => item.id),
    };
    expect(fromIndex.size).toBe(5);
    expect(fromIndex.archived).toEqual([ids[4]]);
    await indexed.close();

    // Without the index record the snapshot is read by a full scan, as before the index.
    const bytes = snapshotBytes();
    writeFileSync(join(dir, SNAPSHOT), bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1));
    const scanned = await open();
    expect(scanned.problems).toEqual([]);
    expect({
      titles: titles(scanned),
      unread: scanned.unreadCount,
      size: scanned.size,
      lastCursor: scanned.lastCursor,
      archived: scanned.list({ archived: true }).items.map((item) => item.id),
    }).toEqual(fromIndex);
  });

  it('counts a damaged index as damage, keeps every item and rewrites the snapshot', async () => {
    await compactedStore();
    const bytes = snapshotBytes();
    // A digit inside the body: the record's checksum no longer matches.
    const at = bytes.lastIndexOf('"body":"') + 12;
    bytes[at] = bytes[at] === 0x41 ? 0x42 : 0x41;
    writeFileSync(join(dir, SNAPSHOT), bytes);

    const store = await open();
    expect(store.problems).toHaveLength(1);
    expect(quarantined()).toHaveLength(1);
    expect(store.size).toBe(5);
    await store.close();
    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.size).toBe(5);
  });

  it('ignores an index that does not tile the file, and reports the damage the scan finds', async () => {
    await compactedStore();
    const text = snapshotBytes().toString('utf8');
    const lines = text.split('\n');
    // One item line cut short; the index, now pointing past its end, must not be trusted.
    lines[2] = (lines[2] ?? '').slice(0, 40);
    writeFileSync(join(dir, SNAPSHOT), lines.join('\n'));

    const store = await open();
    expect(store.problems).toHaveLength(1);
    expect(store.size).toBe(4);
  });

  it('drops, reports and sets aside an item whose line changed behind the index', async () => {
    await compactedStore();
    const bytes = snapshotBytes();
    // Same length, so the index still fits: only the line's checksum can tell.
    const at = bytes.indexOf('Title 3');
    bytes[at + 6] = '9'.charCodeAt(0);
    writeFileSync(join(dir, SNAPSHOT), bytes);

    const store = await open();
    expect(store.problems).toEqual([]);
    expect(store.get('n-3')).toBeUndefined();
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]?.message).toMatch(/damaged/);
    expect(quarantined()).toHaveLength(1);
    expect(store.size).toBe(4);
    await store.close();
    const reopened = await open();
    expect(reopened.has('n-3')).toBe(false);
    expect(reopened.size).toBe(4);
  });

  it('finds a line changed behind the index in the background pass after open', async () => {
    await compactedStore();
    const bytes = snapshotBytes();
    const at = bytes.indexOf('Title 1');
    bytes[at + 6] = '7'.charCodeAt(0);
    writeFileSync(join(dir, SNAPSHOT), bytes);

    const store = await open();
    await vi.waitFor(() => expect(store.problems).toHaveLength(1));
    expect(store.has('n-1')).toBe(false);
    expect(store.size).toBe(4);
  });

  it('without the background pass, checks each item when first read', async () => {
    await compactedStore();
    const bytes = snapshotBytes();
    const at = bytes.indexOf('Title 1');
    bytes[at + 6] = '7'.charCodeAt(0);
    writeFileSync(join(dir, SNAPSHOT), bytes);

    const store = await open({ checkInBackground: false });
    // Long enough for the background pass to have found it (see the test above).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.problems).toEqual([]);
    expect(store.size).toBe(5);
    // A filter on content reads every item it looks at.
    expect(store.list({ severity: 'warning' }).total).toBe(3);
    expect(store.problems).toHaveLength(1);
    expect(store.has('n-1')).toBe(false);
  });
});
