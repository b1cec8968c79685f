// Reads one inbox file line by line and sorts each line into: an item whose key can be trusted
// now (sealed, checked cheaply), an item or record that passed the full schema, or damage. The
// file is read a chunk at a time into one buffer, so scanning a 36 MB snapshot does not need
// 36 MB of memory.
import type { Notification } from '../schema/notification';
import { describeIssues } from '../schema/notification';
import type { ItemFile } from './item-file';
import {
  ItemRecordSchema,
  SEAL_LENGTH,
  hasValidSeal,
  parseItemKey,
  type ItemKey,
} from './record-format';

export type ScannedLine =
  /** Sealed item line: the key is checked, the notification at `[start, end)` is not yet. */
  | { kind: 'item'; type: 'add' | 'item'; key: ItemKey; start: number; end: number }
  /** Item line that went through the full schema (it had no valid seal, so it is salvage). */
  | { kind: 'checked-item'; type: 'add' | 'item'; key: ItemKey; notification: Notification }
  /** Any other JSON object; the caller checks it against the schema it expects there. */
  | { kind: 'record'; value: unknown };

export interface ScanResult {
  /** Lines that are not what this code writes; any at all means the file is corrupt. */
  damagedLines: number;
  /** Why, for the first few of them. */
  damage: string[];
  /** The last line had no newline and was dropped: an append cut short by a crash. */
  tornTail: boolean;
  /** The last line is whole but lacks its newline; an appender must write one first. */
  unterminated: boolean;
  /** Bytes up to the end of the last whole line: where appends may resume. */
  intactLength: number;
  /** Lines read, damaged ones included. */
  lines: number;
}

/**
 * The visitor returns why it rejects a line (e.g. it fails the caller's schema), or undefined.
 * A rejected line counts as damage like a line that is not JSON.
 */
export type LineVisitor = (line: ScannedLine, lineNumber: number) => string | undefined;

const ADD_PREFIX = Buffer.from('{"t":"add","k":[', 'latin1');
const ITEM_PREFIX = Buffer.from('{"t":"item","k":[', 'latin1');
/** Ends the key and opens the notification. It cannot occur inside the key: quotes in JSON strings are escaped. */
const NOTIFICATION_MARKER = Buffer.from('],"n":', 'latin1');
const NEWLINE = 0x0a;
const MAX_DAMAGE_DETAILS = 20;
/** Bytes read at a time; a longer line makes the buffer grow to hold it. */
const CHUNK_BYTES = 1024 * 1024;

function startsWith(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return (
    end - start > prefix.length &&
    bytes.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0
  );
}

export function scanRecordFile(
  file: ItemFile,
  visit: LineVisitor,
  chunkBytes = CHUNK_BYTES,
): ScanResult {
  const result: ScanResult = {
    damagedLines: 0,
    damage: [],
    tornTail: false,
    unterminated: false,
    intactLength: 0,
    lines: 0,
  };
  const damaged = (lineNumber: number, why: string): void => {
    result.damagedLines += 1;
    if (result.damage.length < MAX_DAMAGE_DETAILS) result.damage.push(`line ${lineNumber}: ${why}`);
  };
  const line = (
    bytes: Buffer,
    base: number,
    start: number,
    end: number,
    complete: boolean,
  ): void => {
    result.lines += 1;
    const why = scanLine(bytes, base, start, end, result.lines, visit);
    if (why) damaged(result.lines, why);
    result.unterminated = !complete;
    result.intactLength = base + (complete ? end + 1 : end);
  };

  let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, file.length)));
  /** The file offset of buffer[0]; buffer[0, filled) holds the file from there. */
  let base = 0;
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      // One line longer than the buffer: make room for the rest of it.
      const larger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(larger, 0, 0, filled);
      buffer = larger;
    }
    let read: number;
    try {
      read = file.read(buffer, filled, buffer.length - filled, base + filled);
    } catch (error) {
      // What was read is kept; the rest counts as damage, like lines that are not ours.
      damaged(result.lines + 1, `unreadable from byte ${base + filled} (${String(error)})`);
      filled = 0;
      break;
    }
    if (read === 0) break;
    filled += read;
    // Only what this read filled: past it the buffer holds an older chunk.
    const chunk = buffer.subarray(0, filled);
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end >= 0; end = chunk.indexOf(NEWLINE, start)) {
      line(chunk, base, start, end, true);
      start = end + 1;
    }
    // Keep the unfinished line at the front for the next read to complete.
    buffer.copy(buffer, 0, start, filled);
    filled -= start;
    base += start;
  }
  if (filled > 0) {
    // A final line without its newline is an append cut short, unless it is whole anyway.
    if (hasValidSeal(buffer, 0, filled)) line(buffer, base, 0, filled, false);
    else result.tornTail = true;
  }
  return result;
}

/**
 * Reads `bytes[start, end)`, a line whose seal has been checked, as an item line with a key in
 * the form this code writes; undefined when it is anything else.
 */
export function readSealedItemLine(
  bytes: Buffer,
  start: number,
  end: number,
): Extract<ScannedLine, { kind: 'item' }> | undefined {
  const type = startsWith(bytes, start, end, ADD_PREFIX)
    ? 'add'
    : startsWith(bytes, start, end, ITEM_PREFIX)
      ? 'item'
      : undefined;
  if (!type) return undefined;
  const keyStart = start + (type === 'add' ? ADD_PREFIX.length : ITEM_PREFIX.length) - 1;
  // Searching the whole buffer avoids a view per line; a hit past this line is a miss.
  const marker = bytes.indexOf(NOTIFICATION_MARKER, keyStart);
  if (marker < 0 || marker >= end) return undefined;
  const key = parseItemKey(bytes, keyStart, marker);
  if (!key) return undefined;
  const notificationStart = marker + NOTIFICATION_MARKER.length;
  return { kind: 'item', type, key, start: notificationStart, end: end - SEAL_LENGTH };
}

/** Scans `bytes[start, end)`, which is the file from `base + start` on. */
function scanLine(
  bytes: Buffer,
  base: number,
  start: number,
  end: number,
  lineNumber: number,
  visit: LineVisitor,
): string | undefined {
  const sealed = hasValidSeal(bytes, start, end);
  if (sealed) {
    const item = readSealedItemLine(bytes, start, end);
    if (item) return visit({ ...item, start: base + item.start, end: base + item.end }, lineNumber);
  }

  // The slow path: a record, or an item line that failed the fast checks.
  const value = parseJson(bytes.toString('utf8', start, end));
  if (value === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  const type = (value as { t?: unknown }).t;
  let why: string | undefined;
  if (type === 'add' || type === 'item') {
    const parsed = ItemRecordSchema.safeParse(value);
    why = parsed.success
      ? visit(
          {
            kind: 'checked-item',
            type: parsed.data.t,
            key: parsed.data.k,
            notification: parsed.data.n,
          },
          lineNumber,
        )
      : describeIssues(parsed.error);
  } else {
    why = visit({ kind: 'record', value }, lineNumber);
  }
  if (why) return why;
  return sealed ? undefined : 'checksum missing or wrong (kept: it passed the schema)';
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
