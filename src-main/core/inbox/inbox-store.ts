// The inbox: every notification this device received, its local state, the commands for the hub
// that are still to be sent (the outbox) and the session's bookkeeping, kept in a data directory.
//
// Storage: a snapshot plus an append-only journal of changes (see journal-writer.ts for when
// a change is durable, record-format.ts for the line format). A change is written before it is
// applied in memory, so a failed write leaves the store as it was. When the journal has grown
// past its threshold it is compacted: a new journal takes the changes from that instant on,
// and the state of that instant is written as the new snapshot in the background. Opening
// replays the snapshot and every journal from its generation on, so a process killed at any
// point of this (or of an append) reopens with everything an `add()` had returned for.
import { rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Emitter, type Event } from '../base/event';
import type { Disposable } from '../base/lifecycle';
import { drop, silentLogger, toLogFormat, type Logger } from '../base/log';
import {
  GroupNameSchema,
  NotificationIdSchema,
  NotificationSchema,
  isCheckedNotification,
  type Notification,
} from '../schema/notification';
import { EntryDamage, InboxEntry, searchTextOf, sentAtMsOf } from './inbox-entry';
import type { InboxChange, InboxItem, ItemSource } from './inbox-item';
import { loadInbox, type InboxProblem } from './inbox-loader';
import {
  InboxFilterSchema,
  InboxQuerySchema,
  compileFilter,
  type InboxFilter,
  type EntryMatcher,
  type InboxPage,
  type InboxQuery,
} from './inbox-query';
import type { InboxState } from './inbox-state';
import { JournalWriter } from './journal-writer';
import { ItemFile } from './item-file';
import type { OutboxEntry } from './outbox';
import {
  FLAG_ACKNOWLEDGED,
  FLAG_READ,
  FORMAT_VERSION,
  SNAPSHOT_FORMAT,
  encodeItemLine,
  encodeRecord,
  notificationRangeInLine,
  type ChangeRecord,
  type ItemKey,
  type SnapshotHeader,
} from './record-format';
import { SnapshotIndexBuilder } from './snapshot-index';
import { writeSnapshot } from './snapshot-writer';
import { SNAPSHOT_NAME, journalGeneration, quarantineCopy } from './store-files';

export type { InboxChange, InboxItem, ItemSource } from './inbox-item';
export type { InboxProblem } from './inbox-loader';
export type { InboxFilter, InboxPage, InboxQuery } from './inbox-query';
export type { OutboxEntry } from './outbox';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Items per chunk of a snapshot write; the event loop runs between chunks. */
const SNAPSHOT_CHUNK_ITEMS = 1000;
/** How long one slice of the background validation may hold the event loop, in ms. */
const VALIDATION_SLICE_MS = 8;

const OptionsSchema = z.object({
  maxAgeDays: z.number().positive().default(90),
  maxCount: z.number().int().positive().default(100_000),
  compactionThreshold: z
    .object({
      perItem: z.number().nonnegative().default(2),
      base: z.number().int().nonnegative().default(1000),
    })
    .default({ perItem: 2, base: 1000 }),
  checkInBackground: z.boolean().default(true),
});

export interface InboxStoreOptions {
  /** Items received longer ago than this are pruned, in days. Default 90. */
  maxAgeDays?: number;
  /** Most items kept; pruning removes the oldest (by sentAt) beyond it. Default 100,000. */
  maxCount?: number;
  /** The clock, in ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Default: discard. Damaged files are reported at warn, torn journal tails at info. */
  logger?: Logger;
  /**
   * When the journal is compacted into a new snapshot: once it holds more than
   * `perItem` × items + `base` records. Default `{ perItem: 2, base: 1000 }`.
   */
  compactionThreshold?: { perItem?: number; base?: number };
  /**
   * Check every notification opening left unchecked in the background right after open, so the
   * first list filtered by severity or group does not pay for it. Default true. A process that
   * never filters its inbox (the CLI listener) turns it off and saves the memory it churns;
   * each item is then checked when first read.
   */
  checkInBackground?: boolean;
}

export interface AddOptions {
  source: ItemSource;
  /** Already read (on another device). Default false; true whenever `acknowledged` is. */
  read?: boolean;
  /** Already acknowledged (on another device). Default false. */
  acknowledged?: boolean;
}

/** State the hub echoes from this user's other devices. Nothing is queued for the hub. */
export const RemoteChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('read'), ids: z.array(NotificationIdSchema), read: z.boolean() }),
  z.object({ kind: z.literal('acknowledged'), id: NotificationIdSchema }),
  /** The sender withdrew it: it is deleted here. */
  z.object({ kind: z.literal('retracted'), id: NotificationIdSchema }),
]);
export type RemoteChange = z.infer<typeof RemoteChangeSchema>;

const IdsSchema = z.array(NotificationIdSchema);
const CursorSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const GroupNamesSchema = z.array(GroupNameSchema).max(1000);

export class InboxStoreClosedError extends Error {
  constructor() {
    super('The inbox store is closed.');
    this.name = 'InboxStoreClosedError';
  }
}

interface Damaged {
  entry: InboxEntry;
  why: string;
}

export class InboxStore implements Disposable {
  readonly #dir: string;
  readonly #state: InboxState;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #maxAgeMs: number;
  readonly #maxCount: number;
  readonly #compactionPerItem: number;
  readonly #compactionBase: number;
  readonly #problems: InboxProblem[];
  readonly #quarantined: Set<ItemFile>;
  /** Every file some entry may read its notification from; closed once none can. */
  readonly #files: Set<ItemFile>;
  #journal: JournalWriter;
  /** The journal being appended to, as entries read it. */
  #journalFile: ItemFile;
  /** Records in the journals the snapshot does not cover yet. */
  #journalRecords: number;
  /** After a failed compaction, the journal size at which to try again. */
  #compactionRetryAt = 0;
  #compaction: Promise<void> | undefined;
  #nextCompaction: Promise<void> | undefined;
  #validation: NodeJS.Immediate | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  readonly #onDidChange: Emitter<InboxChange>;
  /** Fired after each change to the items: added, updated (local state) or removed. */
  readonly onDidChange: Event<InboxChange>;
  readonly #onDidQueueOutbox = new Emitter<void>();
  /** Fired when the outbox gained or grew an entry: time to send if connected. */
  readonly onDidQueueOutbox: Event<void> = this.#onDidQueueOutbox.event;

  private constructor(
    dir: string,
    loaded: ReturnType<typeof loadInbox>,
    journal: JournalWriter,
    journalFile: ItemFile,
    options: InboxStoreOptions,
    settings: z.output<typeof OptionsSchema>,
    logger: Logger,
  ) {
    this.#dir = dir;
    this.#state = loaded.state;
    this.#journal = journal;
    this.#journalFile = journalFile;
    this.#journalRecords = loaded.journalRecords;
    this.#problems = loaded.problems;
    this.#quarantined = loaded.quarantined;
    this.#files = new Set([...loaded.files, journalFile]);
    this.#now = options.now ?? Date.now;
    this.#logger = logger;
    this.#maxAgeMs = settings.maxAgeDays * DAY_MS;
    this.#maxCount = settings.maxCount;
    this.#compactionPerItem = settings.compactionThreshold.perItem;
    this.#compactionBase = settings.compactionThreshold.base;
    this.#onDidChange = new Emitter((error) =>
      logger.error('an inbox change listener failed:', error),
    );
    this.onDidChange = this.#onDidChange.event;
  }

  /**
   * Opens (creating if needed) the inbox in `dir`, then prunes it. Damaged content never makes
   * this fail: what can be trusted is kept, the damaged file is copied aside as
   * `<name>.corrupt-<timestamp>` and the finding is listed in `problems`. It rejects only when
   * the directory itself cannot be used.
   */
  static async open(dir: string, options: InboxStoreOptions = {}): Promise<InboxStore> {
    const settings = OptionsSchema.parse(options);
    const logger = options.logger ?? silentLogger;
    const now = options.now ?? Date.now;
    await mkdir(dir, { recursive: true });
    const loaded = loadInbox(dir, now(), logger);

    const last = loaded.journals[loaded.journals.length - 1];
    let journal: JournalWriter;
    let journalFile: ItemFile;
    try {
      if (last?.resume !== undefined) {
        journal = JournalWriter.resume(dir, last.generation, last.resume, logger);
        journalFile = last.file;
      } else {
        journal = JournalWriter.create(
          dir,
          Math.max(loaded.snapshotGeneration, (last?.generation ?? 0) + 1, 1),
          logger,
        );
        journalFile = ItemFile.open(journal.path);
      }
      // A torn tail was cut off, or a newline or header written.
      journalFile.setLength(journal.size);
    } catch (error) {
      for (const file of loaded.files) file.close();
      throw error;
    }
    const store = new InboxStore(dir, loaded, journal, journalFile, options, settings, logger);
    if (loaded.damaged) {
      // What was salvaged exists only in memory and in files that are set aside: write it out.
      await store.compact().catch((error: unknown) => {
        logger.error('could not rewrite the inbox after finding damage:', error);
      });
    }
    store.prune();
    store.#compactIfDue();
    if (settings.checkInBackground) store.#validateInBackground();
    return store;
  }

  /** What opening found wrong and worked around. Empty for a healthy store. */
  get problems(): readonly InboxProblem[] {
    return this.#problems;
  }

  /** Items stored, archived ones included. */
  get size(): number {
    return this.#state.size;
  }

  /** Items neither read nor archived. */
  get unreadCount(): number {
    return this.#state.unreadCount;
  }

  /** The highest hub cursor the session has caught up to. 0 until set. */
  get lastCursor(): number {
    return this.#state.lastCursor;
  }

  /** The groups the user chose to be in. Empty until set. */
  get desiredGroups(): readonly string[] {
    return this.#state.desiredGroups;
  }

  /**
   * Stores a notification unless one with its id is stored already (then returns undefined).
   * When this returns, the item is written: it survives the process being killed.
   * @throws ZodError when `notification` does not satisfy NotificationSchema.
   */
  add(notification: Notification, options: AddOptions): InboxItem | undefined {
    this.#assertOpen();
    // What the ingest checked (frozen since) is not checked again.
    const parsed = isCheckedNotification(notification)
      ? notification
      : NotificationSchema.parse(notification);
    if (this.#state.get(parsed.id)) return undefined;
    const acknowledged = options.acknowledged ?? false;
    const read = (options.read ?? false) || acknowledged;
    const key: ItemKey = [
      parsed.cursor,
      sentAtMsOf(parsed.sentAt),
      Math.max(0, Math.floor(this.#now())),
      (read ? FLAG_READ : 0) | (acknowledged ? FLAG_ACKNOWLEDGED : 0),
      options.source,
      parsed.id,
    ];
    const json = JSON.stringify(parsed);
    const lineStart = this.#journal.append(encodeItemLine('add', key, json));
    this.#journalFile.setLength(this.#journal.size);
    this.#journalRecords += 1;
    const [start, end] = notificationRangeInLine('add', key, json);
    const entry = InboxEntry.written(
      parsed,
      key,
      this.#journalFile,
      lineStart + start,
      lineStart + end,
    );
    this.#state.add(entry);
    const item = entry.view(parsed);
    this.#onDidChange.fire({ kind: 'added', items: [item] });
    this.#compactIfDue();
    return item;
  }

  /** Whether an item with this id is stored. */
  has(id: string): boolean {
    return this.#state.get(id) !== undefined;
  }

  /** The stored item with this id, or undefined. */
  get(id: string): InboxItem | undefined {
    this.#assertOpen();
    const entry = this.#state.get(id);
    if (!entry) return undefined;
    const damaged: Damaged[] = [];
    const item = this.#viewOf(entry, damaged);
    this.#dropDamaged(damaged);
    return item;
  }

  /**
   * One page of the items matching `query`, newest first: by sentAt, then cursor, then id, all
   * descending. `total` counts every match.
   * @throws ZodError when `query` does not satisfy InboxQuerySchema (e.g. `limit` over 500).
   */
  list(query: InboxQuery = {}): InboxPage<InboxItem> {
    this.#assertOpen();
    const { offset, limit, ...filter } = InboxQuerySchema.parse(query);
    const matcher = compileFilter(filter);
    const entries = this.#state.oldestFirst();
    const items: InboxItem[] = [];
    const damaged: Damaged[] = [];
    let total = 0;
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i] as InboxEntry;
      if (!this.#matches(entry, matcher, damaged)) continue;
      if (total >= offset && items.length < limit) {
        const item = this.#viewOf(entry, damaged);
        if (!item) continue;
        items.push(item);
      }
      total += 1;
    }
    this.#dropDamaged(damaged);
    return { items, total };
  }

  /**
   * Sets the read state of the given items and queues it for the hub so the user's other
   * devices learn it. Unknown ids are skipped. Returns the ids whose state changed.
   */
  markRead(ids: readonly string[], read = true): string[] {
    this.#assertOpen();
    const changed = this.#presentIds(ids).filter((id) => this.#state.get(id)?.read !== read);
    if (changed.length === 0) return [];
    const outbox = this.#state.outbox.plan([{ kind: 'read', ids: changed, read }]);
    this.#commit({ t: 'read', ids: changed, read, outbox });
    this.#onDidChange.fire({ kind: 'updated', ids: changed });
    this.#onDidQueueOutbox.fire();
    return changed;
  }

  /** Marks every unread item matching `filter` read (see markRead). Returns the ids changed. */
  markAllRead(filter: InboxFilter = {}): string[] {
    this.#assertOpen();
    const matcher = compileFilter(InboxFilterSchema.parse({ ...filter, unread: true }));
    const ids: string[] = [];
    const damaged: Damaged[] = [];
    for (const entry of this.#state.oldestFirst()) {
      if (this.#matches(entry, matcher, damaged)) ids.push(entry.id);
    }
    this.#dropDamaged(damaged);
    return this.markRead(ids.reverse(), true);
  }

  /** Archives (or restores) items; archived items are hidden from lists by default. */
  archive(ids: readonly string[], archived = true): string[] {
    this.#assertOpen();
    const changed = this.#presentIds(ids).filter(
      (id) => this.#state.get(id)?.archived !== archived,
    );
    if (changed.length === 0) return [];
    this.#commit({ t: 'archive', ids: changed, archived });
    this.#onDidChange.fire({ kind: 'updated', ids: changed });
    return changed;
  }

  /** Deletes items on this device only. Returns the ids removed. */
  delete(ids: readonly string[]): string[] {
    this.#assertOpen();
    const present = this.#presentIds(ids);
    if (present.length === 0) return [];
    const removed = this.#commit({ t: 'delete', ids: present });
    this.#onDidChange.fire({ kind: 'removed', ids: removed });
    return removed;
  }

  /**
   * Acknowledges an item: acknowledged and read here, and both queued for the hub (its
   * `Acknowledge` does not mark read). Returns false when the id is unknown or already acknowledged.
   */
  acknowledge(id: string): boolean {
    this.#assertOpen();
    const entry = this.#state.get(NotificationIdSchema.parse(id));
    if (!entry || entry.acknowledged) return false;
    const outbox = this.#state.outbox.plan(
      entry.read
        ? [{ kind: 'ack', id }]
        : [
            { kind: 'ack', id },
            { kind: 'read', ids: [id], read: true },
          ],
    );
    this.#commit({ t: 'ack', ids: [id], outbox });
    this.#onDidChange.fire({ kind: 'updated', ids: [id] });
    this.#onDidQueueOutbox.fire();
    return true;
  }

  /**
   * Applies state the hub echoed from the user's other devices; a retracted item is deleted.
   * Nothing is queued for the hub. Returns the ids changed or removed.
   * @throws ZodError when `change` does not satisfy RemoteChangeSchema.
   */
  applyRemote(change: RemoteChange): string[] {
    this.#assertOpen();
    const parsed = RemoteChangeSchema.parse(change);
    switch (parsed.kind) {
      case 'read': {
        const ids = parsed.ids.filter((id) => {
          const entry = this.#state.get(id);
          return entry !== undefined && entry.read !== parsed.read;
        });
        if (ids.length === 0) return [];
        const changed = this.#commit({ t: 'read', ids: [...new Set(ids)], read: parsed.read });
        this.#onDidChange.fire({ kind: 'updated', ids: changed });
        return changed;
      }
      case 'acknowledged': {
        const entry = this.#state.get(parsed.id);
        if (!entry || (entry.acknowledged && entry.read)) return [];
        const changed = this.#commit({ t: 'ack', ids: [parsed.id] });
        this.#onDidChange.fire({ kind: 'updated', ids: changed });
        return changed;
      }
      case 'retracted':
        return this.delete([parsed.id]);
    }
  }

  /**
   * The commands still to send to the hub, oldest first. Entries handed out here are never
   * changed afterwards, so send each and then call `completeOutbox(seq)`; until then they stay
   * queued, across restarts too.
   */
  outbox(): OutboxEntry[] {
    return this.#state.outbox.handOut();
  }

  /** Removes a sent entry from the outbox. Returns false when no entry has that seq. */
  completeOutbox(seq: number): boolean {
    this.#assertOpen();
    if (!this.#state.outbox.has(seq)) return false;
    this.#commit({ t: 'outbox', outbox: { put: [], done: [seq] } });
    return true;
  }

  /**
   * Records the highest hub cursor caught up to. A lower value is ignored unless `reset` (the
   * hub's history was reset and cursors started over).
   */
  setLastCursor(cursor: number, options: { reset?: boolean } = {}): void {
    this.#assertOpen();
    const value = CursorSchema.parse(cursor);
    if (value === this.#state.lastCursor) return;
    if (value < this.#state.lastCursor && !options.reset) return;
    this.#commit({ t: 'cursor', value });
  }

  /** Records the groups the user chose (duplicates dropped, order kept). */
  setDesiredGroups(names: readonly string[]): void {
    this.#assertOpen();
    const unique = [...new Set(GroupNamesSchema.parse(names))];
    const current = this.#state.desiredGroups;
    if (unique.length === current.length && unique.every((name, i) => name === current[i])) return;
    this.#commit({ t: 'groups', names: unique });
  }

  /**
   * Applies retention: removes items received more than `maxAgeDays` ago, then the oldest
   * (by sentAt) beyond `maxCount`. Runs on open; call it periodically. Returns how many it removed.
   */
  prune(): number {
    this.#assertOpen();
    const cutoff = this.#now() - this.#maxAgeMs;
    const entries = this.#state.oldestFirst();
    const doomed = new Set<string>();
    for (const entry of entries) if (entry.receivedAt < cutoff) doomed.add(entry.id);
    for (let i = 0; entries.length - doomed.size > this.#maxCount && i < entries.length; i++) {
      doomed.add((entries[i] as InboxEntry).id);
    }
    if (doomed.size === 0) return 0;
    const removed = this.#commit({ t: 'delete', ids: [...doomed] });
    this.#onDidChange.fire({ kind: 'removed', ids: removed });
    return removed.length;
  }

  /**
   * Writes the current state as a new snapshot and drops the journals it covers. Runs by
   * itself when the journal passes `compactionThreshold`. Resolves once a snapshot covering
   * every change made before the call is in place (or the store was closed meanwhile).
   */
  compact(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#compaction) {
      // The running one covers the state of when it started; queue one for the state of now.
      this.#nextCompaction ??= this.#compaction
        .catch(() => undefined)
        .then(() => {
          this.#nextCompaction = undefined;
          return this.compact();
        });
      return this.#nextCompaction;
    }
    this.#compaction = this.#compact().finally(() => {
      this.#compaction = undefined;
    });
    return this.#compaction;
  }

  /**
   * Stops background work, flushes the journal to disk and closes it; all of that before it
   * returns. The promise settles once a running compaction has stopped. Idempotent.
   */
  close(): Promise<void> {
    if (!this.#closing) {
      this.#closed = true;
      if (this.#validation) clearImmediate(this.#validation);
      this.#validation = undefined;
      try {
        this.#journal.close();
      } catch (error) {
        this.#logger.error('could not close the inbox journal:', error);
      }
      this.#onDidChange.dispose();
      this.#onDidQueueOutbox.dispose();
      // A running compaction notices #closed between chunks and leaves the old snapshot in
      // place; the files it reads from are closed once it has stopped.
      const closeFiles = (): void => {
        for (const file of this.#files) file.close();
        this.#files.clear();
      };
      if (this.#compaction) {
        this.#closing = this.#compaction.then(closeFiles, closeFiles);
      } else {
        closeFiles();
        this.#closing = Promise.resolve();
      }
    }
    return this.#closing;
  }

  dispose(): void {
    drop(this.close(), this.#logger, 'closing the inbox');
  }

  #assertOpen(): void {
    if (this.#closed) throw new InboxStoreClosedError();
  }

  /**
   * Whether `entry` passes `matcher`, validating it first when the test needs its content. An
   * entry found damaged on the way is added to `damaged` and does not match.
   */
  #matches(entry: InboxEntry, matcher: EntryMatcher, damaged: Damaged[]): boolean {
    if (!matcher.matchesState(entry)) return false;
    if (!matcher.matchesFields && matcher.text === undefined) return true;
    const why = entry.validate();
    if (why !== undefined) {
      damaged.push({ entry, why });
      return false;
    }
    if (matcher.matchesFields && !matcher.matchesFields(entry)) return false;
    if (matcher.text === undefined) return true;
    if (matcher.textInJson !== undefined) {
      // Most items do not hold the text anywhere in their JSON; only those that do are parsed.
      const json = entry.json();
      if (json instanceof EntryDamage) {
        damaged.push({ entry, why: json.why });
        return false;
      }
      if (!json.toLowerCase().includes(matcher.textInJson)) return false;
    }
    const notification = entry.load();
    if (notification instanceof EntryDamage) {
      damaged.push({ entry, why: notification.why });
      return false;
    }
    return searchTextOf(notification).includes(matcher.text);
  }

  /** The item for `entry`, read from disk; undefined (and added to `damaged`) when unreadable. */
  #viewOf(entry: InboxEntry, damaged: Damaged[]): InboxItem | undefined {
    const notification = entry.loadAndValidate();
    if (notification instanceof EntryDamage) {
      damaged.push({ entry, why: notification.why });
      return undefined;
    }
    return entry.view(notification);
  }

  /** The stored ids among `ids`, each once. */
  #presentIds(ids: readonly string[]): string[] {
    return [...new Set(IdsSchema.parse(ids))].filter((id) => this.#state.get(id) !== undefined);
  }

  /** Writes a record, then applies it; returns the ids it changed. */
  #commit(record: ChangeRecord): string[] {
    this.#journal.append(encodeRecord(record));
    this.#journalRecords += 1;
    const changed = this.#state.apply(record);
    this.#compactIfDue();
    return changed;
  }

  #compactIfDue(): void {
    if (this.#compaction || this.#closed) return;
    const threshold = this.#compactionPerItem * this.#state.size + this.#compactionBase;
    if (this.#journalRecords <= threshold || this.#journalRecords < this.#compactionRetryAt) return;
    drop(
      this.compact().catch((error: unknown) => {
        this.#compactionRetryAt = this.#journalRecords + Math.max(this.#compactionBase, 100);
        throw error;
      }),
      this.#logger,
      'compacting the inbox',
    );
  }

  async #compact(): Promise<void> {
    const previous = this.#journal;
    const generation = previous.generation + 1;
    // From this instant changes go to the new journal, and the snapshot holds the state of
    // this instant. Until the snapshot is renamed into place the old snapshot still names the
    // old generation, so a reopen replays the old journal and the new one: nothing is lost.
    const journal = JournalWriter.create(this.#dir, generation, this.#logger);
    let journalFile: ItemFile;
    try {
      journalFile = ItemFile.open(journal.path);
    } catch (error) {
      // Adds would be written to one file and read from another: keep the old journal.
      journal.close();
      rmSync(journal.path, { force: true });
      throw error;
    }
    this.#journal = journal;
    this.#journalFile = journalFile;
    this.#files.add(journalFile);
    const journalRecordsBefore = this.#journalRecords;
    this.#journalRecords = 0;
    const entries = this.#state.oldestFirst().slice();
    const flags = Uint8Array.from(entries, (entry) => entry.flags);
    const header: SnapshotHeader = {
      t: 'snapshot',
      format: SNAPSHOT_FORMAT,
      version: FORMAT_VERSION,
      generation,
      items: entries.length,
      lastCursor: this.#state.lastCursor,
      desiredGroups: [...this.#state.desiredGroups],
      nextOutboxSeq: this.#state.outbox.nextSeq,
      outbox: this.#state.outbox.entries(),
    };
    const index = new SnapshotIndexBuilder(generation);
    // Where each entry's line starts in the new snapshot; it ends before the next one's start.
    const lineStarts = new Float64Array(entries.length + 1);
    let written = false;
    try {
      await previous.retire();
      written = await writeSnapshot(
        this.#dir,
        snapshotChunks(header, entries, flags, index, lineStarts),
        () => this.#closed,
      );
    } finally {
      // The records the snapshot would have covered are still to be compacted.
      if (!written) this.#journalRecords += journalRecordsBefore;
    }
    if (!written) return;
    this.#relocate(entries, lineStarts);
    for (const name of await readdir(this.#dir)) {
      const journal = journalGeneration(name);
      if (journal !== undefined && journal < generation)
        await rm(join(this.#dir, name), { force: true });
    }
  }

  /**
   * Points the entries just written to the new snapshot at their lines there, and closes the
   * files no entry reads from any more. Without this, entries would keep reading the old files,
   * which stay readable through their descriptors; they are then left open.
   */
  #relocate(entries: readonly InboxEntry[], lineStarts: Float64Array): void {
    if (this.#closed) return;
    let snapshot: ItemFile;
    try {
      snapshot = ItemFile.open(join(this.#dir, SNAPSHOT_NAME));
    } catch (error) {
      this.#logger.warn('could not open the new inbox snapshot for reading:', error);
      return;
    }
    const end = lineStarts[entries.length] as number;
    if (snapshot.length < end) {
      snapshot.close();
      this.#logger.warn(
        `the new inbox snapshot is shorter than written (${snapshot.length} < ${end})`,
      );
      return;
    }
    for (let i = 0; i < entries.length; i++) {
      // The line's newline is not part of it.
      (entries[i] as InboxEntry).relocate(
        snapshot,
        lineStarts[i] as number,
        (lineStarts[i + 1] as number) - 1,
      );
    }
    for (const file of this.#files) {
      if (file !== this.#journalFile) file.close();
    }
    this.#files.clear();
    this.#files.add(snapshot).add(this.#journalFile);
  }

  /**
   * Validates, newest first, every notification that opening left unparsed, a few milliseconds
   * at a time, so the text filter and the first pages never pay for it.
   */
  #validateInBackground(): void {
    if (this.#closed) return;
    const pending = this.#state.oldestFirst().filter((entry) => !entry.isValidated);
    let index = pending.length;
    const slice = (): void => {
      this.#validation = undefined;
      if (this.#closed) return;
      const deadline = performance.now() + VALIDATION_SLICE_MS;
      const damaged: Damaged[] = [];
      while (index > 0 && performance.now() < deadline) {
        const entry = pending[--index] as InboxEntry;
        if (this.#state.get(entry.id) !== entry) continue;
        const why = entry.validate();
        if (why !== undefined) damaged.push({ entry, why });
      }
      this.#dropDamaged(damaged);
      if (index > 0) this.#schedule(slice);
    };
    if (index > 0) this.#schedule(slice);
  }

  #schedule(task: () => void): void {
    // Kept referenced: an unreferenced immediate does not stop the event loop from blocking in
    // its poll for I/O, so each slice would wait for some timer or socket to wake it, and the
    // pass would drag on for seconds. It ends by itself, and close() cancels it.
    this.#validation = setImmediate(task);
  }

  /**
   * Removes items whose stored notification failed validation, reporting each and copying the
   * file it came from aside (once). Their lines were sealed, so this means the file was written
   * by other code than this; it is reported like any other damage.
   */
  #dropDamaged(damaged: readonly Damaged[]): void {
    if (damaged.length === 0) return;
    for (const { entry, why } of damaged) {
      const source = entry.file;
      if (!source) continue;
      let message = `${why}; the item was dropped`;
      if (!this.#quarantined.has(source)) {
        this.#quarantined.add(source);
        try {
          message += `; the file as found is kept as ${quarantineCopy(source.path, source.bytes, this.#now())}`;
        } catch (error) {
          message += `; it could not be copied aside (${toLogFormat(error)})`;
        } finally {
          source.release();
        }
      }
      this.#problems.push({ file: source.path, message });
      this.#logger.warn(message);
    }
    if (this.#closed) return;
    try {
      const removed = this.#commit({ t: 'delete', ids: damaged.map(({ entry }) => entry.id) });
      this.#onDidChange.fire({ kind: 'removed', ids: removed });
    } catch (error) {
      this.#logger.error('could not drop damaged items:', error);
    }
  }
}

function* snapshotChunks(
  header: SnapshotHeader,
  entries: readonly InboxEntry[],
  flags: Uint8Array,
  index: SnapshotIndexBuilder,
  lineStarts: Float64Array,
): Generator<string> {
  const headerLine = encodeRecord(header);
  index.header(headerLine);
  yield headerLine;
  let chunk = '';
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as InboxEntry;
    const key: ItemKey = [
      entry.cursor,
      entry.sentAtMs,
      entry.receivedAt,
      flags[i] ?? 0,
      entry.source,
      entry.id,
    ];
    // Never copy a damaged line into a new sealed one: that would launder the damage.
    const json = entry.json();
    if (json instanceof EntryDamage) throw new Error(json.why);
    const line = encodeItemLine('item', key, json);
    lineStarts[i] = index.offset;
    index.item(key, line);
    chunk += line;
    if ((i + 1) % SNAPSHOT_CHUNK_ITEMS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  lineStarts[entries.length] = index.offset;
  // Last and without a newline: see snapshot-index.ts.
  chunk += index.record();
  if (chunk) yield chunk;
}
