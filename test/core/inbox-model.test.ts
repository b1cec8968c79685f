// Random sequences of inbox operations, reopens and compactions, checked after every step
// against a plain in-memory model: the items, their state, the unread count and the list order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InboxStore } from '../../src-main/core/inbox/inbox-store';
import type { Notification } from '../../src-main/core/schema/notification';

interface ModelItem {
  id: string;
  cursor: number;
  sentAtMs: number;
  read: boolean;
  acknowledged: boolean;
  archived: boolean;
}

type Op =
  | {
      kind: 'add';
      id: string;
      cursor: number;
      minute: number;
      read: boolean;
      acknowledged: boolean;
    }
  | { kind: 'markRead'; ids: string[]; read: boolean }
  | { kind: 'markAllRead' }
  | { kind: 'archive'; ids: string[]; archived: boolean }
  | { kind: 'delete'; ids: string[] }
  | { kind: 'acknowledge'; id: string }
  | { kind: 'remoteRead'; ids: string[]; read: boolean }
  | { kind: 'remoteAck'; id: string }
  | { kind: 'retract'; id: string }
  | { kind: 'reopen' }
  | { kind: 'compact' };

const START = Date.UTC(2026, 10, 1);
// Few ids, cursors and times, so duplicates and ties in the order are common.
const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const idsArb = fc.array(idArb, { maxLength: 4 });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      id: idArb,
      cursor: fc.integer({ min: 1, max: 4 }),
      minute: fc.integer({ min: 0, max: 3 }),
      read: fc.boolean(),
      acknowledged: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('markRead' as const),
      ids: idsArb,
      read: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('markAllRead' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('archive' as const),
      ids: idsArb,
      archived: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), ids: idsArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('acknowledge' as const), id: idArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('remoteRead' as const),
      ids: idsArb,
      read: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remoteAck' as const), id: idArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('retract' as const), id: idArb }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'compact' as const }) },
);

function notificationFor(op: Extract<Op, { kind: 'add' }>): Notification {
  return {
    id: op.id,
    cursor: op.cursor,
    title: `Title ${op.id}`,
    body: '',
    severity: 'info',
    sentAt: new Date(START + op.minute * 60_000).toISOString(),
    sender: { id: 's', displayName: 'Sender' },
    target: { kind: 'all' },
    url: null,
    actions: [],
    requireAck: false,
    expiresAt: null,
    tags: [],
  };
}

/** Newest first: sentAt, then cursor, then id, all descending. */
function newestFirst(a: ModelItem, b: ModelItem): number {
  return b.sentAtMs - a.sentAtMs || b.cursor - a.cursor || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

class Model {
  readonly items = new Map<string, ModelItem>();

  get unreadCount(): number {
    return [...this.items.values()].filter((item) => !item.read && !item.archived).length;
  }

  listed(archived: boolean): string[] {
    return [...this.items.values()]
      .filter((item) => item.archived === archived)
      .sort(newestFirst)
      .map((item) => item.id);
  }

  /** Sets a field on the given ids (each once, unknown ones skipped); returns those it changed. */
  update(ids: readonly string[], change: (item: ModelItem) => Partial<ModelItem>): string[] {
    const changed: string[] = [];
    for (const id of new Set(ids)) {
      const item = this.items.get(id);
      if (!item) continue;
      const next = { ...item, ...change(item) };
      if (
        next.read === item.read &&
        next.acknowledged === item.acknowledged &&
        next.archived === item.archived
      ) {
        continue;
      }
      this.items.set(id, next);
      changed.push(id);
    }
    return changed;
  }

  remove(ids: readonly string[]): string[] {
    return [...new Set(ids)].filter((id) => this.items.delete(id));
  }
}

/** Applies `op` to both; returns what the store answered and what the model expects it to. */
async function step(
  op: Op,
  store: InboxStore,
  model: Model,
  reopen: () => Promise<InboxStore>,
): Promise<{ store: InboxStore; actual: unknown; expected: unknown }> {
  switch (op.kind) {
    case 'add': {
      const fresh = !model.items.has(op.id);
      if (fresh) {
        model.items.set(op.id, {
          id: op.id,
          cursor: op.cursor,
          sentAtMs: START + op.minute * 60_000,
          read: op.read || op.acknowledged,
          acknowledged: op.acknowledged,
          archived: false,
        });
      }
      const added = store.add(notificationFor(op), {
        source: 'live',
        read: op.read,
        acknowledged: op.acknowledged,
      });
      return { store, actual: added !== undefined, expected: fresh };
    }
    case 'markRead':
      return {
        store,
        actual: store.markRead(op.ids, op.read),
        expected: model.update(op.ids, () => ({ read: op.read })),
      };
    case 'markAllRead': {
      const expected = model.update(model.listed(false), () => ({ read: true }));
      return { store, actual: [...store.markAllRead()].sort(), expected: expected.sort() };
    }
    case 'archive':
      return {
        store,
        actual: store.archive(op.ids, op.archived),
        expected: model.update(op.ids, () => ({ archived: op.archived })),
      };
    case 'delete':
      return { store, actual: store.delete(op.ids), expected: model.remove(op.ids) };
    case 'acknowledge': {
      const known = model.items.get(op.id);
      const expected = known !== undefined && !known.acknowledged;
      model.update([op.id], (item) =>
        item.acknowledged ? {} : { acknowledged: true, read: true },
      );
      return { store, actual: store.acknowledge(op.id), expected };
    }
    case 'remoteRead':
      return {
        store,
        actual: store.applyRemote({ kind: 'read', ids: op.ids, read: op.read }),
        expected: model.update(op.ids, () => ({ read: op.read })),
      };
    case 'remoteAck':
      return {
        store,
        actual: store.applyRemote({ kind: 'acknowledged', id: op.id }),
        expected: model.update([op.id], () => ({ acknowledged: true, read: true })),
      };
    case 'retract':
      return {
        store,
        actual: store.applyRemote({ kind: 'retracted', id: op.id }),
        expected: model.remove([op.id]),
      };
    case 'reopen': {
      const outbox = store.outbox();
      const reopened = await reopen();
      return { store: reopened, actual: reopened.outbox(), expected: outbox };
    }
    case 'compact':
      await store.compact();
      return { store, actual: true, expected: true };
  }
}

function expectSameContents(store: InboxStore, model: Model, context: string): void {
  expect(store.size, context).toBe(model.items.size);
  expect(store.unreadCount, context).toBe(model.unreadCount);
  for (const archived of [false, true]) {
    const page = store.list({ limit: 500, archived });
    expect(
      page.items.map((item) => item.id),
      context,
    ).toEqual(model.listed(archived));
    for (const item of page.items) {
      const { read, acknowledged } = model.items.get(item.id) ?? {};
      expect({ id: item.id, read: item.read, acknowledged: item.acknowledged }, context).toEqual({
        id: item.id,
        read,
        acknowledged,
      });
    }
  }
}

describe('the inbox store against a model', () => {
  it('agrees after every step of random operation sequences', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        // 'max': lengths spread over the whole range, not fast-check's default of a few ops.
        fc.array(opArb, { minLength: 1, maxLength: 60, size: 'max' }),
        // 0 and 3 make the store compact by itself all the time, reopens landing mid-compaction.
        fc.constantFrom(0, 3, 1000),
        async (ops, compactionBase) => {
          const dir = mkdtempSync(join(tmpdir(), 'herald-inbox-model-'));
          const options = { compactionThreshold: { perItem: 0, base: compactionBase } };
          let store = await InboxStore.open(dir, options);
          const reopen = async (): Promise<InboxStore> => {
            await store.close();
            return InboxStore.open(dir, options);
          };
          try {
            const model = new Model();
            for (const [index, op] of ops.entries()) {
              const context = `step ${index}: ${JSON.stringify(op)}`;
              const result = await step(op, store, model, reopen);
              store = result.store;
              expect(store.problems, context).toEqual([]);
              expect(result.actual, context).toEqual(result.expected);
              expectSameContents(store, model, context);
            }
            const reopened = await reopen();
            store = reopened;
            expect(store.problems).toEqual([]);
            expectSameContents(store, model, 'after a final reopen');
          } finally {
            await store.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
