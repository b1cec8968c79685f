// The inbox keeps notifications on disk and only their keys in memory: what that changes is
// checked here against real files. Text search must find exactly what a plain search of the
// parsed notifications finds, whatever the text holds; an item whose bytes change on disk after
// it was checked is dropped and reported, never handed out; compactions move every item to the
// new snapshot and leave no old file open.
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboxStore } from '../../src-main/core/inbox/inbox-store';
import { SNAPSHOT_NAME, journalName } from '../../src-main/core/inbox/store-files';
import type { Notification } from '../../src-main/core/schema/notification';
import { FIXTURE_START, numberedNotification } from './fixtures/notifications';

let dir: string;
let stores: InboxStore[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-inbox-disk-'));
  stores = [];
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(at = dir): Promise<InboxStore> {
  const store = await InboxStore.open(at, { now: () => FIXTURE_START + 1000 * 60_000 });
  stores.push(store);
  return store;
}

/** Text with what JSON escapes (quotes, backslashes, control characters), case and non-ASCII. */
const awkwardText = (maxLength: number): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom('"', '\\', '\n', '\t', '\u0001', '\u001f', '/', '<', 'Σ', 'É', 'ß', 'İ'),
        fc.constantFrom('disk', 'DISK', 'Full', ' ', 'é', '日本', '😀', 'u0041', '\\u0041'),
        fc.string({ unit: 'binary', maxLength: 3 }),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join('').slice(0, maxLength));

const searchable = fc.record({
  title: awkwardText(60).filter((title) => title.length > 0),
  body: awkwardText(120),
  displayName: awkwardText(40),
  tags: fc.array(
    awkwardText(32).filter((tag) => tag.length > 0),
    { maxLength: 3 },
  ),
});

/** The text filter as specified: a case-insensitive substring of one of those fields. */
function plainSearch(notifications: readonly Notification[], text: string): string[] {
  const query = text.toLowerCase().replaceAll('\u0000', '');
  return notifications
    .filter(
      (n) =>
        query === '' ||
        [n.title, n.body, n.sender.displayName, ...n.tags].some((field) =>
          field.toLowerCase().includes(query),
        ),
    )
    .map((n) => n.id)
    .sort();
}

function found(store: InboxStore, text: string): string[] {
  return store
    .list({ text, limit: 500 })
    .items.map((item) => item.id)
    .sort();
}

describe('text search over notifications kept on disk', () => {
  it('finds what a plain search of the parsed notifications finds, before and after reopening', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(searchable, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(3), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        async (fields, picks) => {
          const at = mkdtempSync(join(dir, 'case-'));
          const notifications = fields.map((f, i) =>
            numberedNotification(i + 1, {
              title: f.title,
              body: f.body,
              sender: { id: 'dispatch', displayName: f.displayName },
              tags: f.tags,
            }),
          );
          // Queries cut out of the fields (in another case now and then), plus text from nowhere.
          const queries = picks.map(([which, from, length, upper]) => {
            const n = notifications[which % notifications.length] as Notification;
            const field = [n.title, n.body, n.sender.displayName, ...n.tags][from % 4] ?? n.title;
            const start = from % Math.max(1, field.length);
            const query = field.slice(start, start + length + 1);
            return upper ? query.toUpperCase() : query;
          });
          queries.push('"', '\\', '\\"', 'n-1', 'title', '"title":"');

          let store = await open(at);
          for (const n of notifications) store.add(n, { source: 'live' });
          for (const query of queries) {
            expect(found(store, query), `journal, ${JSON.stringify(query)}`).toEqual(
              plainSearch(notifications, query),
            );
          }
          await store.compact();
          await store.close();
          store = await open(at);
          for (const query of queries) {
            expect(found(store, query), `snapshot, ${JSON.stringify(query)}`).toEqual(
              plainSearch(notifications, query),
            );
          }
          await store.close();
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('text search examples', () => {
  it('finds a sigma that an escape sits next to in the stored JSON', async () => {
    const store = await open();
    store.add(numberedNotification(1, { title: 'line one\nΣ', body: 'ΟΔΟΣ\tΣ' }), {
      source: 'live',
    });
    for (const text of ['Σ', 'σ', '\nσ', 'οδος', 'ΟΔΟΣ', 'line one\nσ']) {
      expect(found(store, text), JSON.stringify(text)).toEqual(['n-1']);
    }
  });
});

describe('notifications read back from disk', () => {
  it('drops, reports and sets aside an item whose bytes changed after it was checked', async () => {
    const store = await open();
    store.add(numberedNotification(1, { body: 'first body' }), { source: 'live' });
    store.add(numberedNotification(2, { body: 'second body' }), { source: 'live' });
    // Far more than one read brings in, so reading the last item reads none of the first.
    for (let n = 3; n <= 200; n++) {
      store.add(numberedNotification(n, { body: 'x'.repeat(1000) }), { source: 'live' });
    }
    // Checked and handed out once.
    expect(store.get('n-1')?.body).toBe('first body');
    expect(store.get('n-200')?.id).toBe('n-200');
    const journal = readdirSync(dir).find((name) => name.startsWith('inbox-journal-')) as string;
    const text = readFileSync(join(dir, journal), 'utf8');
    // Same length, so every other line stays where it was: the body is no longer a string.
    writeFileSync(join(dir, journal), text.replace('"first body"', '{first body}'));

    expect(store.get('n-1')).toBeUndefined();
    expect(store.has('n-1')).toBe(false);
    expect(store.get('n-2')?.body).toBe('second body');
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]?.message).toMatch(/n-1 is not JSON.*dropped.*kept as/);
    expect(readdirSync(dir).filter((name) => name.includes('.corrupt-'))).toHaveLength(1);
    // The store goes on working.
    expect(store.add(numberedNotification(201), { source: 'live' })?.id).toBe('n-201');
    expect(store.list({ limit: 500 }).items.map((item) => item.id)).toEqual(
      Array.from({ length: 200 }, (_, i) => `n-${201 - i}`),
    );
  });

  it('moves every item into each new snapshot and keeps no old file open', async () => {
    const openFilesIn = (path: string): string[] =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          const target = readlinkSync(join('/proc/self/fd', fd));
          return target.startsWith(`${path}/`) ? [target.slice(path.length + 1)] : [];
        } catch {
          return [];
        }
      });
    expect(
      readdirSync('/proc/self/fd').length,
      'this test reads open files from /proc/self/fd (Linux)',
    ).toBeGreaterThan(0);

    let store = await open();
    for (let n = 1; n <= 30; n++) store.add(numberedNotification(n), { source: 'live' });
    for (let round = 0; round < 3; round++) {
      await store.compact();
      for (let n = 31 + round * 10; n <= 40 + round * 10; n++) {
        store.add(numberedNotification(n), { source: 'live' });
      }
      // The snapshot, and the journal being written (once to append, once to read), no more.
      const journal = journalName(round + 2);
      expect(openFilesIn(dir).sort()).toEqual([journal, journal, SNAPSHOT_NAME]);
    }
    const page = store.list({ limit: 500 });
    expect(page.total).toBe(60);
    expect(page.items.map((item) => item.title)).toEqual(
      Array.from({ length: 60 }, (_, i) => `Title ${60 - i}`),
    );
    await store.close();
    expect(openFilesIn(dir)).toEqual([]);
    store = await open();
    expect(store.list({ limit: 500 }).items.map((item) => item.title)).toEqual(
      page.items.map((item) => item.title),
    );
  });
});
