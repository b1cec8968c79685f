// The outbox: commands for the hub that must survive being offline and restarting. The store
// persists every change to it; this class only decides what the change is.
import { z } from 'zod';
import { NotificationIdSchema } from '../schema/notification';
import type { OutboxChange } from './record-format';

/**
 * Most ids the hub takes in one `MarkRead` / `MarkUnread` call (`MaxReadIds` in
 * hub/Hubs/NotificationHub.cs); larger batches are split into several entries.
 */
export const MAX_IDS_PER_READ_ENTRY = 500;

const SeqSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const OutboxEntrySchema = z.discriminatedUnion('kind', [
  z.object({ seq: SeqSchema, kind: z.literal('ack'), id: NotificationIdSchema }),
  z.object({
    seq: SeqSchema,
    kind: z.literal('read'),
    ids: z.array(NotificationIdSchema).min(1).max(MAX_IDS_PER_READ_ENTRY),
    read: z.boolean(),
  }),
]);
/**
 * One command for the hub. `ack` → `Acknowledge(id)`; `read` → `MarkRead(ids)` when `read`,
 * else `MarkUnread(ids)`. `seq` orders entries and names one for `completeOutbox`.
 */
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** What the outbox is asked to send; the plan turns these into entry edits. */
export type OutboxCommand =
  { kind: 'ack'; id: string } | { kind: 'read'; ids: readonly string[]; read: boolean };

type ReadEntry = Extract<OutboxEntry, { kind: 'read' }>;

export class Outbox {
  readonly #entries = new Map<number, OutboxEntry>();
  #nextSeq = 1;
  /**
   * Entries up to this seq have been handed to the session, which may be sending them right now:
   * they are never edited again, or `completeOutbox(seq)` could drop ids that were not sent.
   */
  #handedOutThrough = 0;

  /** The seq the next new entry gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Entries in seq order. Hands them out: they will not be coalesced into any more. */
  handOut(): OutboxEntry[] {
    this.#handedOutThrough = this.#nextSeq - 1;
    return this.entries();
  }

  /** Entries in seq order, without handing them out (for snapshots and tests). */
  entries(): OutboxEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  has(seq: number): boolean {
    return this.#entries.has(seq);
  }

  /**
   * The edits that queue `commands`, coalescing reads into entries not yet handed out: an id
   * marked read again is not repeated, an id whose read state flips is taken out of the older
   * opposite entry, and reads with the same value share an entry up to MAX_IDS_PER_READ_ENTRY.
   */
  plan(commands: readonly OutboxCommand[]): OutboxChange {
    const draft = new Map<number, OutboxEntry | null>();
    let nextSeq = this.#nextSeq;
    const current = (seq: number): OutboxEntry | undefined => {
      const drafted = draft.get(seq);
      return drafted === null ? undefined : (drafted ?? this.#entries.get(seq));
    };
    const open = (): number[] =>
      [...new Set([...this.#entries.keys(), ...draft.keys()])]
        .filter((seq) => seq > this.#handedOutThrough && current(seq) !== undefined)
        .sort((a, b) => a - b);

    for (const command of commands) {
      if (command.kind === 'ack') {
        draft.set(nextSeq, { seq: nextSeq, kind: 'ack', id: command.id });
        nextSeq += 1;
        continue;
      }
      const wanted = new Set(command.ids);
      for (const seq of open()) {
        const entry = current(seq);
        if (entry?.kind !== 'read' || entry.read === command.read) continue;
        const kept = entry.ids.filter((id) => !wanted.has(id));
        if (kept.length === entry.ids.length) continue;
        draft.set(seq, kept.length === 0 ? null : { ...entry, ids: kept });
      }
      const openSeqs = open();
      const lastSeq = openSeqs[openSeqs.length - 1];
      const last = lastSeq === undefined ? undefined : current(lastSeq);
      let pending = [...wanted];
      if (last?.kind === 'read' && last.read === command.read) {
        const present = new Set(last.ids);
        pending = pending.filter((id) => !present.has(id));
        const room = MAX_IDS_PER_READ_ENTRY - last.ids.length;
        if (room > 0 && pending.length > 0) {
          draft.set(last.seq, { ...last, ids: [...last.ids, ...pending.slice(0, room)] });
          pending = pending.slice(room);
        }
      }
      for (let i = 0; i < pending.length; i += MAX_IDS_PER_READ_ENTRY) {
        const entry: ReadEntry = {
          seq: nextSeq,
          kind: 'read',
          ids: pending.slice(i, i + MAX_IDS_PER_READ_ENTRY),
          read: command.read,
        };
        draft.set(nextSeq, entry);
        nextSeq += 1;
      }
    }

    const change: OutboxChange = { put: [], done: [] };
    for (const [seq, entry] of draft) {
      if (entry) change.put.push(entry);
      else if (this.#entries.has(seq)) change.done.push(seq);
    }
    return change;
  }

  /** Applies edits from `plan` or from disk. Idempotent: a put replaces the entry with its seq. */
  apply(change: OutboxChange): void {
    for (const seq of change.done) this.#entries.delete(seq);
    for (const entry of change.put) {
      this.#entries.set(entry.seq, entry);
      if (entry.seq >= this.#nextSeq) this.#nextSeq = entry.seq + 1;
    }
  }

  /** Restores the state a snapshot recorded. */
  restore(entries: readonly OutboxEntry[], nextSeq: number): void {
    this.#entries.clear();
    this.#nextSeq = nextSeq;
    this.apply({ put: [...entries], done: [] });
  }
}
