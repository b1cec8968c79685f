// Quiet hours are a local-time idea ("22:00 to 07:00 on weekdays"), so they are checked against
// the wall clock of the machine, not against UTC.
import type { QuietHours } from '../settings/settings';

/** A moment as the user's wall clock shows it. */
export interface LocalTime {
  /** Sunday = 0 … Saturday = 6. */
  weekday: number;
  /** Minutes since local midnight, 0 to 1439. */
  minuteOfDay: number;
}

/** Converts ms since the epoch to local time; injected so tests choose the wall clock. */
export type LocalTimeOf = (epochMs: number) => LocalTime;

/** The machine's own time zone (DST included, as `Date` applies it). */
export const systemLocalTime: LocalTimeOf = (epochMs) => {
  const date = new Date(epochMs);
  return { weekday: date.getDay(), minuteOfDay: date.getHours() * 60 + date.getMinutes() };
};

function minutesOf(timeOfDay: string): number {
  const [hours = 0, minutes = 0] = timeOfDay.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Whether `at` falls in the quiet window. A window belongs to the day it starts on: with
 * 22:00–07:00 on Monday to Friday, Friday night to Saturday 07:00 is quiet, Sunday night is not.
 * `end` equal to `start` means a full 24 hours from `start`.
 */
export function isWithinQuietHours(quietHours: QuietHours, at: LocalTime): boolean {
  if (!quietHours.enabled) return false;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const startedToday = quietHours.days.includes(at.weekday);
  const startedYesterday = quietHours.days.includes((at.weekday + 6) % 7);
  if (start < end) return startedToday && at.minuteOfDay >= start && at.minuteOfDay < end;
  // Wraps past midnight: the evening part started today, the morning part yesterday.
  return (startedToday && at.minuteOfDay >= start) || (startedYesterday && at.minuteOfDay < end);
}
