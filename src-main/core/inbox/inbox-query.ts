// Which items a list shows. The schema is the contract for callers across IPC as well.
import { z } from 'zod';
import { GroupNameSchema, SEVERITIES, severityRank } from '../schema/notification';
import type { InboxEntry } from './inbox-entry';

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export const InboxFilterSchema = z.object({
  /** true: only unread; false: only read; absent: both. */
  unread: z.boolean().optional(),
  /** Items sent to this group, alone or among several. */
  group: GroupNameSchema.optional(),
  /** Exactly this severity. */
  severity: z.enum(SEVERITIES).optional(),
  /** This severity or a more severe one. */
  minSeverity: z.enum(SEVERITIES).optional(),
  /** Case-insensitive substring of the title, body, sender name or a tag. */
  text: z.string().max(200).optional(),
  /** false (default): archived items are hidden; true: only archived items. */
  archived: z.boolean().default(false),
});
export type InboxFilter = z.input<typeof InboxFilterSchema>;

export const InboxQuerySchema = InboxFilterSchema.extend({
  /** Items to skip, newest first. Default 0. */
  offset: z.number().int().nonnegative().default(0),
  /** Page size. Default 50, at most 500. */
  limit: z.number().int().positive().max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type InboxQuery = z.input<typeof InboxQuerySchema>;

/** One page, newest first, and how many items match in all. */
export interface InboxPage<T> {
  items: T[];
  total: number;
}

/**
 * The test an entry must pass, in steps: `matchesState` looks only at local state;
 * `matchesFields` (absent when the filter has none) needs the entry validated; `text`, when set,
 * is searched for in the notification's title, body, sender name and tags (see searchTextOf),
 * and `textInJson` is how it must appear in the notification's JSON text if it is there at all:
 * a quick test that rules most items out without parsing them.
 */
export interface EntryMatcher {
  matchesState(entry: InboxEntry): boolean;
  readonly matchesFields: ((entry: InboxEntry) => boolean) | undefined;
  readonly text: string | undefined;
  /** Undefined when `text` is undefined or has no such quick test. */
  readonly textInJson: string | undefined;
}

const NO_QUICK_TEST = /[σς]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function compileFilter(filter: z.output<typeof InboxFilterSchema>): EntryMatcher {
  const { unread, group, severity, minSeverity, archived } = filter;
  const text = filter.text?.toLowerCase().replaceAll('\u0000', '') || undefined;
  const minRank = minSeverity === undefined ? undefined : severityRank[minSeverity];
  const hasFieldConditions = group !== undefined || severity !== undefined || minRank !== undefined;
  return {
    matchesState: (entry) =>
      entry.archived === archived && (unread === undefined || entry.read !== unread),
    matchesFields: hasFieldConditions
      ? (entry) =>
          (severity === undefined || entry.severity === severity) &&
          (minRank === undefined || severityRank[entry.severity] >= minRank) &&
          (group === undefined || entry.sentTo(group))
      : undefined,
    text,
    // JSON.stringify writes text as itself but for quotes, backslashes and control characters,
    // which it escapes the same way in the query as in the stored notification. There is no
    // quick test for half a surrogate pair, which the stored text may hold whole, nor for a
    // sigma: lower-casing picks σ or ς by the letters around it, and an escape such as \n puts a
    // letter next to it in the JSON that the text does not have.
    textInJson:
      text === undefined || NO_QUICK_TEST.test(text)
        ? undefined
        : JSON.stringify(text).slice(1, -1),
  };
}
