// A store file as read at open. Entries point into it until their notification is validated.
// Most files are read whole at once; a snapshot opened through its index is not: reading 36 MB
// costs more than the whole budget for opening, so its bytes are read in the background after
// open, and the few lines needed before that (the first page) are read one by one.
import { closeSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(read);
/** Bytes per background read: small enough that each one leaves the event loop free soon. */
const BACKGROUND_READ_BYTES = 4 * 1024 * 1024;

export class LoadedFile {
  readonly path: string;
  #bytes: Buffer | undefined;
  /** Open while the bytes are still to be read; it pins the file as it was at open. */
  #fd: number | undefined;
  readonly #size: number;
  #background: Promise<void> | undefined;

  private constructor(
    path: string,
    bytes: Buffer | undefined,
    fd: number | undefined,
    size: number,
  ) {
    this.path = path;
    this.#bytes = bytes;
    this.#fd = fd;
    this.#size = size;
  }

  /** A file read whole. */
  static ofBytes(path: string, bytes: Buffer): LoadedFile {
    return new LoadedFile(path, bytes, undefined, bytes.length);
  }

  /**
   * A file whose `size` bytes are still to be read from `fd`, which it now owns. Reading by fd,
   * not by path, keeps a later compaction renaming a new snapshot into place from mixing files.
   */
  static ofOpenFile(path: string, fd: number, size: number): LoadedFile {
    return new LoadedFile(path, undefined, fd, size);
  }

  /** The whole file; read now, synchronously, when the background read has not finished. */
  get bytes(): Buffer {
    if (this.#bytes === undefined) {
      const bytes = Buffer.allocUnsafe(this.#size);
      this.#readInto(bytes, 0, this.#size);
      this.#adopt(bytes);
    }
    return this.#bytes as Buffer;
  }

  /** `[start, end)` of the file, without reading the rest of it. */
  range(start: number, end: number): Buffer {
    if (this.#bytes !== undefined) return this.#bytes.subarray(start, end);
    const bytes = Buffer.allocUnsafe(end - start);
    this.#readInto(bytes, start, end);
    return bytes;
  }

  /** `[start, end)` of the file as UTF-8 text; no Buffer view when the bytes are loaded. */
  text(start: number, end: number): string {
    if (this.#bytes !== undefined) return this.#bytes.toString('utf8', start, end);
    return this.range(start, end).toString('utf8');
  }

  /** Reads the rest of the file a slice at a time; never rejects (`bytes` reads what is left). */
  loadInBackground(): Promise<void> {
    this.#background ??= this.#loadInBackground().catch(() => undefined);
    return this.#background;
  }

  /** Releases the file descriptor once no background read uses it. */
  close(): void {
    if (this.#background) {
      void this.#background.then(() => this.#closeFd());
    } else {
      this.#closeFd();
    }
  }

  async #loadInBackground(): Promise<void> {
    const bytes = Buffer.allocUnsafe(this.#size);
    for (let offset = 0; offset < this.#size && this.#bytes === undefined;) {
      const fd = this.#fd;
      if (fd === undefined) return;
      const length = Math.min(BACKGROUND_READ_BYTES, this.#size - offset);
      const { bytesRead } = await readAsync(fd, bytes, offset, length, offset);
      if (bytesRead === 0) throw new Error(`${this.path} is shorter than when it was opened`);
      offset += bytesRead;
    }
    if (this.#bytes === undefined) this.#adopt(bytes);
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

  #adopt(bytes: Buffer): void {
    this.#bytes = bytes;
    if (!this.#background) this.#closeFd();
    else void this.#background.then(() => this.#closeFd());
  }

  #closeFd(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Nothing is left to read from it; a failed close loses nothing.
    }
  }
}
