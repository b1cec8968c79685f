// The inbox's list order, kept sorted as items come and go so a page never needs a sort.
// Oldest first in memory (new items usually append at the end); lists read it backwards.
import type { InboxEntry } from './inbox-entry';

type OrderKey = Pick<InboxEntry, 'sentAtMs' | 'cursor' | 'id'>;

/** Oldest first: by sentAt, then cursor, then id, so the order is total and stable. */
export function compareOldestFirst(a: OrderKey, b: OrderKey): number {
  if (a.sentAtMs !== b.sentAtMs) return a.sentAtMs - b.sentAtMs;
  if (a.cursor !== b.cursor) return a.cursor - b.cursor;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class EntryOrder {
  #entries: InboxEntry[] = [];

  get size(): number {
    return this.#entries.length;
  }

  /** Replaces the contents, sorting only when they are not already in order. */
  reset(entries: InboxEntry[]): void {
    let sorted = true;
    for (let i = 1; i < entries.length && sorted; i++) {
      sorted = compareOldestFirst(entries[i - 1] as InboxEntry, entries[i] as InboxEntry) < 0;
    }
    if (!sorted) entries.sort(compareOldestFirst);
    this.#entries = entries;
  }

  insert(entry: InboxEntry): void {
    const entries = this.#entries;
    const last = entries[entries.length - 1];
    if (!last || compareOldestFirst(last, entry) < 0) {
      entries.push(entry);
      return;
    }
    entries.splice(this.#lowerBound(entry), 0, entry);
  }

  remove(entry: InboxEntry): void {
    const index = this.#lowerBound(entry);
    if (this.#entries[index] === entry) this.#entries.splice(index, 1);
  }

  /** Removes every entry in `doomed` in one pass. */
  removeAll(doomed: ReadonlySet<InboxEntry>): void {
    if (doomed.size === 0) return;
    this.#entries = this.#entries.filter((entry) => !doomed.has(entry));
  }

  /** Oldest first; the array is live, so copy it before mutating the store while iterating. */
  oldestFirst(): readonly InboxEntry[] {
    return this.#entries;
  }

  #lowerBound(key: OrderKey): number {
    const entries = this.#entries;
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareOldestFirst(entries[mid] as InboxEntry, key) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
