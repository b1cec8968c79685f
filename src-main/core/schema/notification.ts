// What the hub sends, as Herald trusts it: every field checked and every size bounded.
import { z } from 'zod';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for "at least this severe" comparisons. */
export const severityRank: Readonly<Record<Severity, number>> = {
  info: 0,
  warning: 1,
  critical: 2,
};

export const TARGET_KINDS = [
  'all',
  'caller',
  'others',
  'allExcept',
  'client',
  'clients',
  'user',
  'users',
  'group',
  'groupExcept',
  'groups',
  'othersInGroup',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const LIMITS = {
  idLength: 128,
  title: 200,
  body: 4000,
  url: 2048,
  actions: 3,
  actionId: 64,
  actionLabel: 64,
  tags: 10,
  tag: 32,
  groupName: 64,
  groupsPerTarget: 100,
  displayName: 200,
} as const;

/** An absolute http(s) URL. Anything else (javascript:, file:, data: …) is refused. */
export const HttpUrlSchema = z
  .string()
  .max(LIMITS.url)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute http or https URL');

export const GroupNameSchema = z
  .string()
  .min(1)
  .max(LIMITS.groupName)
  .regex(/^[A-Za-z0-9._-]+$/, 'may hold only letters, digits, dot, dash and underscore');

/** How a notification reached this user; user and connection ids are never included. */
export const TargetDescriptionSchema = z.object({
  kind: z.enum(TARGET_KINDS),
  group: GroupNameSchema.optional(),
  groups: z.array(GroupNameSchema).max(LIMITS.groupsPerTarget).optional(),
});
export type TargetDescription = z.infer<typeof TargetDescriptionSchema>;

export const NotificationActionSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(LIMITS.actionId)
    .regex(/^[A-Za-z0-9._-]+$/),
  label: z.string().min(1).max(LIMITS.actionLabel),
  url: HttpUrlSchema.nullish(),
});
export type NotificationAction = z.infer<typeof NotificationActionSchema>;

const Timestamp = z.iso.datetime({ offset: true });

/** A notification as delivered by `ReceiveNotification` (and inside `GetMissed`). */
export const NotificationSchema = z.object({
  id: z.string().min(1).max(LIMITS.idLength),
  cursor: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  title: z.string().min(1).max(LIMITS.title),
  body: z.string().max(LIMITS.body).default(''),
  severity: z.enum(SEVERITIES),
  sentAt: Timestamp,
  sender: z.object({
    id: z.string().min(1).max(LIMITS.idLength),
    displayName: z.string().max(LIMITS.displayName),
  }),
  target: TargetDescriptionSchema,
  url: HttpUrlSchema.nullish().transform((value) => value ?? null),
  actions: z.array(NotificationActionSchema).max(LIMITS.actions).default([]),
  requireAck: z.boolean().default(false),
  expiresAt: Timestamp.nullish().transform((value) => value ?? null),
  tags: z.array(z.string().min(1).max(LIMITS.tag)).max(LIMITS.tags).default([]),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** A `GetMissed` item also carries this user's read / acknowledged state from other devices. */
export const MissedNotificationSchema = NotificationSchema.extend({
  read: z.boolean().default(false),
  acknowledged: z.boolean().default(false),
});
export type MissedNotification = z.infer<typeof MissedNotificationSchema>;

/**
 * Notifications this module checked, each frozen through and through so it cannot have changed
 * since: `isCheckedNotification` lets the inbox skip checking it a second time. A WeakSet holds
 * nothing alive.
 */
const checkedNotifications = new WeakSet<object>();

function freezeChecked(notification: Notification): Notification {
  Object.freeze(notification.sender);
  Object.freeze(notification.target);
  if (notification.target.groups) Object.freeze(notification.target.groups);
  for (const action of notification.actions) Object.freeze(action);
  Object.freeze(notification.actions);
  Object.freeze(notification.tags);
  checkedNotifications.add(Object.freeze(notification));
  return notification;
}

/** NotificationSchema.safeParse; a notification it returns is frozen and known as checked. */
export function parseNotification(value: unknown): ReturnType<typeof NotificationSchema.safeParse> {
  const result = NotificationSchema.safeParse(value);
  if (result.success) freezeChecked(result.data);
  return result;
}

/** MissedNotificationSchema.safeParse, split into the notification (frozen, checked) and state. */
export function parseMissedNotification(
  value: unknown,
):
  | { success: true; notification: Notification; read: boolean; acknowledged: boolean }
  | { success: false; error: z.ZodError } {
  const result = MissedNotificationSchema.safeParse(value);
  if (!result.success) return { success: false, error: result.error };
  const { read, acknowledged, ...notification } = result.data;
  return { success: true, notification: freezeChecked(notification), read, acknowledged };
}

/** Whether `value` came out of `parseNotification` or `parseMissedNotification` (unchanged). */
export function isCheckedNotification(value: unknown): value is Notification {
  return typeof value === 'object' && value !== null && checkedNotifications.has(value);
}

/** The `GetMissed(sinceCursor, groups)` answer. Items are validated one by one by the caller. */
export const MissedPageSchema = z.object({
  notifications: z.array(z.unknown()).max(10_000),
  hasMore: z.boolean(),
  latestCursor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  truncated: z.boolean(),
});
export type MissedPage = z.infer<typeof MissedPageSchema>;

export const GroupInfoSchema = z.object({
  name: GroupNameSchema,
  displayName: z.string().max(LIMITS.displayName),
  description: z
    .string()
    .max(1000)
    .nullish()
    .transform((value) => value ?? null),
  mandatory: z.boolean().default(false),
});
export type GroupInfo = z.infer<typeof GroupInfoSchema>;
export const GroupListSchema = z.array(GroupInfoSchema).max(1000);

export const NotificationIdSchema = z.string().min(1).max(LIMITS.idLength);
export const NotificationIdListSchema = z.array(NotificationIdSchema).max(1000);

/** Formats a zod error as one line a person can read: `title: Too big …; url: must be …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
