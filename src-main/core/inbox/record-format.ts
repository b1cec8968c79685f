// The inbox's on-disk line format. Every line is one JSON object that ends in a CRC-32 member:
//
//   {"t":"add","k":[12,1700000000000,1700000000123,0,"live","id"],"n":{…},"crc":"1a2b3c4d"}
//
// The CRC covers the line's UTF-8 bytes before `,"crc"`. It lets the reader tell a line this
// code wrote, byte for byte, from a torn or damaged one without trusting JSON.parse to notice,
// and it is what allows opening a large store without running the full schema over every
// notification up front (see parseItemKey and InboxEntry).
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { GroupNameSchema, NotificationIdSchema, NotificationSchema } from '../schema/notification';
import { OutboxEntrySchema } from './outbox';

/** Written in every header so a future layout can be told apart from this one. */
export const FORMAT_VERSION = 1;
export const SNAPSHOT_FORMAT = 'herald-inbox-snapshot';
export const JOURNAL_FORMAT = 'herald-inbox-journal';

export const ITEM_SOURCES = ['live', 'catch-up'] as const;
/** How an item reached the inbox: pushed while connected, or fetched by the catch-up after. */
export type ItemSource = (typeof ITEM_SOURCES)[number];

/** The local state bits of an item, as stored in its key. */
export const FLAG_READ = 1;
export const FLAG_ACKNOWLEDGED = 2;
export const FLAG_ARCHIVED = 4;

/**
 * What the store needs of an item without parsing its notification: sort key, local state,
 * retention data and identity, `[cursor, sentAt (ms epoch), receivedAt (ms epoch), flags,
 * source, id]`. The id comes last so the key can be read straight from the bytes (see
 * parseItemKey). The notification's own id, cursor and sentAt are checked against it when the
 * notification is validated.
 */
export type ItemKey = readonly [
  cursor: number,
  sentAtMs: number,
  receivedAt: number,
  flags: number,
  source: ItemSource,
  id: string,
];

export const ItemKeySchema = z.tuple([
  z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  z.number().int().min(0).max(7),
  z.enum(ITEM_SOURCES),
  NotificationIdSchema,
]);

const QUOTE = 0x22;
const COMMA = 0x2c;
const MINUS = 0x2d;
const BACKSLASH = 0x5c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SOURCE_BYTES = ITEM_SOURCES.map((source) => Buffer.from(`"${source}",`, 'latin1'));

/** Where readKeyInteger continues; module state rather than a closure, as this runs per line. */
let keyPosition = 0;

/** Reads `-?digits,` at keyPosition and moves past it; undefined when that is not there. */
function readKeyInteger(bytes: Buffer): number | undefined {
  let at = keyPosition;
  const negative = bytes[at] === MINUS;
  if (negative) at += 1;
  const first = at;
  let value = 0;
  for (
    let byte = bytes[at] as number;
    byte >= DIGIT_0 && byte <= DIGIT_9;
    byte = bytes[++at] as number
  ) {
    value = value * 10 + (byte - DIGIT_0);
  }
  if (at === first || at - first > 16 || bytes[at] !== COMMA || !Number.isSafeInteger(value)) {
    return undefined;
  }
  keyPosition = at + 1;
  return negative ? -value : value;
}

/**
 * Reads an item key from `bytes[open, close]` (the brackets included) without JSON.parse, and
 * checks it as ItemKeySchema would; undefined when it is anything else. Only used on lines whose
 * CRC matched, and it costs a fraction of JSON.parse plus the schema, which matter at 50,000
 * lines. Ids with escapes fall back to JSON.parse for that one string.
 */
export function parseItemKey(bytes: Buffer, open: number, close: number): ItemKey | undefined {
  keyPosition = open + 1;
  const cursor = readKeyInteger(bytes);
  const sentAtMs = readKeyInteger(bytes);
  const receivedAt = readKeyInteger(bytes);
  const flags = readKeyInteger(bytes);
  if (cursor === undefined || sentAtMs === undefined || receivedAt === undefined) return undefined;
  if (flags === undefined || cursor < 1 || receivedAt < 0 || flags > 7) return undefined;
  let at = keyPosition;
  let source: ItemSource | undefined;
  for (let i = 0; i < SOURCE_BYTES.length && source === undefined; i++) {
    const bytesOfSource = SOURCE_BYTES[i] as Buffer;
    if (
      bytes.compare(bytesOfSource, 0, bytesOfSource.length, at, at + bytesOfSource.length) === 0
    ) {
      source = ITEM_SOURCES[i];
      at += bytesOfSource.length;
    }
  }
  if (source === undefined) return undefined;
  // The id: a JSON string running to the closing bracket.
  if (bytes[at] !== QUOTE || bytes[close - 1] !== QUOTE || close - 1 <= at) return undefined;
  let escaped = false;
  for (let i = at + 1; i < close - 1 && !escaped; i++) escaped = bytes[i] === BACKSLASH;
  let id: unknown;
  if (escaped) {
    try {
      id = JSON.parse(bytes.toString('utf8', at, close));
    } catch {
      return undefined;
    }
  } else {
    id = bytes.toString('utf8', at + 1, close - 1);
  }
  if (typeof id !== 'string' || id.length < 1 || id.length > 128) return undefined;
  return [cursor, sentAtMs, receivedAt, flags, source, id];
}

const IdListSchema = z.array(NotificationIdSchema);
const CountSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Outbox edits that ride on the record of the change that caused them, so both land or neither. */
export const OutboxChangeSchema = z.object({
  put: z.array(OutboxEntrySchema).default([]),
  done: z.array(CountSchema).default([]),
});
export type OutboxChange = z.infer<typeof OutboxChangeSchema>;

export const SnapshotHeaderSchema = z.object({
  t: z.literal('snapshot'),
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(FORMAT_VERSION),
  /** Journals numbered this or higher are replayed over the snapshot; lower ones are stale. */
  generation: z.number().int().positive(),
  /** How many item lines follow; fewer means the file lost lines. */
  items: CountSchema,
  lastCursor: CountSchema,
  desiredGroups: z.array(GroupNameSchema),
  nextOutboxSeq: z.number().int().positive(),
  outbox: z.array(OutboxEntrySchema),
});
export type SnapshotHeader = z.infer<typeof SnapshotHeaderSchema>;

export const JournalHeaderSchema = z.object({
  t: z.literal('journal'),
  format: z.literal(JOURNAL_FORMAT),
  version: z.literal(FORMAT_VERSION),
  generation: z.number().int().positive(),
});
export type JournalHeader = z.infer<typeof JournalHeaderSchema>;

/** An item line on the slow path (no valid CRC): everything goes through the full schema. */
export const ItemRecordSchema = z.object({
  t: z.enum(['add', 'item']),
  k: ItemKeySchema,
  n: NotificationSchema,
});

/** Journal records other than `add`. Each is applied as a whole; ids the store lacks are skipped. */
export const ChangeRecordSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('read'),
    ids: IdListSchema,
    read: z.boolean(),
    outbox: OutboxChangeSchema.optional(),
  }),
  z.object({ t: z.literal('ack'), ids: IdListSchema, outbox: OutboxChangeSchema.optional() }),
  z.object({ t: z.literal('archive'), ids: IdListSchema, archived: z.boolean() }),
  z.object({ t: z.literal('delete'), ids: IdListSchema }),
  z.object({ t: z.literal('cursor'), value: CountSchema }),
  z.object({ t: z.literal('groups'), names: z.array(GroupNameSchema) }),
  z.object({ t: z.literal('outbox'), outbox: OutboxChangeSchema }),
]);
export type ChangeRecord = z.infer<typeof ChangeRecordSchema>;

/** `,"crc":"` + 8 hex digits + `"}` */
const SEAL_OPENING = ',"crc":"';
const SEAL_LENGTH = SEAL_OPENING.length + 8 + 2;
const SEAL_OPENING_BYTES = Buffer.from(SEAL_OPENING, 'latin1');
const CLOSE_BRACE = 0x7d;

/** The value of a lowercase hex digit byte, or -1. */
function hexDigit(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/** Turns a JSON object's text into one sealed line, newline included. */
export function sealLine(objectJson: string): string {
  const open = objectJson.slice(0, -1);
  return `${open}${SEAL_OPENING}${crc32(open).toString(16).padStart(8, '0')}"}\n`;
}

/** Encodes a record as a sealed line. */
export function encodeRecord(record: ChangeRecord | SnapshotHeader | JournalHeader): string {
  return sealLine(JSON.stringify(record));
}

/**
 * Encodes an item line from its key and its notification's JSON text, which is spliced in as is:
 * the snapshot writer copies text it never parsed.
 */
export function encodeItemLine(
  type: 'add' | 'item',
  key: ItemKey,
  notificationJson: string,
): string {
  return sealLine(`${itemLinePrefix(type, key)}${notificationJson}}`);
}

/** Where the notification is in the line `encodeItemLine` makes of these: `[start, end)` in bytes. */
export function notificationRangeInLine(
  type: 'add' | 'item',
  key: ItemKey,
  notificationJson: string,
): [start: number, end: number] {
  const start = Buffer.byteLength(itemLinePrefix(type, key), 'utf8');
  return [start, start + Buffer.byteLength(notificationJson, 'utf8')];
}

function itemLinePrefix(type: 'add' | 'item', key: ItemKey): string {
  return `{"t":"${type}","k":${JSON.stringify(key)},"n":`;
}

/**
 * Whether `bytes[start, end)` (one line, newline excluded) carries a seal whose CRC matches.
 * On success the line's content ends at `end - SEAL_LENGTH`.
 */
export function hasValidSeal(bytes: Buffer, start: number, end: number): boolean {
  if (end - start < SEAL_LENGTH + 2) return false;
  const sealStart = end - SEAL_LENGTH;
  if (bytes[end - 2] !== QUOTE || bytes[end - 1] !== CLOSE_BRACE) return false;
  if (bytes.compare(SEAL_OPENING_BYTES, 0, SEAL_OPENING_BYTES.length, sealStart, sealStart + 8))
    return false;
  // Read the digits straight from the bytes: this runs once per line of a 50,000-item file.
  let expected = 0;
  for (let i = end - 10; i < end - 2; i++) {
    const digit = hexDigit(bytes[i] as number);
    if (digit < 0) return false;
    expected = expected * 16 + digit;
  }
  return crc32(bytes.subarray(start, sealStart)) === expected;
}

export { SEAL_LENGTH };
