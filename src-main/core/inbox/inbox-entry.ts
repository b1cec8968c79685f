// One stored item in memory. Until first use its notification may still be the unparsed bytes
// it was loaded from: parsing and schema-checking 50,000 notifications costs more than the whole
// budget for opening the store, so open() reads only each line's key and the notification is
// validated when it is first needed (and by a background pass right after open).
import { NotificationSchema, describeIssues, type Notification } from '../schema/notification';
import type { InboxItem } from './inbox-item';
import type { LoadedFile } from './loaded-file';
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

const FIELD_SEPARATOR = '\u0000';

export class InboxEntry {
  readonly id: string;
  readonly cursor: number;
  readonly sentAtMs: number;
  readonly receivedAt: number;
  readonly source: ItemSource;
  #flags: number;
  #notification: Notification | undefined;
  // Where the unchecked notification's JSON is; kept as three fields, not an object, because
  // opening creates 50,000 of these and every allocation shows.
  #rawFile: LoadedFile | undefined;
  #rawStart = 0;
  #rawEnd = 0;
  /** The raw range is the whole line, from the snapshot index: its seal and key are unchecked. */
  #rawIsLine = false;
  #view: InboxItem | undefined;
  #searchText: string | undefined;

  private constructor(key: ItemKey) {
    [this.cursor, this.sentAtMs, this.receivedAt, this.#flags, this.source, this.id] = key;
  }

  /** An entry for a notification that has been through NotificationSchema. */
  static fromNotification(notification: Notification, key: ItemKey): InboxEntry {
    const entry = new InboxEntry(key);
    entry.#notification = notification;
    return entry;
  }

  /** An entry whose notification is the JSON text at `file.bytes[start, end)`, not yet checked. */
  static fromBytes(key: ItemKey, file: LoadedFile, start: number, end: number): InboxEntry {
    const entry = new InboxEntry(key);
    entry.#rawFile = file;
    entry.#rawStart = start;
    entry.#rawEnd = end;
    return entry;
  }

  /**
   * An entry known from the snapshot index: the line at `file[start, end)` (newline excluded)
   * should hold it, which is checked along with the notification.
   */
  static fromIndexedLine(key: ItemKey, file: LoadedFile, start: number, end: number): InboxEntry {
    const entry = InboxEntry.fromBytes(key, file, start, end);
    entry.#rawIsLine = true;
    return entry;
  }

  get key(): ItemKey {
    return [this.cursor, this.sentAtMs, this.receivedAt, this.#flags, this.source, this.id];
  }

  get flags(): number {
    return this.#flags;
  }

  set flags(flags: number) {
    if (flags === this.#flags) return;
    this.#flags = flags;
    this.#view = undefined;
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
    return this.#rawFile === undefined;
  }

  /** The file the still-unchecked notification was read from. */
  get unvalidatedSource(): LoadedFile | undefined {
    return this.#rawFile;
  }

  /**
   * Parses and checks the loaded bytes once: the full NotificationSchema, and that the
   * notification agrees with the key it was filed under. Returns why it failed, or undefined.
   */
  validate(): string | undefined {
    const file = this.#rawFile;
    if (!file) return undefined;
    const lineProblem = this.#checkLine(file);
    if (lineProblem !== undefined) return lineProblem;
    let json: unknown;
    try {
      json = JSON.parse(file.text(this.#rawStart, this.#rawEnd));
    } catch (error) {
      return `notification ${this.id} is not JSON: ${String(error)}`;
    }
    const parsed = NotificationSchema.safeParse(json);
    if (!parsed.success) return `notification ${this.id}: ${describeIssues(parsed.error)}`;
    const notification = parsed.data;
    if (
      notification.id !== this.id ||
      notification.cursor !== this.cursor ||
      sentAtMsOf(notification.sentAt) !== this.sentAtMs
    ) {
      return `notification ${this.id} does not match the key it was stored under`;
    }
    this.#notification = notification;
    this.#rawFile = undefined;
    return undefined;
  }

  /**
   * For an entry from the snapshot index: checks that its line is sealed and filed under this
   * key (the flags aside: the journal may have changed them since), then narrows the raw range
   * to the notification, as a scanned line would have been. Returns why it failed, or undefined.
   */
  #checkLine(file: LoadedFile): string | undefined {
    if (!this.#rawIsLine) return undefined;
    const line = file.range(this.#rawStart, this.#rawEnd);
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
    this.#rawIsLine = false;
    this.#rawEnd = this.#rawStart + item.end;
    this.#rawStart += item.start;
    return undefined;
  }

  /** The validated notification; call validate() first. */
  notification(): Notification {
    if (!this.#notification) throw new Error(`notification ${this.id} has not been validated`);
    return this.#notification;
  }

  /** The notification as JSON text, for the snapshot: the loaded bytes when never parsed. */
  notificationJson(): string {
    const file = this.#rawFile;
    if (file) {
      // Never copy an unchecked line into a new sealed one: that would launder damage.
      const lineProblem = this.#checkLine(file);
      if (lineProblem !== undefined) throw new Error(lineProblem);
      return file.text(this.#rawStart, this.#rawEnd);
    }
    return JSON.stringify(this.notification());
  }

  /** The item callers see, rebuilt only when the local state changes. */
  view(): InboxItem {
    this.#view ??= {
      ...this.notification(),
      read: this.read,
      acknowledged: this.acknowledged,
      archived: this.archived,
      receivedAt: this.receivedAt,
      source: this.source,
    };
    return this.#view;
  }

  /**
   * The lower-cased text the `text` filter searches: title, body, sender name and tags, with a
   * separator no query contains so a match cannot straddle two fields. Built on first search.
   */
  searchText(): string {
    if (this.#searchText === undefined) {
      const n = this.notification();
      this.#searchText = [n.title, n.body, n.sender.displayName, ...n.tags]
        .join(FIELD_SEPARATOR)
        .toLowerCase();
    }
    return this.#searchText;
  }
}
