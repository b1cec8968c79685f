// The inbox in memory. Opening replays the files through the same apply methods that live
// changes use after they are written, so what a reopened store holds is what it held before.
import { EntryOrder } from './entry-order';
import type { InboxEntry } from './inbox-entry';
import { Outbox } from './outbox';
import {
  FLAG_ACKNOWLEDGED,
  FLAG_ARCHIVED,
  FLAG_READ,
  type ChangeRecord,
  type SnapshotHeader,
} from './record-format';

/** Above this many ids a removal rebuilds the order in one pass instead of splicing each. */
const BULK_REMOVAL = 16;

function countsAsUnread(flags: number): number {
  return (flags & (FLAG_READ | FLAG_ARCHIVED)) === 0 ? 1 : 0;
}

export class InboxState {
  readonly #byId = new Map<string, InboxEntry>();
  readonly #order = new EntryOrder();
  #unread = 0;
  /** While loading, the order and the unread count are built once at the end. */
  #loading = true;
  lastCursor = 0;
  desiredGroups: readonly string[] = [];
  readonly outbox = new Outbox();

  get size(): number {
    return this.#byId.size;
  }

  /** Items neither read nor archived. */
  get unreadCount(): number {
    return this.#unread;
  }

  get(id: string): InboxEntry | undefined {
    return this.#byId.get(id);
  }

  /** Oldest first; see EntryOrder.oldestFirst. */
  oldestFirst(): readonly InboxEntry[] {
    return this.#order.oldestFirst();
  }

  restoreBookkeeping(header: SnapshotHeader): void {
    this.lastCursor = header.lastCursor;
    this.desiredGroups = header.desiredGroups;
    this.outbox.restore(header.outbox, header.nextOutboxSeq);
  }

  finishLoading(): void {
    if (!this.#loading) return;
    this.#loading = false;
    const entries = [...this.#byId.values()];
    this.#order.reset(entries);
    this.#unread = 0;
    for (const entry of entries) this.#unread += countsAsUnread(entry.flags);
  }

  /** Adds an entry unless its id is stored already; returns whether it was added. */
  add(entry: InboxEntry): boolean {
    if (this.#byId.has(entry.id)) return false;
    this.#byId.set(entry.id, entry);
    if (!this.#loading) {
      this.#order.insert(entry);
      this.#unread += countsAsUnread(entry.flags);
    }
    return true;
  }

  /** Applies a journal record; returns the ids it changed (or removed, for `delete`). */
  apply(record: ChangeRecord): string[] {
    switch (record.t) {
      case 'read':
        if (record.outbox) this.outbox.apply(record.outbox);
        return this.#updateFlags(record.ids, (flags) =>
          record.read ? flags | FLAG_READ : flags & ~FLAG_READ,
        );
      case 'ack':
        if (record.outbox) this.outbox.apply(record.outbox);
        return this.#updateFlags(record.ids, (flags) => flags | FLAG_ACKNOWLEDGED | FLAG_READ);
      case 'archive':
        return this.#updateFlags(record.ids, (flags) =>
          record.archived ? flags | FLAG_ARCHIVED : flags & ~FLAG_ARCHIVED,
        );
      case 'delete':
        return this.#remove(record.ids);
      case 'cursor':
        this.lastCursor = record.value;
        return [];
      case 'groups':
        this.desiredGroups = record.names;
        return [];
      case 'outbox':
        this.outbox.apply(record.outbox);
        return [];
    }
  }

  #updateFlags(ids: readonly string[], update: (flags: number) => number): string[] {
    const changed: string[] = [];
    for (const id of ids) {
      const entry = this.#byId.get(id);
      if (!entry) continue;
      const before = entry.flags;
      const after = update(before);
      if (after === before) continue;
      entry.flags = after;
      if (!this.#loading) this.#unread += countsAsUnread(after) - countsAsUnread(before);
      changed.push(id);
    }
    return changed;
  }

  #remove(ids: readonly string[]): string[] {
    const removed: InboxEntry[] = [];
    for (const id of ids) {
      const entry = this.#byId.get(id);
      if (!entry) continue;
      this.#byId.delete(id);
      removed.push(entry);
    }
    if (!this.#loading) {
      if (removed.length > BULK_REMOVAL) this.#order.removeAll(new Set(removed));
      else for (const entry of removed) this.#order.remove(entry);
      for (const entry of removed) this.#unread -= countsAsUnread(entry.flags);
    }
    return removed.map((entry) => entry.id);
  }
}
