// Dates and "why you got this", formatted for people in the UI's locale.
import type { InboxItemView } from './api';
import { formatLocale, locale, strings } from './strings';

/**
 * Each formatter is made when first used: making one costs milliseconds of locale data, and the
 * first screen needs only some of them.
 */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

const relative = lazy(
  () => new Intl.RelativeTimeFormat(formatLocale, { numeric: 'auto', style: 'long' }),
);
const relativeShort = lazy(
  () => new Intl.RelativeTimeFormat(formatLocale, { numeric: 'auto', style: 'narrow' }),
);
const absolute = lazy(
  () => new Intl.DateTimeFormat(formatLocale, { dateStyle: 'medium', timeStyle: 'short' }),
);
const timeOnly = lazy(() => new Intl.DateTimeFormat(formatLocale, { timeStyle: 'short' }));

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const steps: ReadonlyArray<[limit: number, unit: Intl.RelativeTimeFormatUnit, size: number]> = [
  [HOUR, 'minute', MINUTE],
  [DAY, 'hour', HOUR],
  [7 * DAY, 'day', DAY],
  [30 * DAY, 'week', 7 * DAY],
  [365 * DAY, 'month', 30 * DAY],
  [Infinity, 'year', 365 * DAY],
];

/** "5 minutes ago", "yesterday", "in 2 hours"; "just now" under a minute. */
export function formatRelative(
  when: number,
  now: number,
  style: 'long' | 'narrow' = 'long',
): string {
  const diff = when - now;
  const size = Math.abs(diff);
  if (size < MINUTE) return strings.time.justNow;
  const format = style === 'long' ? relative() : relativeShort();
  for (const [limit, unit, unitSize] of steps) {
    if (size < limit) return format.format(Math.round(diff / unitSize), unit);
  }
  return absolute().format(when);
}

export function formatAbsolute(when: number): string {
  return absolute().format(when);
}

export function formatTime(when: number): string {
  return timeOnly().format(when);
}

/** Milliseconds since the epoch, or NaN when the text is not a date. */
export function parseTime(iso: string | null): number {
  return iso === null ? Number.NaN : Date.parse(iso);
}

/** How the notification reached this user, in words: "Group: Engineering", "To you", "Everyone". */
export function describeTarget(
  target: InboxItemView['target'],
  groupName: (name: string) => string,
): string {
  switch (target.kind) {
    case 'user':
    case 'users':
    case 'caller':
      return strings.target.user;
    case 'all':
    case 'others':
    case 'allExcept':
      return strings.target.everyone;
    case 'client':
    case 'clients':
      return strings.target.device;
    case 'group':
    case 'groupExcept':
    case 'othersInGroup':
      return target.group ? strings.target.group(groupName(target.group)) : strings.target.everyone;
    case 'groups': {
      const names = (target.groups ?? []).map(groupName);
      if (names.length === 1) return strings.target.group(names[0] ?? '');
      return strings.target.groups(new Intl.ListFormat(locale, { type: 'unit' }).format(names));
    }
  }
}
