// One stored item in memory: its key, its local state, what the list filters test (severity and
// groups), and where its notification's JSON is on disk. The notification itself is not kept:
// it is read, parsed and checked each time it is needed (a page of items, a search, a copy
// into a new snapshot), so memory does not grow with the length of what was sent.
//
// A notification is checked in full once (`validate`) before anything is taken from it; opening
// defers that for each item to its first use or to a background pass right after open, because
// parsing 50,000 notifications costs more than the whole budget for opening the store.
import {
  NotificationSchema,
  describeIssues,
  type Notification,
  type Severity,
} from '../schema/notification';
import type { InboxItem } from './inbox-item';
import type { ItemFile } from './item-file';
import { readSealedItemLine } from './record-file';
import {
  FLAG_ACKNOWLEDGED,
  FLAG_ARCHIVED,
  FLAG_READ,
  hasValidSeal,
  type ItemKey,
  type ItemSource,
} from './record-format';

/** The sort time of a notification: its sentAt in ms, or 0 when the runtime cannot parse it. */
export function sentAtMsOf(sentAt: string): number {
  const ms = Date.parse(sentAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Why an entry's stored notification cannot be used; the store drops such items. */
export class EntryDamage {
  constructor(readonly why: string) {}
}

const FIELD_SEPARATOR = '\u0000';

/** The groups a notification was sent to, as one name, several, or none. */
type Groups = string | readonly string[] | undefined;

/** Group names seen, so 50,000 entries share one string per group instead of one each. */
const groupNames = new Map<string, string>();
const MAX_SHARED_GROUP_NAMES = 10_000;

function shared(name: string): string {
  const known = groupNames.get(name);
  if (known !== undefined) return known;
  if (groupNames.size < MAX_SHARED_GROUP_NAMES) groupNames.set(name, name);
  return name;
}

function groupsOf(notification: Notification): Groups {
  const { group, groups } = notification.target;
  const names = group === undefined ? (groups ?? []) : [group, ...(groups ?? [])];
  if (names.length <= 1) return names[0] === undefined ? undefined : shared(names[0]);
  return names.map(shared);
}

export class InboxEntry {
  readonly id: string;
  readonly cursor: number;
  readonly sentAtMs: number;
  readonly receivedAt: number;
  readonly source: ItemSource;
  #flags: number;
  // Where the notification's JSON is: three fields, not an object, because opening creates
  // 50,000 of these and every allocation shows.
  #file: ItemFile | undefined;
  #start = 0;
  #end = 0;
  /** The range is the whole line (from a snapshot index, or a compaction): seal and key unchecked. */
  #rangeIsLine = false;
  /** Held only while it is in no file yet (salvaged from a damaged line); see `relocate`. */
  #held: Notification | undefined;
  #validated = false;
  #severity: Severity = 'info';
  #groups: Groups;

  private constructor(key: ItemKey) {
    [this.cursor, this.sentAtMs, this.receivedAt, this.#flags, this.source, this.id] = key;
  }

  /**
   * An entry for a notification that has been through NotificationSchema and is in no file the
   * entry could read it from; it is held in memory until the next compaction relocates it.
   */
  static held(notification: Notification, key: ItemKey): InboxEntry {
    const entry = new InboxEntry(key);
    entry.#held = notification;
    entry.#learn(notification);
    return entry;
  }

  /**
   * An entry for a notification that has been through NotificationSchema and was just written
   * as the JSON at `file[start, end)`.
   */
  static written(
    notification: Notification,
    key: ItemKey,
    file: ItemFile,
    start: number,
    end: number,
  ): InboxEntry {
    const entry = InboxEntry.fromBytes(key, file, start, end);
    entry.#learn(notification);
    return entry;
  }

  /** An entry whose notification is the JSON text at `file[start, end)`, not yet checked. */
  static fromBytes(key: ItemKey, file: ItemFile, start: number, end: number): InboxEntry {
    const entry = new InboxEntry(key);
    entry.#file = file;
    entry.#start = start;
    entry.#end = end;
    return entry;
  }

  /**
   * An entry known from the snapshot index: the line at `file[start, end)` (newline excluded)
   * should hold it, which is checked along with the notification.
   */
  static fromIndexedLine(key: ItemKey, file: ItemFile, start: number, end: number): InboxEntry {
    const entry = InboxEntry.fromBytes(key, file, start, end);
    entry.#rangeIsLine = true;
    return entry;
  }

  get key(): ItemKey {
    return [this.cursor, this.sentAtMs, this.receivedAt, this.#flags, this.source, this.id];
  }

  get flags(): number {
    return this.#flags;
  }

  set flags(flags: number) {
    this.#flags = flags;
  }

  get read(): boolean {
    return (this.#flags & FLAG_READ) !== 0;
  }

  get acknowledged(): boolean {
    return (this.#flags & FLAG_ACKNOWLEDGED) !== 0;
  }

  get archived(): boolean {
    return (this.#flags & FLAG_ARCHIVED) !== 0;
  }

  get isValidated(): boolean {
    return this.#validated;
  }

  /** The file the notification is read from; undefined while it is held in memory. */
  get file(): ItemFile | undefined {
    return this.#file;
  }

  /** The notification's severity; call validate() first. */
  get severity(): Severity {
    return this.#severity;
  }

  /** Whether the notification was sent to `group`, alone or among others; validate() first. */
  sentTo(group: string): boolean {
    const groups = this.#groups;
    return typeof groups === 'string' ? groups === group : (groups?.includes(group) ?? false);
  }

  /**
   * Checks the stored notification in full, once: the line's seal and key when not checked yet,
   * NotificationSchema, and that it agrees with the key it was filed under. Returns why it
   * failed, or undefined.
   */
  validate(): string | undefined {
    if (this.#validated) return undefined;
    const notification = this.loadAndValidate();
    return notification instanceof EntryDamage ? notification.why : undefined;
  }

  /** `load()`, which also validates the entry (see `validate`) when that is still to be done. */
  loadAndValidate(): Notification | EntryDamage {
    const notification = this.load();
    if (!(notification instanceof EntryDamage) && !this.#validated) this.#learn(notification);
    return notification;
  }

  /** The notification, read from its file, parsed and checked; or why that failed. */
  load(): Notification | EntryDamage {
    if (this.#held) return this.#held;
    const json = this.json();
    if (json instanceof EntryDamage) return json;
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch (error) {
      return new EntryDamage(`notification ${this.id} is not JSON: ${String(error)}`);
    }
    const parsed = NotificationSchema.safeParse(value);
    if (!parsed.success) {
      return new EntryDamage(`notification ${this.id}: ${describeIssues(parsed.error)}`);
    }
    const notification = parsed.data;
    if (
      notification.id !== this.id ||
      notification.cursor !== this.cursor ||
      sentAtMsOf(notification.sentAt) !== this.sentAtMs
    ) {
      return new EntryDamage(`notification ${this.id} does not match the key it was stored under`);
    }
    return notification;
  }

  /**
   * The notification's JSON text as stored (not schema-checked: see `load`), or why it cannot be
   * read. A line never checked is checked first: damage must not be copied into a new line.
   */
  json(): string | EntryDamage {
    if (this.#held) return JSON.stringify(this.#held);
    const file = this.#file as ItemFile;
    try {
      if (this.#rangeIsLine) {
        const problem = this.#narrowToNotification(file);
        if (problem !== undefined) return new EntryDamage(problem);
      }
      return file.text(this.#start, this.#end);
    } catch (error) {
      return new EntryDamage(`notification ${this.id} could not be read: ${String(error)}`);
    }
  }

  /**
   * After a compaction: the item's line is now `file[start, end)` (newline excluded) of the new
   * snapshot. A held notification is dropped from memory.
   */
  relocate(file: ItemFile, start: number, end: number): void {
    this.#file = file;
    this.#start = start;
    this.#end = end;
    this.#rangeIsLine = true;
    this.#held = undefined;
  }

  /** The item callers see: `notification` (this entry's, loaded) with the local state. */
  view(notification: Notification): InboxItem {
    return {
      ...notification,
      read: this.read,
      acknowledged: this.acknowledged,
      archived: this.archived,
      receivedAt: this.receivedAt,
      source: this.source,
    };
  }

  #learn(notification: Notification): void {
    this.#severity = notification.severity;
    this.#groups = groupsOf(notification);
    this.#validated = true;
  }

  /**
   * For a range that is a whole line: checks that the line is sealed and filed under this key
   * (the flags aside: the journal may have changed them since), then narrows the range to the
   * notification, as a scanned line would have been. Returns why it failed, or undefined.
   */
  #narrowToNotification(file: ItemFile): string | undefined {
    const line = file.range(this.#start, this.#end);
    const item = hasValidSeal(line, 0, line.length)
      ? readSealedItemLine(line, 0, line.length)
      : undefined;
    if (!item || item.type !== 'item') {
      return `the snapshot line of notification ${this.id} is damaged (checksum or layout)`;
    }
    const [cursor, sentAtMs, receivedAt, , source, id] = item.key;
    if (
      cursor !== this.cursor ||
      sentAtMs !== this.sentAtMs ||
      receivedAt !== this.receivedAt ||
      source !== this.source ||
      id !== this.id
    ) {
      return `the snapshot line of notification ${this.id} does not match the snapshot index`;
    }
    this.#rangeIsLine = false;
    this.#end = this.#start + item.end;
    this.#start += item.start;
    return undefined;
  }
}

/** The lower-cased text the `text` filter searches: see `compileFilter`. */
export function searchTextOf(notification: Notification): string {
  return [
    notification.title,
    notification.body,
    notification.sender.displayName,
    ...notification.tags,
  ]
    .join(FIELD_SEPARATOR)
    .toLowerCase();
}
