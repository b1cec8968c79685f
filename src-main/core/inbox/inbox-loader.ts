// Opening an inbox directory: the snapshot, then every journal from the snapshot's generation
// on, replayed into an InboxState. Whatever can be trusted is kept; a damaged file is copied
// aside and reported, never deleted, and never makes opening fail.
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from '../base/log';
import { toLogFormat } from '../base/log';
import { describeIssues } from '../schema/notification';
import { InboxEntry, sentAtMsOf } from './inbox-entry';
import { InboxState } from './inbox-state';
import type { JournalResumePoint } from './journal-writer';
import { ItemFile } from './item-file';
import { scanRecordFile, type ScanResult, type ScannedLine } from './record-file';
import {
  ChangeRecordSchema,
  JournalHeaderSchema,
  SnapshotHeaderSchema,
  hasValidSeal,
  type SnapshotHeader,
} from './record-format';
import { INDEX_RECORD_TYPE, readSnapshotIndex, type SnapshotIndex } from './snapshot-index';
import {
  SNAPSHOT_NAME,
  SNAPSHOT_TEMP_NAME,
  journalGeneration,
  quarantineCopy,
  quarantineRename,
} from './store-files';

/** Something wrong with a file that opening worked around. */
export interface InboxProblem {
  /** The damaged file's path. */
  file: string;
  /** What was wrong, what was kept, and where the damaged file was set aside. */
  message: string;
}

export interface LoadedJournal {
  generation: number;
  file: ItemFile;
  /** Where appending may resume; undefined when the journal was damaged and must not grow. */
  resume: JournalResumePoint | undefined;
}

export interface LoadResult {
  state: InboxState;
  /** The snapshot's generation; 0 when there is none (or it was unreadable). */
  snapshotGeneration: number;
  /** Journals replayed, oldest first. */
  journals: LoadedJournal[];
  /** Records replayed from those journals. */
  journalRecords: number;
  problems: InboxProblem[];
  /** Files already copied aside, so later findings in them are not copied again. */
  quarantined: Set<ItemFile>;
  /** Some file was damaged: what was salvaged lives only in memory until rewritten. */
  damaged: boolean;
  /** Every file opened, held open for the entries that read their notifications from it. */
  files: ItemFile[];
}

type ItemLine = Extract<ScannedLine, { kind: 'item' | 'checked-item' }>;

function entryOf(line: ItemLine, file: ItemFile): InboxEntry | string {
  if (line.kind === 'item') return InboxEntry.fromBytes(line.key, file, line.start, line.end);
  const [cursor, sentAtMs, , , , id] = line.key;
  const n = line.notification;
  if (n.id !== id || n.cursor !== cursor || sentAtMsOf(n.sentAt) !== sentAtMs) {
    return 'the notification does not match the key it was stored under';
  }
  return InboxEntry.held(n, line.key);
}

export function loadInbox(dir: string, timestamp: number, logger: Logger): LoadResult {
  const names = readdirSync(dir);
  const result: LoadResult = {
    state: new InboxState(),
    snapshotGeneration: 0,
    journals: [],
    journalRecords: 0,
    problems: [],
    quarantined: new Set(),
    damaged: false,
    files: [],
  };
  const { state } = result;

  const report = (file: string, message: string): void => {
    result.damaged = true;
    result.problems.push({ file, message });
    logger.warn(`${basename(file)}: ${message}`);
  };

  const read = (path: string): ItemFile | undefined => {
    try {
      const file = ItemFile.open(path);
      result.files.push(file);
      return file;
    } catch (error) {
      let message = `could not be read (${toLogFormat(error)})`;
      try {
        message += `; moved aside to ${basename(quarantineRename(path, timestamp))}`;
      } catch (renameError) {
        message += `; could not be moved aside either (${toLogFormat(renameError)})`;
      }
      report(path, message);
      return undefined;
    }
  };

  const setAsideIfDamaged = (file: ItemFile, scan: ScanResult, extra: string[]): boolean => {
    const damagedLines = scan.damagedLines + extra.length;
    if (damagedLines === 0) return false;
    const details = [...extra, ...scan.damage].slice(0, 3).join('; ');
    let message = `${damagedLines} of ${scan.lines} line(s) damaged (${details}); everything else was kept`;
    try {
      message += `; the file as found is kept as ${basename(quarantineCopy(file.path, file.bytes, timestamp))}`;
      result.quarantined.add(file);
    } catch (error) {
      message += `; it could not be copied aside (${toLogFormat(error)})`;
    } finally {
      // Entries read the file through its window from here on.
      file.release();
    }
    report(file.path, message);
    return true;
  };

  // A compaction that never finished; the snapshot it would have replaced is still whole.
  if (names.includes(SNAPSHOT_TEMP_NAME)) rmSync(join(dir, SNAPSHOT_TEMP_NAME), { force: true });

  const indexed = names.includes(SNAPSHOT_NAME)
    ? openIndexedSnapshot(join(dir, SNAPSHOT_NAME))
    : undefined;
  if (indexed) {
    const { file } = indexed;
    result.files.push(file);
    indexed.index.forEachItem((key, start, end) => {
      state.add(InboxEntry.fromIndexedLine(key, file, start, end));
    });
    state.restoreBookkeeping(indexed.header);
    result.snapshotGeneration = indexed.header.generation;
  }
  const snapshot =
    !indexed && names.includes(SNAPSHOT_NAME) ? read(join(dir, SNAPSHOT_NAME)) : undefined;
  if (snapshot) {
    let header: SnapshotHeader | undefined;
    let items = 0;
    let indexLine = 0;
    const scan = scanRecordFile(snapshot, (line, lineNumber) => {
      if (line.kind === 'record') {
        if (lineNumber !== 1 && (line.value as { t?: unknown }).t === INDEX_RECORD_TYPE) {
          // Only a shortcut for opening (see snapshot-index.ts); where it belongs, it is ignored.
          indexLine = lineNumber;
          return undefined;
        }
        if (lineNumber !== 1) return 'a record where an item belongs';
        const parsed = SnapshotHeaderSchema.safeParse(line.value);
        if (!parsed.success) return `header: ${describeIssues(parsed.error)}`;
        header = parsed.data;
        return undefined;
      }
      if (line.type !== 'item') return 'a journal line in the snapshot';
      const entry = entryOf(line, snapshot);
      if (typeof entry === 'string') return entry;
      items += 1;
      state.add(entry);
      return undefined;
    });
    const extra: string[] = [];
    if (!header) extra.push('no valid header');
    else if (header.items !== items)
      extra.push(`${items} items where the header promises ${header.items}`);
    // The snapshot is only ever renamed into place whole: a cut-off end is damage, not a crash.
    if (scan.tornTail) extra.push('the last line is cut off');
    if (indexLine !== 0 && (indexLine !== scan.lines || !scan.unterminated)) {
      extra.push('the index is not the last record');
    }
    setAsideIfDamaged(snapshot, scan, extra);
    if (header) {
      state.restoreBookkeeping(header);
      result.snapshotGeneration = header.generation;
    }
  }

  const journals = names
    .flatMap((name) => {
      const generation = journalGeneration(name);
      return generation === undefined ? [] : [{ name, generation }];
    })
    .sort((a, b) => a.generation - b.generation);
  for (const { name, generation } of journals) {
    const path = join(dir, name);
    if (generation < result.snapshotGeneration) {
      // Folded into the snapshot by a compaction that was stopped before it could delete it.
      rmSync(path, { force: true });
      continue;
    }
    const journal = read(path);
    if (!journal) continue;
    let records = 0;
    let headerSeen = false;
    const scan = scanRecordFile(journal, (line, lineNumber) => {
      if (line.kind !== 'record') {
        if (line.type !== 'add') return 'a snapshot line in a journal';
        const entry = entryOf(line, journal);
        if (typeof entry === 'string') return entry;
        records += 1;
        state.add(entry);
        return undefined;
      }
      if ((line.value as { t?: unknown }).t === 'journal') {
        const parsed = JournalHeaderSchema.safeParse(line.value);
        if (!parsed.success) return `header: ${describeIssues(parsed.error)}`;
        if (lineNumber !== 1 || parsed.data.generation !== generation) return 'a misplaced header';
        headerSeen = true;
        return undefined;
      }
      const parsed = ChangeRecordSchema.safeParse(line.value);
      if (!parsed.success) return describeIssues(parsed.error);
      records += 1;
      state.apply(parsed.data);
      return undefined;
    });
    if (scan.tornTail) {
      logger.info(`${basename(path)}: dropped a torn last line (an append cut short by a crash)`);
    }
    const damaged = setAsideIfDamaged(
      journal,
      scan,
      scan.lines > 0 && !headerSeen ? ['no valid header'] : [],
    );
    result.journalRecords += records;
    result.journals.push({
      generation,
      file: journal,
      resume: damaged
        ? undefined
        : {
            intactLength: scan.intactLength,
            unterminated: scan.unterminated,
            empty: scan.lines === 0,
          },
    });
  }

  state.finishLoading();
  return result;
}

/**
 * Opens the snapshot through its index record, reading only that and the header line; the item
 * lines are read later (and checked when first used, see InboxEntry.validate). Returns
 * undefined when the index is missing or damaged or anything about the snapshot does not match
 * it: the caller then scans the snapshot as it would without an index.
 */
function openIndexedSnapshot(
  path: string,
): { file: ItemFile; header: SnapshotHeader; index: SnapshotIndex } | undefined {
  let file: ItemFile | undefined;
  try {
    file = ItemFile.open(path);
    const index = readSnapshotIndex(file, file.length);
    if (!index) {
      file.close();
      return undefined;
    }
    const line = file.range(0, index.headerLength);
    let header: SnapshotHeader | undefined;
    if (hasValidSeal(line, 0, line.length)) {
      const parsed = SnapshotHeaderSchema.safeParse(JSON.parse(line.toString('utf8')));
      if (parsed.success) header = parsed.data;
    }
    if (header?.generation !== index.generation || header.items !== index.items) {
      file.close();
      return undefined;
    }
    return { file, header, index };
  } catch {
    // Unreadable or malformed: the full scan finds and reports whatever is wrong.
    file?.close();
    return undefined;
  }
}
