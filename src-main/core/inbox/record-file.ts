// Reads one inbox file line by line and sorts each line into: an item whose key can be trusted
// now (sealed, checked cheaply), an item or record that passed the full schema, or damage.
import type { Notification } from '../schema/notification';
import { describeIssues } from '../schema/notification';
import type { LoadedFile } from './loaded-file';
import {
  ItemRecordSchema,
  SEAL_LENGTH,
  hasValidSeal,
  parseItemKey,
  type ItemKey,
} from './record-format';

export type ScannedLine =
  /** Sealed item line: the key is checked, the notification at `bytes[start, end)` is not yet. */
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

function startsWith(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
  return (
    end - start > prefix.length &&
    bytes.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0
  );
}

export function scanRecordFile(file: LoadedFile, visit: LineVisitor): ScanResult {
  const { bytes } = file;
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

  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    const complete = end >= 0;
    if (!complete) {
      end = bytes.length;
      // A final line without its newline is an append cut short, unless it is whole anyway.
      if (!hasValidSeal(bytes, start, end)) {
        result.tornTail = true;
        break;
      }
    }
    result.lines += 1;
    const why = scanLine(bytes, start, end, result.lines, visit);
    if (why) damaged(result.lines, why);
    result.unterminated = !complete;
    result.intactLength = complete ? end + 1 : end;
    start = end + 1;
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

function scanLine(
  bytes: Buffer,
  start: number,
  end: number,
  lineNumber: number,
  visit: LineVisitor,
): string | undefined {
  const sealed = hasValidSeal(bytes, start, end);
  if (sealed) {
    const item = readSealedItemLine(bytes, start, end);
    if (item) return visit(item, lineNumber);
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
