// Where the inbox keeps its files in the data directory, and the two file-system moves it relies
// on: making a rename durable, and setting a damaged file aside without ever deleting it.
import { closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The compacted state: a header line, then one line per item. Replaced only by rename. */
export const SNAPSHOT_NAME = 'inbox-snapshot.jsonl';
/** Where a snapshot is written before it is renamed into place; a leftover one is garbage. */
export const SNAPSHOT_TEMP_NAME = `${SNAPSHOT_NAME}.tmp`;

const JOURNAL_NAME = /^inbox-journal-(\d{1,15})\.jsonl$/;

/** The append-only journal of one generation: changes made after the snapshot of that generation. */
export function journalName(generation: number): string {
  return `inbox-journal-${generation}.jsonl`;
}

/** The generation a journal's file name carries, or undefined for any other file. */
export function journalGeneration(name: string): number | undefined {
  const match = JOURNAL_NAME.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Makes a rename or a file creation in `dir` durable. Windows cannot open a directory; NTFS
 * journals metadata itself, so the failure is ignored there (and anywhere else it occurs: the
 * data is already safe against a process crash, this only narrows the power-loss window).
 */
export function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // See above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** fsyncDirectory on the thread pool, for a new file whose name may become durable a moment later. */
export async function fsyncDirectoryInBackground(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // As in fsyncDirectory.
  }
}

/** `<name>.corrupt-<timestamp>`, with a counter when that name is taken. */
function quarantinePath(path: string, timestamp: number, attempt: number): string {
  return `${path}.corrupt-${timestamp}${attempt === 0 ? '' : `-${attempt}`}`;
}

/**
 * Writes `bytes` — a damaged file exactly as it was read — next to it as
 * `<name>.corrupt-<timestamp>` and returns that path. The original is left in place for the
 * caller to supersede, so a crash in between loses nothing.
 */
export function quarantineCopy(path: string, bytes: Buffer, timestamp: number): string {
  for (let attempt = 0; ; attempt++) {
    const target = quarantinePath(path, timestamp, attempt);
    let fd: number;
    try {
      fd = openSync(target, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      for (let offset = 0; offset < bytes.length;) {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return target;
  }
}

/** Renames an unreadable file aside as `<name>.corrupt-<timestamp>` and returns the new path. */
export function quarantineRename(path: string, timestamp: number): string {
  let attempt = 0;
  while (existsSync(quarantinePath(path, timestamp, attempt))) attempt++;
  const target = quarantinePath(path, timestamp, attempt);
  renameSync(path, target);
  fsyncDirectory(dirname(path));
  return target;
}
