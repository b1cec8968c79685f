// The user's settings on disk: read field by field, written atomically, never lost to a crash.
import { promises as nodeFs } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Emitter, type Event } from '../base/event';
import type { Disposable } from '../base/lifecycle';
import { silentLogger, type Logger } from '../base/log';
import { parseSettingsFields, type UserSettings } from './settings';

export const SETTINGS_FILE_NAME = 'settings.json';

/** A settings file larger than this is treated as corrupt: real ones are a few KB. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/** The file operations the settings file uses; tests wrap the real ones to inject failures. */
export type SettingsFileSystem = Pick<
  typeof nodeFs,
  'readFile' | 'open' | 'rename' | 'unlink' | 'mkdir'
>;

export interface SettingsFileOptions {
  /** Directory holding `settings.json`; created on the first save. */
  dataDir: string;
  logger?: Logger;
  /** Clock for the quarantine file name, ms since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Default: `fs.promises`. */
  fileSystem?: SettingsFileSystem;
  /** Default: `process.platform`; decides whether to fsync the directory and retry renames. */
  platform?: NodeJS.Platform;
}

export interface LoadedUserSettings {
  user: UserSettings;
  /** What was wrong with the file, one line each; empty when it was fine or absent. */
  problems: string[];
}

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Windows refuses to replace a file another process (an antivirus, the search indexer) has open
 * for a moment; a few short retries get past it. Same approach as npm's write-file-atomic.
 */
const RENAME_RETRY_DELAYS_MS = [20, 60, 150];
const TRANSIENT_RENAME_CODES = new Set(['EPERM', 'EACCES', 'EBUSY']);

export class SettingsFile implements Disposable {
  /** Absolute path of `settings.json`. */
  readonly path: string;
  readonly #dataDir: string;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #fs: SettingsFileSystem;
  readonly #platform: NodeJS.Platform;
  readonly #onDidChange = new Emitter<UserSettings>();
  /** Saves run one after another so the file always ends up holding the last one. */
  #saveQueue: Promise<void> = Promise.resolve();
  #tempCounter = 0;
  #current: UserSettings = {};

  /** Fires after a save reached the disk, with what was saved. */
  readonly onDidChange: Event<UserSettings> = this.#onDidChange.event;

  constructor(options: SettingsFileOptions) {
    this.#dataDir = options.dataDir;
    this.path = path.join(options.dataDir, SETTINGS_FILE_NAME);
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#fs = options.fileSystem ?? nodeFs;
    this.#platform = options.platform ?? process.platform;
  }

  /** The user's settings as last loaded or saved. */
  get current(): UserSettings {
    return structuredClone(this.#current);
  }

  /**
   * Reads the file. Absent: no settings yet. Not JSON, not an object or oversized: the file is
   * moved aside to `settings.json.corrupt-<ms>` (kept for support, never overwritten by the
   * next save) and nothing is used. A bad field is reported and left out. Never rejects.
   */
  async load(): Promise<LoadedUserSettings> {
    let text: string;
    try {
      text = await this.#fs.readFile(this.path, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return this.#loaded({}, []);
      // Unreadable is not corrupt: leave the file alone, it may be readable next time.
      return this.#loaded({}, [`${this.path} could not be read: ${messageOf(error)}`]);
    }

    const parsed = parseSettingsText(text);
    if (!parsed.ok) return this.#loaded({}, [await this.#quarantine(parsed.reason)]);
    const { values, problems } = parseSettingsFields(parsed.value, 'settings');
    return this.#loaded(values, problems);
  }

  /**
   * Writes the user's settings atomically: a temporary file is written and fsynced, then
   * renamed over `settings.json`, so a crash leaves either the old file or the new one.
   * Concurrent saves are serialised. Rejects if the file could not be written; the previous
   * file and `current` are then unchanged.
   */
  save(user: UserSettings): Promise<void> {
    const snapshot = structuredClone(user);
    const run = this.#saveQueue.then(() => this.#write(snapshot));
    this.#saveQueue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }

  #loaded(user: UserSettings, problems: string[]): LoadedUserSettings {
    this.#current = user;
    for (const problem of problems) this.#logger.warn(problem);
    return { user: structuredClone(user), problems };
  }

  async #quarantine(reason: string): Promise<string> {
    const aside = `${this.path}.corrupt-${this.#now()}`;
    try {
      await this.#fs.rename(this.path, aside);
      return `${this.path} was corrupt (${reason}); moved to ${aside}, defaults used`;
    } catch (error) {
      return `${this.path} was corrupt (${reason}) and could not be moved aside (${messageOf(error)}); defaults used`;
    }
  }

  async #write(user: UserSettings): Promise<void> {
    await this.#fs.mkdir(this.#dataDir, { recursive: true });
    const temp = `${this.path}.tmp-${process.pid}-${++this.#tempCounter}`;
    try {
      const handle = await this.#fs.open(temp, 'w', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(user, null, 2)}\n`, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await this.#renameOverTarget(temp);
    } catch (error) {
      await this.#fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.#syncDirectory();
    this.#current = user;
    this.#onDidChange.fire(structuredClone(user));
  }

  async #renameOverTarget(temp: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#fs.rename(temp, this.path);
        return;
      } catch (error) {
        const delay = RENAME_RETRY_DELAYS_MS[attempt];
        const transient =
          this.#platform === 'win32' && TRANSIENT_RENAME_CODES.has(errorCode(error) ?? '');
        if (!transient || delay === undefined) throw error;
        await sleep(delay);
      }
    }
  }

  /** Makes the rename itself durable. Windows cannot open a directory, and needs no such step. */
  async #syncDirectory(): Promise<void> {
    if (this.#platform === 'win32') return;
    try {
      const handle = await this.#fs.open(this.#dataDir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      this.#logger.debug(`could not fsync ${this.#dataDir}:`, error);
    }
  }
}

/** The file's JSON object, or why the text cannot be settings at all (the file is corrupt). */
function parseSettingsText(
  text: string,
): { ok: true; value: object } | { ok: false; reason: string } {
  if (Buffer.byteLength(text, 'utf8') > MAX_SETTINGS_FILE_BYTES) {
    return { ok: false, reason: `larger than ${MAX_SETTINGS_FILE_BYTES} bytes` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${messageOf(error)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'not a JSON object' };
  }
  return { ok: true, value };
}
