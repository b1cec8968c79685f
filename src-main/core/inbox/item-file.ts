// A store file (snapshot or journal) that entries read their notifications from. Notifications
// stay on disk: memory holds each item's key and where its JSON is, not the JSON, so an inbox of
// 50,000 costs a few megabytes however long its messages are. Reads go through a small window
// around the requested range, so a page of neighbouring items, a compaction copying the file
// from start to end and the background validation pass each cost a handful of reads.
//
// Each file is read by descriptor, never by path, so a compaction renaming a new snapshot into
// place or deleting an old journal cannot change what an entry reads. Opening scans a file in
// chunks (record-file.ts), so not even that holds a whole file in memory.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read around a requested range that is not in the window yet. */
const WINDOW_BYTES = 64 * 1024;

export class ItemFile {
  readonly path: string;
  #fd: number | undefined;
  /** Bytes that are written and will not change: reads never reach past them. */
  #length: number;
  /** The whole file, once asked for (to copy a damaged file aside), until released. */
  #bytes: Buffer | undefined;
  /** One buffer per file, reused by every read through the window. */
  #window: Buffer | undefined;
  #windowStart = 0;
  /** Bytes of `#window` holding the file from `#windowStart` on; 0 when it holds nothing. */
  #windowLength = 0;

  private constructor(path: string, fd: number, length: number) {
    this.path = path;
    this.#fd = fd;
    this.#length = length;
  }

  /** Opens `path` for reading; its current size is taken as final (see `setLength`). */
  static open(path: string): ItemFile {
    const fd = openSync(path, 'r');
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new Error(`${path} is not a regular file`);
      return new ItemFile(path, fd, stats.size);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /** Bytes that may be read. */
  get length(): number {
    return this.#length;
  }

  /** The whole file, read now unless held. Held until `release()`. */
  get bytes(): Buffer {
    if (this.#bytes === undefined) {
      const bytes = Buffer.allocUnsafe(this.#length);
      this.#readInto(bytes, 0, this.#length);
      this.#bytes = bytes;
    }
    return this.#bytes;
  }

  /** Drops the whole content `bytes` read; later reads go through the window. */
  release(): void {
    this.#bytes = undefined;
  }

  /**
   * Cuts or grows the part of the file reads may reach: a journal being appended to grows with
   * each whole line written, and starts where its torn tail was cut off.
   */
  setLength(length: number): void {
    if (length < this.#length) {
      this.#bytes = undefined;
      this.#windowLength = 0;
    }
    this.#length = length;
  }

  /**
   * `[start, end)` of the file. The Buffer may be a view of the window, which the next read of
   * this file overwrites: use it before reading again.
   */
  range(start: number, end: number): Buffer {
    if (start < 0 || end < start || end > this.#length) {
      throw new RangeError(`${this.path}: [${start}, ${end}) is outside its ${this.#length} bytes`);
    }
    if (this.#bytes !== undefined) return this.#bytes.subarray(start, end);
    const windowStart = this.#windowStart;
    if (start >= windowStart && end <= windowStart + this.#windowLength) {
      return (this.#window as Buffer).subarray(start - windowStart, end - windowStart);
    }
    if (end - start > WINDOW_BYTES / 2) {
      const bytes = Buffer.allocUnsafe(end - start);
      this.#readInto(bytes, start, end);
      return bytes;
    }
    // Centred on the request: pages and validation walk newest first, copies oldest first.
    const from = Math.max(0, Math.min(start - WINDOW_BYTES / 2, this.#length - WINDOW_BYTES));
    const to = Math.min(this.#length, from + WINDOW_BYTES);
    this.#window ??= Buffer.allocUnsafe(WINDOW_BYTES);
    this.#windowLength = 0;
    this.#readInto(this.#window.subarray(0, to - from), from, to);
    this.#windowStart = from;
    this.#windowLength = to - from;
    return this.#window.subarray(start - from, end - from);
  }

  /**
   * Reads up to `length` bytes at `position` into `target` at `offset`, past the window; returns
   * how many were read (fewer only at the end of what may be read).
   */
  read(target: Buffer, offset: number, length: number, position: number): number {
    const end = Math.min(this.#length, position + length);
    if (end <= position) return 0;
    this.#readInto(target.subarray(offset, offset + (end - position)), position, end);
    return end - position;
  }

  /** `[start, end)` of the file as UTF-8 text. */
  text(start: number, end: number): string {
    return this.range(start, end).toString('utf8');
  }

  /** Releases the descriptor; reads fail afterwards. Idempotent. */
  close(): void {
    this.#bytes = undefined;
    this.#window = undefined;
    this.#windowLength = 0;
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return;
    try {
      closeSync(fd);
    } catch {
      // Nothing is read from it any more; a failed close loses nothing.
    }
  }

  #readInto(target: Buffer, start: number, end: number): void {
    const fd = this.#fd;
    if (fd === undefined) throw new Error(`${this.path} is closed`);
    for (let offset = start; offset < end;) {
      const bytesRead = readSync(fd, target, offset - start, end - offset, offset);
      if (bytesRead === 0) throw new Error(`${this.path} is shorter than when it was opened`);
      offset += bytesRead;
    }
  }
}
