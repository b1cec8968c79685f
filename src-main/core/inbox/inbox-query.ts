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
 * The test an entry must pass, in two steps: `matchesState` looks only at local state and needs
 * no parsed notification; `matchesContent`, absent when the filter has no content conditions,
 * needs the entry validated first.
 */
export interface EntryMatcher {
  matchesState(entry: InboxEntry): boolean;
  readonly matchesContent: ((entry: InboxEntry) => boolean) | undefined;
}

export function compileFilter(filter: z.output<typeof InboxFilterSchema>): EntryMatcher {
  const { unread, group, severity, minSeverity, archived } = filter;
  const text = filter.text?.toLowerCase().replaceAll('\u0000', '') || undefined;
  const minRank = minSeverity === undefined ? undefined : severityRank[minSeverity];
  const hasContentConditions =
    group !== undefined || severity !== undefined || minRank !== undefined || text !== undefined;
  return {
    matchesState: (entry) =>
      entry.archived === archived && (unread === undefined || entry.read !== unread),
    matchesContent: hasContentConditions
      ? (entry) => {
          const n = entry.notification();
          if (severity !== undefined && n.severity !== severity) return false;
          if (minRank !== undefined && severityRank[n.severity] < minRank) return false;
          if (group !== undefined && n.target.group !== group && !n.target.groups?.includes(group))
            return false;
          return text === undefined || entry.searchText().includes(text);
        }
      : undefined,
  };
}
