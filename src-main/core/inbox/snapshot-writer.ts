// Writes a snapshot so that at every instant the directory holds either the old snapshot or the
// whole new one: write a temporary file, fsync it, rename it over the old one, fsync the
// directory. The work is split into chunks with the event loop free in between, so compacting a
// large inbox never stalls the app.
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SNAPSHOT_NAME, SNAPSHOT_TEMP_NAME, fsyncDirectory } from './store-files';

/**
 * Writes the text `chunks` yields as the snapshot in `dir`. Returns false, with the temporary
 * file removed and the old snapshot untouched, when `cancelled()` turns true between chunks.
 */
export async function writeSnapshot(
  dir: string,
  chunks: Iterable<string>,
  cancelled: () => boolean,
): Promise<boolean> {
  const temp = join(dir, SNAPSHOT_TEMP_NAME);
  const file = await open(temp, 'w');
  let completed = false;
  try {
    for (const chunk of chunks) {
      if (cancelled()) return false;
      const bytes = Buffer.from(chunk, 'utf8');
      for (let offset = 0; offset < bytes.length;) {
        offset += (await file.write(bytes, offset, bytes.length - offset)).bytesWritten;
      }
    }
    await file.sync();
    completed = true;
  } finally {
    await file.close();
    if (!completed) await rm(temp, { force: true });
  }
  await rename(temp, join(dir, SNAPSHOT_NAME));
  fsyncDirectory(dir);
  return true;
}
