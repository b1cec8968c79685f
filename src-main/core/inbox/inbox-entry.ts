// One stored item in memory. Until first use its notification may still be the unparsed bytes
// it was loaded from: parsing and schema-checking 50,000 notifications costs more than the whole
// budget for opening the store, so open() reads only each line's key and the notification is
// validated when it is first needed (and by a background pass right after open).
import { NotificationSchema, describeIssues, type Notification } from '../schema/notification';
import type { InboxItem } from './inbox-item';
import {
  FLAG_ACKNOWLEDGED,
  FLAG_ARCHIVED,
  FLAG_READ,
  type ItemKey,
  type ItemSource,
} from './record-format';

/** A file's bytes as read at open; entries point into them until they are validated. */
export interface LoadedFile {
  readonly path: string;
  readonly bytes: Buffer;
}

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
    let json: unknown;
    try {
      json = JSON.parse(file.bytes.toString('utf8', this.#rawStart, this.#rawEnd));
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

  /** The validated notification; call validate() first. */
  notification(): Notification {
    if (!this.#notification) throw new Error(`notification ${this.id} has not been validated`);
    return this.#notification;
  }

  /** The notification as JSON text, for the snapshot: the loaded bytes when never parsed. */
  notificationJson(): string {
    const file = this.#rawFile;
    if (file) return file.bytes.toString('utf8', this.#rawStart, this.#rawEnd);
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
