// Whether one notification may toast, and if not, the one reason why: the answer to
// "why didn't I get a toast?". Pure: the same inputs always give the same answer.
import { severityRank, type Notification, type TargetKind } from '../schema/notification';
import type { Settings } from '../settings/settings';
import { isWithinQuietHours, type LocalTime } from './quiet-hours';

/** The settings toast decisions read; a narrow view so tests build only what matters. */
export type ToastSettings = Pick<
  Settings,
  | 'doNotDisturb'
  | 'quietHours'
  | 'criticalBypassesQuiet'
  | 'criticalBypassesDnd'
  | 'mutedGroups'
  | 'minimumToastSeverity'
  | 'sound'
  | 'criticalSound'
>;

/** A notification about to toast; catch-up items also say whether another device read them. */
export type ToastCandidate = Notification & { read?: boolean; acknowledged?: boolean };

export type SuppressionReason =
  'expired' | 'already-read' | 'below-minimum' | 'muted-group' | 'dnd' | 'quiet-hours';

export type ToastDecision = 'toast' | SuppressionReason;

/** Targets that reached the user only through a group; any other kind reached them directly. */
const GROUP_TARGETS: ReadonlySet<TargetKind> = new Set([
  'group',
  'groupExcept',
  'othersInGroup',
  'groups',
]);

/** The groups a notification came through; empty when it was addressed to the user directly. */
export function groupsOf(notification: Notification): string[] {
  const { target } = notification;
  if (!GROUP_TARGETS.has(target.kind)) return [];
  return [...(target.group === undefined ? [] : [target.group]), ...(target.groups ?? [])];
}

export function isDoNotDisturbOn(settings: Pick<Settings, 'doNotDisturb'>, now: number): boolean {
  const { mode, until } = settings.doNotDisturb;
  return mode === 'on' || (mode === 'until' && until !== null && until > now);
}

/**
 * Decides whether `notification` toasts at `now`. Reasons are checked from the most intrinsic
 * to the most situational, and the first that applies is returned:
 * 1. `expired` (expiresAt ≤ now) and `already-read` (read or acknowledged on another device):
 *    never toast, critical or not; the inbox still has them.
 * 2. `below-minimum`: less severe than `minimumToastSeverity` (critical never is).
 * 3. `muted-group`: came through a muted group (any of its groups); critical still toasts.
 * 4. `dnd`: Do Not Disturb is on, or `until` is in the future; critical toasts when
 *    `criticalBypassesDnd`.
 * 5. `quiet-hours`: inside the local quiet window; critical toasts when `criticalBypassesQuiet`.
 *
 * @param now ms since the epoch.
 * @param localTime `now` on the user's wall clock, for quiet hours.
 */
export function decideToast(
  notification: ToastCandidate,
  settings: ToastSettings,
  now: number,
  localTime: LocalTime,
): ToastDecision {
  const critical = notification.severity === 'critical';
  if (notification.expiresAt !== null && Date.parse(notification.expiresAt) <= now) {
    return 'expired';
  }
  if (notification.read === true || notification.acknowledged === true) return 'already-read';
  if (severityRank[notification.severity] < severityRank[settings.minimumToastSeverity]) {
    return 'below-minimum';
  }
  if (!critical && groupsOf(notification).some((group) => settings.mutedGroups.includes(group))) {
    return 'muted-group';
  }
  if (isDoNotDisturbOn(settings, now) && !(critical && settings.criticalBypassesDnd)) return 'dnd';
  if (
    isWithinQuietHours(settings.quietHours, localTime) &&
    !(critical && settings.criticalBypassesQuiet)
  ) {
    return 'quiet-hours';
  }
  return 'toast';
}
