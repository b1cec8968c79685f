// The journal file an InboxStore appends its changes to.
//
// Durability policy:
// - Every change is one synchronous write(2) of one whole line to a file opened with O_APPEND.
//   When the call returns the bytes are in the OS page cache, so they survive the process being
//   killed at any later moment (SIGKILL, a native crash, Electron aborting). That is what "add()
//   returned" promises, and it costs tens of microseconds, not the milliseconds of an fsync.
// - Surviving power loss or a kernel panic needs fsync. It runs in the background at most every
//   FSYNC_INTERVAL_MS after a write, and once more on close, so a power cut loses at most the
//   last quarter second of changes; a line it tears is dropped as a torn tail on the next open.
import { closeSync, fsync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { drop, type Logger } from '../base/log';
import { FORMAT_VERSION, JOURNAL_FORMAT, encodeRecord } from './record-format';
import { fsyncDirectoryInBackground, journalName } from './store-files';

/** The longest a written change waits for its background fsync, in milliseconds. */
export const FSYNC_INTERVAL_MS = 250;

/** Where an existing journal's intact content ends, as the scan at open found it. */
export interface JournalResumePoint {
  intactLength: number;
  /** The last line is whole but has no newline. */
  unterminated: boolean;
  /** The file holds no header line (it is empty). */
  empty: boolean;
}

export class JournalWriter {
  readonly path: string;
  readonly generation: number;
  readonly #logger: Logger;
  #fd: number | undefined;
  #size: number;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #syncing = false;

  private constructor(path: string, generation: number, fd: number, size: number, logger: Logger) {
    this.path = path;
    this.generation = generation;
    this.#fd = fd;
    this.#size = size;
    this.#logger = logger;
  }

  /** Creates the journal of `generation` in `dir`; fails if it exists. */
  static create(dir: string, generation: number, logger: Logger): JournalWriter {
    const path = join(dir, journalName(generation));
    const writer = new JournalWriter(path, generation, openSync(path, 'ax'), 0, logger);
    writer.#writeHeader();
    // The file's own fsyncs do not make its name durable everywhere; the directory's does.
    drop(fsyncDirectoryInBackground(dir), logger, 'flushing the inbox directory');
    return writer;
  }

  /** Continues an existing journal, first cutting off a torn tail the scan found. */
  static resume(
    dir: string,
    generation: number,
    point: JournalResumePoint,
    logger: Logger,
  ): JournalWriter {
    const path = join(dir, journalName(generation));
    const fd = openSync(path, 'a');
    try {
      ftruncateSync(fd, point.intactLength);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    const writer = new JournalWriter(path, generation, fd, point.intactLength, logger);
    if (point.empty) writer.#writeHeader();
    else if (point.unterminated) writer.append('\n');
    return writer;
  }

  /** Bytes written so far, header included. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends `text` (whole lines) with one synchronous write and returns the offset it starts at.
   * If the write fails part way the file is cut back to where it was, so no half line is left
   * for the next append to follow.
   */
  append(text: string): number {
    const fd = this.#fd;
    if (fd === undefined) throw new Error(`journal ${this.path} is closed`);
    const bytes = Buffer.from(text, 'utf8');
    try {
      for (let offset = 0; offset < bytes.length;) {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      }
    } catch (error) {
      try {
        ftruncateSync(fd, this.#size);
      } catch {
        // The next open drops or quarantines what is left; the write error is what matters.
      }
      throw error;
    }
    const start = this.#size;
    this.#size += bytes.length;
    this.#dirty = true;
    if (!this.#timer && !this.#syncing) this.#scheduleSync();
    return start;
  }

  /**
   * Flushes to disk and closes the file, synchronously. Idempotent. A background fsync still in
   * flight is harmless: it holds its own reference to the file.
   */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return;
    try {
      fsyncSync(fd);
    } catch (error) {
      this.#logger.warn(`could not flush ${this.path}:`, error);
    } finally {
      closeSync(fd);
    }
  }

  /** Like close(), but flushing on the thread pool: for a journal a newer one has replaced. */
  retire(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      fsync(fd, (error) => {
        if (error) this.#logger.warn(`could not flush ${this.path}:`, error);
        try {
          closeSync(fd);
        } catch (closeError) {
          this.#logger.warn(`could not close ${this.path}:`, closeError);
        }
        resolve();
      });
    });
  }

  #writeHeader(): void {
    this.append(
      encodeRecord({
        t: 'journal',
        format: JOURNAL_FORMAT,
        version: FORMAT_VERSION,
        generation: this.generation,
      }),
    );
  }

  #scheduleSync(): void {
    this.#timer = setTimeout(() => this.#syncInBackground(), FSYNC_INTERVAL_MS);
    // Never keep the process alive for it: everything written is already safe from a crash.
    this.#timer.unref();
  }

  #syncInBackground(): void {
    this.#timer = undefined;
    const fd = this.#fd;
    if (fd === undefined || !this.#dirty) return;
    this.#dirty = false;
    this.#syncing = true;
    fsync(fd, (error) => {
      this.#syncing = false;
      // EBADF only means close() came first; it flushed synchronously.
      if (error && this.#fd !== undefined) {
        this.#logger.warn(`background fsync of ${this.path} failed:`, error);
      }
      if (this.#dirty && this.#fd !== undefined) this.#scheduleSync();
    });
  }
}
