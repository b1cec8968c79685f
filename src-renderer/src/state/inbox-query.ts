// The inbox's query as `inbox.list` takes it. Kept apart from the inbox state, with no runtime
// imports, so the start-up request (lib/startup.ts) can name the first page before the rest of
// the renderer has loaded.
import type { InboxItemView, InboxQuery } from '../lib/api';

export type Severity = InboxItemView['severity'];

export interface InboxFilters {
  readonly unreadOnly: boolean;
  readonly group: string | null;
  readonly severity: Severity | null;
  readonly archived: boolean;
  /** The search text as sent to main (debounced, trimmed). */
  readonly text: string;
}

export const NO_FILTERS: InboxFilters = {
  unreadOnly: false,
  group: null,
  severity: null,
  archived: false,
  text: '',
};

/**
 * Items per `inbox.list` call: more than a tall window shows (with overscan), few enough that
 * the first page crosses IPC quickly.
 */
export const PAGE_SIZE = 50;

/** The query for page `page` of the inbox filtered by `filters`. */
export function pageQuery(filters: InboxFilters, page: number): InboxQuery {
  const query: InboxQuery = {
    offset: page * PAGE_SIZE,
    limit: PAGE_SIZE,
    archived: filters.archived,
  };
  if (filters.unreadOnly) query.unread = true;
  if (filters.group !== null) query.group = filters.group;
  if (filters.severity !== null) query.severity = filters.severity;
  if (filters.text !== '') query.text = filters.text;
  return query;
}

/** Whether two queries ask for the same rows. */
export function sameQuery(a: InboxQuery, b: InboxQuery): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as Array<keyof InboxQuery>);
  return [...keys].every((key) => a[key] === b[key]);
}
