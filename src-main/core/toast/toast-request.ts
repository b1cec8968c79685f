// What a toast says and how it sounds, for one notification or for many at once.
import { severityRank, type Notification, type Severity } from '../schema/notification';
import type { SingleToastRequest, SummaryToastRequest } from './notifier';
import type { ToastSettings } from './toast-decision';

/** How many titles a summary's body lists before "and N more". */
export const SUMMARY_TITLES_SHOWN = 3;

/** Silent unless `sound`; critical follows `criticalSound` instead. */
export function isSilent(
  severity: Severity,
  settings: Pick<ToastSettings, 'sound' | 'criticalSound'>,
): boolean {
  return severity === 'critical' ? !settings.criticalSound : !settings.sound;
}

export function singleToast(
  notification: Notification,
  settings: ToastSettings,
): SingleToastRequest {
  const critical = notification.severity === 'critical';
  return {
    kind: 'single',
    notification,
    silent: isSilent(notification.severity, settings),
    // Something the user must acknowledge should not vanish before they saw it either.
    sticky: critical || notification.requireAck,
    urgency: critical ? 'critical' : 'normal',
  };
}

/**
 * One toast standing for `notifications` (at least one). The body lists the most severe titles
 * first, so a critical hidden in a flood of info is the line the user reads.
 */
export function summaryToast(
  notifications: readonly Notification[],
  title: string,
  settings: ToastSettings,
): SummaryToastRequest {
  const mostSevereFirst = [...notifications].sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity],
  );
  const highestSeverity = mostSevereFirst[0]?.severity ?? 'info';
  const listed = mostSevereFirst.slice(0, SUMMARY_TITLES_SHOWN).map((n) => n.title);
  const rest = notifications.length - listed.length;
  return {
    kind: 'summary',
    title,
    body: [...listed, ...(rest > 0 ? [`and ${rest} more`] : [])].join('\n'),
    count: notifications.length,
    ids: notifications.map((n) => n.id),
    highestSeverity,
    silent: isSilent(highestSeverity, settings),
  };
}

/** `1 notification`, `7 notifications`. */
export function countNotifications(count: number): string {
  return `${count} notification${count === 1 ? '' : 's'}`;
}
