// Crash safety with real processes and real files: a writer killed with SIGKILL at random
// moments (compactions included), and files damaged on purpose.
import { spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboxStore, type InboxItem } from '../../src-main/core/inbox/inbox-store';
import { encodeItemLine, sealLine } from '../../src-main/core/inbox/record-format';
import type { Notification } from '../../src-main/core/schema/notification';
import { seededRandom, type WriterLine, type WriterOp } from './fixtures/inbox-writer';
import { numberedNotification } from './fixtures/notifications';

const WRITER = fileURLToPath(new URL('./fixtures/inbox-writer.ts', import.meta.url));
const ROOT = resolve(dirname(WRITER), '../../..');
const JOURNAL_1 = 'inbox-journal-1.jsonl';
const SNAPSHOT = 'inbox-snapshot.jsonl';

let dir: string;
let stores: InboxStore[];
let counter = 0;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-inbox-crash-'));
  stores = [];
  counter = 0;
});

afterEach(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<InboxStore> {
  const store = await InboxStore.open(dir);
  stores.push(store);
  return store;
}

interface ItemState {
  read: boolean;
  acknowledged: boolean;
  archived: boolean;
}
type Model = Map<string, ItemState>;

/** Every item with its local state, archived ones included. */
function stateOf(store: InboxStore): Model {
  const model: Model = new Map();
  for (const archived of [false, true]) {
    for (let offset = 0; ; offset += 500) {
      const page = store.list({ offset, limit: 500, archived });
      for (const { id, read, acknowledged } of page.items) {
        model.set(id, { read, acknowledged, archived });
      }
      if (offset + 500 >= page.total) break;
    }
  }
  return model;
}

/** What the store does with each writer change, in miniature. */
function applyChange(model: Model, change: WriterOp): void {
  const item = model.get(change.id);
  switch (change.op) {
    case 'add':
      if (!item) model.set(change.id, { read: change.read, acknowledged: false, archived: false });
      return;
    case 'read':
      if (item) model.set(change.id, { ...item, read: change.read });
      return;
    case 'archive':
      if (item) model.set(change.id, { ...item, archived: change.archived });
      return;
    case 'ack':
      // Acknowledging twice changes nothing: an item marked unread after its ack stays unread.
      if (item && !item.acknowledged) {
        model.set(change.id, { ...item, acknowledged: true, read: true });
      }
      return;
    case 'delete':
      model.delete(change.id);
      return;
  }
}

/** Runs the writer until `killAfterMs` after it is ready, then SIGKILLs it; returns its lines. */
function runWriter(
  seed: number,
  round: number,
  compactionBase: number,
  killAfterMs: number,
): Promise<WriterLine[]> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dir, String(seed), String(round), String(compactionBase)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  let killTimer: NodeJS.Timeout | undefined;
  return new Promise((resolvePromise, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!killTimer && stdout.includes('"ready"')) {
        killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    // 'close' comes after the pipes are drained: every line the writer wrote is in `stdout`.
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer exited by itself (code ${code}): ${stderr}`));
        return;
      }
      // A line cut off by the kill has no newline; the change it announced never started.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      resolvePromise(
        complete
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as WriterLine),
      );
    });
  });
}

function journalGenerations(): number[] {
  return readdirSync(dir)
    .map((name) => /^inbox-journal-(\d+)\.jsonl$/.exec(name)?.[1])
    .filter((generation) => generation !== undefined)
    .map(Number);
}

describe('a writer killed at random moments', () => {
  it('loses nothing it reported as done, in 25 rounds', { timeout: 300_000 }, async () => {
    const baseSeed = Math.floor(Math.random() * 2 ** 31);
    const random = seededRandom(baseSeed);
    let expected: Model = new Map();
    let acknowledged = new Set<string>();
    let changesDone = 0;
    let highestGeneration = 0;

    for (let round = 0; round < 25; round++) {
      const seed = baseSeed + round;
      const context = `round ${round}, base seed ${baseSeed}`;
      // Two rounds in three compact every ten changes, so kills land inside compactions too.
      const compactionBase = round % 3 === 0 ? 1000 : 10;
      const lines = await runWriter(seed, round, compactionBase, Math.floor(random() * 300));
      expect(lines[0], context).toEqual({ kind: 'ready', problems: 0 });

      const committed: Model = new Map(expected);
      let inFlight: WriterOp | undefined;
      for (const line of lines) {
        if (line.kind === 'begin') inFlight = line.change;
        if (line.kind !== 'done') continue;
        applyChange(committed, line.change);
        if (line.change.op === 'ack' && committed.has(line.change.id)) {
          acknowledged.add(line.change.id);
        }
        changesDone += 1;
        inFlight = undefined;
      }
      // The change that was running when the kill came may or may not have been written.
      const withInFlight: Model = new Map(committed);
      if (inFlight) applyChange(withInFlight, inFlight);

      const store = await open();
      expect(store.problems, context).toEqual([]);
      const actual = stateOf(store);
      const ids = new Set([...committed.keys(), ...withInFlight.keys(), ...actual.keys()]);
      for (const id of ids) {
        const candidates = [committed.get(id), withInFlight.get(id)];
        expect(candidates, `${context}: ${id}`).toContainEqual(actual.get(id));
      }
      // Acknowledgements stay queued for the hub: nothing here ever completes them.
      const queuedAcks = new Set(
        store.outbox().flatMap((entry) => (entry.kind === 'ack' ? [entry.id] : [])),
      );
      for (const id of acknowledged) expect(queuedAcks, `${context}: ack ${id}`).toContain(id);
      if (inFlight?.op === 'ack' && queuedAcks.has(inFlight.id)) acknowledged.add(inFlight.id);
      acknowledged = new Set([...acknowledged].filter((id) => queuedAcks.has(id)));

      expected = actual;
      highestGeneration = Math.max(highestGeneration, ...journalGenerations());
      await store.close();
      stores = [];
    }

    // The rounds did real work, and compactions happened while the writer was being killed.
    expect(changesDone).toBeGreaterThan(100);
    expect(highestGeneration).toBeGreaterThan(5);
    const final = await open();
    expect(final.problems).toEqual([]);
    await final.compact();
    const afterCompaction = stateOf(final);
    expect(afterCompaction).toEqual(expected);
  });
});

function notification(overrides: Partial<Notification> = {}): Notification {
  counter += 1;
  return numberedNotification(counter, { body: 'Body', severity: 'warning', ...overrides });
}

/** A store holding five items, two of them read, written and closed; returns their ids. */
async function fiveItems(): Promise<string[]> {
  const store = await open();
  const ids = [1, 2, 3, 4, 5].map(() => store.add(notification(), { source: 'live' })?.id ?? '');
  store.markRead(ids.slice(0, 2));
  await store.close();
  return ids;
}

function lines(name: string): string[] {
  return readFileSync(join(dir, name), 'utf8').split('\n').slice(0, -1);
}

function writeLines(name: string, content: string[]): void {
  writeFileSync(join(dir, name), content.map((line) => `${line}\n`).join(''));
}

function quarantined(name: string): string[] {
  return readdirSync(dir).filter((file) => file.startsWith(`${name}.corrupt-`));
}

function readIds(store: InboxStore): string[] {
  return store
    .list({ unread: false })
    .items.map((item: InboxItem) => item.id)
    .sort();
}

describe('damaged files', () => {
  it('drops a torn last line quietly and appends cleanly after it', async () => {
    const ids = await fiveItems();
    // The real line of a sixth item, cut off half way, as a kill during the write leaves it.
    const whole = encodeItemLine(
      'add',
      [99, 1, 1, 0, 'live', 'torn'],
      JSON.stringify(notification()),
    );
    appendFileSync(join(dir, JOURNAL_1), whole.slice(0, whole.length / 2));

    const store = await open();
    expect(store.problems).toEqual([]);
    expect(store.size).toBe(5);
    expect(store.has('torn')).toBe(false);
    expect(quarantined(JOURNAL_1)).toEqual([]);
    const sixth = store.add(notification(), { source: 'live' })?.id ?? '';
    await store.close();

    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    expect(
      reopened
        .list()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual([...ids, sixth].sort());
    expect(readIds(reopened)).toEqual(ids.slice(0, 2).sort());
  });

  it('sets a journal with garbage in the middle aside and keeps every good line', async () => {
    const ids = await fiveItems();
    const original = lines(JOURNAL_1);
    writeLines(JOURNAL_1, [
      ...original.slice(0, 3),
      'garbage \u0000 not json',
      ...original.slice(3),
    ]);
    const damaged = readFileSync(join(dir, JOURNAL_1));

    const store = await open();
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]?.file).toBe(join(dir, JOURNAL_1));
    expect(store.problems[0]?.message).toMatch(/1 of 8 line/);
    const [aside] = quarantined(JOURNAL_1);
    expect(readFileSync(join(dir, aside ?? 'missing'))).toEqual(damaged);
    expect(store.size).toBe(5);
    expect(readIds(store)).toEqual(ids.slice(0, 2).sort());
    await store.close();

    // What was salvaged was written out again: the next open finds nothing wrong.
    const reopened = await open();
    expect(reopened.problems).toEqual([]);
    expect(reopened.size).toBe(5);
    expect(readIds(reopened)).toEqual(ids.slice(0, 2).sort());
    expect(quarantined(JOURNAL_1)).toHaveLength(1);
  });

  it('sets aside a journal holding a record that fails the schema', async () => {
    const ids = await fiveItems();
    const original = lines(JOURNAL_1);
    // Sealed with a correct checksum, so only the schema can object to it.
    const invalid = sealLine(JSON.stringify({ t: 'read', ids: [''], read: true })).trimEnd();
    writeLines(JOURNAL_1, [...original.slice(0, 2), invalid, ...original.slice(2)]);

    const store = await open();
    expect(store.problems).toHaveLength(1);
    expect(quarantined(JOURNAL_1)).toHaveLength(1);
    expect(
      store
        .list()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual([...ids].sort());
  });

  it('notices a changed byte the JSON parser cannot, and keeps the line if it is still valid', async () => {
    await fiveItems();
    const original = lines(JOURNAL_1);
    const tampered = original.map((line) => line.replace('"title":"Title 3"', '"title":"Title 8"'));
    expect(tampered).not.toEqual(original);
    writeLines(JOURNAL_1, tampered);

    const store = await open();
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]?.message).toMatch(/checksum/);
    expect(store.size).toBe(5);
    expect(store.list().items.map((item) => item.title)).toContain('Title 8');
  });

  it('sets aside a snapshot that is garbage and keeps what the journal holds', async () => {
    const store = await open();
    for (let i = 0; i < 3; i++) store.add(notification(), { source: 'live' });
    await store.compact();
    const after = store.add(notification(), { source: 'live' })?.id;
    await store.close();
    const random = seededRandom(7);
    const garbage = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
    writeFileSync(join(dir, SNAPSHOT), garbage);

    const reopened = await open();
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]?.file).toBe(join(dir, SNAPSHOT));
    const [aside] = quarantined(SNAPSHOT);
    expect(readFileSync(join(dir, aside ?? 'missing'))).toEqual(garbage);
    expect(reopened.list().items.map((item) => item.id)).toEqual([after]);
    await reopened.close();
    expect((await open()).problems).toEqual([]);
  });

  it('keeps every other item of a snapshot with a damaged item line', async () => {
    const store = await open();
    const ids = [1, 2, 3, 4].map(() => store.add(notification(), { source: 'live' })?.id ?? '');
    store.setLastCursor(4);
    await store.compact();
    await store.close();
    const snapshot = lines(SNAPSHOT);
    expect(snapshot).toHaveLength(5);
    writeLines(SNAPSHOT, [...snapshot.slice(0, 2), '{"t":"item","k":[', ...snapshot.slice(3)]);

    const reopened = await open();
    expect(reopened.problems).toHaveLength(1);
    expect(quarantined(SNAPSHOT)).toHaveLength(1);
    expect(
      reopened
        .list()
        .items.map((item) => item.id)
        .sort(),
    ).toEqual([ids[0], ids[2], ids[3]].sort());
    expect(reopened.lastCursor).toBe(4);
  });

  it('notices a snapshot that lost a line', async () => {
    const store = await open();
    for (let i = 0; i < 4; i++) store.add(notification(), { source: 'live' });
    await store.compact();
    await store.close();
    writeLines(SNAPSHOT, lines(SNAPSHOT).slice(0, -1));

    const reopened = await open();
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]?.message).toMatch(/3 items where the header promises 4/);
    expect(reopened.size).toBe(3);
  });

  it('moves an unreadable snapshot aside and opens with the journal', async () => {
    const store = await open();
    store.add(notification(), { source: 'live' });
    await store.compact();
    const later = store.add(notification(), { source: 'live' })?.id;
    await store.close();
    rmSync(join(dir, SNAPSHOT));
    mkdirSync(join(dir, SNAPSHOT));

    const reopened = await open();
    expect(reopened.problems).toHaveLength(1);
    expect(reopened.problems[0]?.message).toMatch(/could not be read/);
    expect(quarantined(SNAPSHOT)).toHaveLength(1);
    expect(reopened.list().items.map((item) => item.id)).toEqual([later]);
    await reopened.close();
    expect((await open()).problems).toEqual([]);
  });

  it('drops an item whose sealed notification fails the schema when it is first read', async () => {
    await fiveItems();
    const tooLong = { ...notification(), title: 'x'.repeat(500) };
    const sentAtMs = Date.parse(tooLong.sentAt);
    appendFileSync(
      join(dir, JOURNAL_1),
      encodeItemLine(
        'add',
        [tooLong.cursor, sentAtMs, Date.now(), 0, 'live', tooLong.id],
        JSON.stringify(tooLong),
      ),
    );

    const store = await open();
    expect(store.problems).toEqual([]);
    expect(store.get(tooLong.id)).toBeUndefined();
    expect(store.has(tooLong.id)).toBe(false);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]?.message).toMatch(/title/);
    expect(quarantined(JOURNAL_1)).toHaveLength(1);
    expect(store.size).toBe(5);
    await store.close();
    const reopened = await open();
    expect(reopened.has(tooLong.id)).toBe(false);
    expect(reopened.size).toBe(5);
  });
});
