// The snapshot's key index: every item's key and the length of its line, in the snapshot's
// order, so that opening need not read the 36 MB snapshot before the first page (see
// ItemFile). It is the snapshot's last record, written after the item lines it describes and
// without a newline, so it lands with the snapshot in the same rename, and a file cut short
// loses it first. It is only a shortcut: it carries its own checksums, the lines it lists must
// tile the file exactly, and anything wrong with it makes opening scan the snapshot as before.
// The lines it points at are still checked (CRC, key, schema) before their notification is
// handed out, and by the background pass right after open.
//
//   {"t":"index","generation":3,"headerLength":412,"items":50000,"body":"<base64>","at":36132568,"crc":"…"}
//
// `at` is where the record starts, last so that it can be read from the file's tail. The body is
// columns, each `items` long and little-endian, so they decode straight into typed arrays:
// cursor, sentAtMs and receivedAt (f64), line length (u32), id length in UTF-16 units (u16),
// flags (u8), source (u8); then every id, concatenated, in UTF-8.
import { z } from 'zod';
import type { ItemFile } from './item-file';
import {
  ITEM_SOURCES,
  SEAL_LENGTH,
  hasValidSeal,
  sealLine,
  type ItemKey,
  type ItemSource,
} from './record-format';

export const INDEX_RECORD_TYPE = 'index';
const isLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
const MAX_ID_LENGTH = 128;
/** Enough of the file's tail to hold `,"at":<16 digits>` and the seal. */
const TAIL_BYTES = 64;
const AT_PATTERN = /,"at":(\d{1,16})$/;
/**
 * Any surrogate disables the index: a lone one would not survive the trip through UTF-8, and
 * such ids are rare enough that opening those snapshots by a full scan costs nothing.
 */
const SURROGATE = /[\uD800-\uDFFF]/;

/** The members in front of `body`; `body` and `at` follow, in that order. */
const IndexRecordSchema = z.object({
  t: z.literal(INDEX_RECORD_TYPE),
  generation: z.number().int().positive(),
  /** Bytes of the snapshot's header line, newline excluded. */
  headerLength: z.number().int().positive(),
  items: z.number().int().nonnegative(),
});
const BODY_KEY = Buffer.from(',"body":"', 'latin1');
const QUOTE = 0x22;

/** Collects the index while the snapshot is written, line by line. */
export class SnapshotIndexBuilder {
  readonly #generation: number;
  #headerLength = 0;
  /** Bytes written so far: where the index record will start. */
  #offset = 0;
  readonly #numbers: number[] = [];
  readonly #lineLengths: number[] = [];
  readonly #idLengths: number[] = [];
  readonly #flags: number[] = [];
  readonly #sources: number[] = [];
  readonly #ids: string[] = [];
  #encodable = true;

  constructor(generation: number) {
    this.#generation = generation;
  }

  /** Bytes of the lines given so far: where the next one starts. */
  get offset(): number {
    return this.#offset;
  }

  /** `line` is the snapshot's header line, newline included. */
  header(line: string): void {
    const length = Buffer.byteLength(line, 'utf8');
    this.#headerLength = length - 1;
    this.#offset += length;
  }

  /** `line` is the item's line as written, newline included. */
  item(key: ItemKey, line: string): void {
    const [cursor, sentAtMs, receivedAt, flags, source, id] = key;
    const length = Buffer.byteLength(line, 'utf8');
    this.#numbers.push(cursor, sentAtMs, receivedAt);
    this.#lineLengths.push(length - 1);
    this.#idLengths.push(id.length);
    this.#flags.push(flags);
    this.#sources.push(ITEM_SOURCES.indexOf(source));
    this.#ids.push(id);
    this.#offset += length;
    if (SURROGATE.test(id)) this.#encodable = false;
  }

  /** The index record, to be written last, without a newline; empty when there is none. */
  record(): string {
    if (!this.#encodable) return '';
    // In native byte order; readSnapshotIndex ignores the index on a big-endian machine.
    const body = Buffer.concat([
      bytesOf(Float64Array.from(this.#numbers)),
      bytesOf(Uint32Array.from(this.#lineLengths)),
      bytesOf(Uint16Array.from(this.#idLengths)),
      bytesOf(Uint8Array.from(this.#flags)),
      bytesOf(Uint8Array.from(this.#sources)),
      Buffer.from(this.#ids.join(''), 'utf8'),
    ]);
    const record: z.input<typeof IndexRecordSchema> & { body: string; at: number } = {
      t: INDEX_RECORD_TYPE,
      generation: this.#generation,
      headerLength: this.#headerLength,
      items: this.#ids.length,
      body: body.toString('base64'),
      at: this.#offset,
    };
    return sealLine(JSON.stringify(record)).slice(0, -1);
  }
}

function bytesOf(array: ArrayBufferView): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

export interface SnapshotIndex {
  generation: number;
  headerLength: number;
  items: number;
  /** Called per item in snapshot order, with its line's `[start, end)` (newline excluded). */
  forEachItem(visit: (key: ItemKey, start: number, end: number) => void): void;
}

/**
 * Reads the index record at the end of the snapshot `file` of `size` bytes, or returns
 * undefined when there is none or it is damaged or does not fit the file: the caller then
 * scans the snapshot instead. Reads only the tail of the file.
 */
export function readSnapshotIndex(file: ItemFile, size: number): SnapshotIndex | undefined {
  if (!isLittleEndian || size < TAIL_BYTES) return undefined;
  const tail = file.range(size - TAIL_BYTES, size).toString('latin1');
  const at = Number(AT_PATTERN.exec(tail.slice(0, -SEAL_LENGTH))?.[1] ?? NaN);
  if (!Number.isSafeInteger(at) || at >= size) return undefined;
  const line = file.range(at, size);
  if (!hasValidSeal(line, 0, line.length)) return undefined;
  // The seal matched, so this is the record as written: JSON.parse reads the small members in
  // front of the body, and the body is taken from between its quotes, which base64 never holds.
  const bodyKey = line.indexOf(BODY_KEY);
  const bodyStart = bodyKey + BODY_KEY.length;
  const bodyEnd = line.indexOf(QUOTE, bodyStart);
  if (bodyKey < 0 || bodyEnd < 0) return undefined;
  const atMember = `","at":${at}`;
  if (line.toString('latin1', bodyEnd, line.length - SEAL_LENGTH) !== atMember) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(`${line.toString('latin1', 0, bodyKey)}}`);
  } catch {
    return undefined;
  }
  const parsed = IndexRecordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { generation, headerLength, items } = parsed.data;
  const encoded = Buffer.from(line.toString('latin1', bodyStart, bodyEnd), 'base64');
  const idsStart = items * (3 * 8 + 4 + 2 + 1 + 1);
  if (encoded.length < idsStart) return undefined;
  // Copied into a fresh buffer: the typed arrays below need aligned offsets.
  const body = new Uint8Array(encoded.length);
  body.set(encoded);
  let position = 0;
  const column = <T>(make: (offset: number) => T, bytes: number): T => {
    const array = make(position);
    position += bytes;
    return array;
  };
  const numbers = column((o) => new Float64Array(body.buffer, o, items * 3), items * 24);
  const lineLengths = column((o) => new Uint32Array(body.buffer, o, items), items * 4);
  const idLengths = column((o) => new Uint16Array(body.buffer, o, items), items * 2);
  const flags = column((o) => new Uint8Array(body.buffer, o, items), items);
  const sources = column((o) => new Uint8Array(body.buffer, o, items), items);
  const ids = encoded.toString('utf8', idsStart);

  // Check every key as ItemKeySchema would, and that the lines tile the file up to the index.
  let idAt = 0;
  let end = headerLength + 1;
  for (let i = 0; i < items; i++) {
    const cursor = numbers[3 * i] as number;
    const sentAtMs = numbers[3 * i + 1] as number;
    const receivedAt = numbers[3 * i + 2] as number;
    const idLength = idLengths[i] as number;
    if (
      !Number.isSafeInteger(cursor) ||
      cursor < 1 ||
      !Number.isSafeInteger(sentAtMs) ||
      !Number.isSafeInteger(receivedAt) ||
      receivedAt < 0 ||
      (flags[i] as number) > 7 ||
      (sources[i] as number) >= ITEM_SOURCES.length ||
      idLength < 1 ||
      idLength > MAX_ID_LENGTH
    ) {
      return undefined;
    }
    idAt += idLength;
    end += (lineLengths[i] as number) + 1;
  }
  if (idAt !== ids.length || end !== at) return undefined;
  return {
    generation,
    headerLength,
    items,
    forEachItem(visit) {
      let start = headerLength + 1;
      let idStart = 0;
      for (let i = 0; i < items; i++) {
        const lineEnd = start + (lineLengths[i] as number);
        const idEnd = idStart + (idLengths[i] as number);
        const key: ItemKey = [
          numbers[3 * i] as number,
          numbers[3 * i + 1] as number,
          numbers[3 * i + 2] as number,
          flags[i] as number,
          ITEM_SOURCES[sources[i] as number] as ItemSource,
          ids.slice(idStart, idEnd),
        ];
        visit(key, start, lineEnd);
        start = lineEnd + 1;
        idStart = idEnd;
      }
    },
  };
}
