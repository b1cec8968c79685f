// The one IPC contract: every channel, its direction, and the schema of what crosses it.
// The preload API is generated from it, the main process validates against it, and the
// renderer imports only its types.
import { z } from 'zod';
import { SETTING_KEYS, SettingsSchema } from '../core/settings/settings';
import type { EventChannelName, InvokeChannelName } from './channels';
import {
  GroupNameSchema,
  HttpUrlSchema,
  NotificationIdSchema,
  SEVERITIES,
  TARGET_KINDS,
} from '../core/schema/notification';

const Id = NotificationIdSchema;
const IdList = z.array(Id).min(1).max(1000);

export const SessionStateSchema = z.enum([
  'stopped',
  'connecting',
  'connected',
  'reconnecting',
  'waiting-to-retry',
  'offline',
  'signed-out',
]);

export const SessionSnapshotSchema = z.object({
  signedIn: z.boolean(),
  user: z.object({ id: z.string(), displayName: z.string() }).nullable(),
  hubUrl: z.string().nullable(),
  hubUrlLocked: z.boolean(),
  state: SessionStateSchema,
  reason: z.string().nullable(),
  nextRetryAt: z.number().nullable(),
  gap: z
    .object({
      reason: z.enum(['truncated', 'history-reset']),
      sinceCursor: z.number(),
      latestCursor: z.number(),
    })
    .nullable(),
  unreadCount: z.number().int().nonnegative(),
  /** False when the OS has no keyring: Herald then refuses to keep tokens and says so. */
  secureStorageAvailable: z.boolean(),
  doNotDisturb: z.boolean(),
});
export type SessionSnapshot = z.infer<typeof SessionSnapshotSchema>;

export const InboxItemViewSchema = z.object({
  id: z.string(),
  cursor: z.number(),
  title: z.string(),
  body: z.string(),
  severity: z.enum(SEVERITIES),
  sentAt: z.string(),
  sender: z.object({ id: z.string(), displayName: z.string() }),
  target: z.object({
    kind: z.enum(TARGET_KINDS),
    group: z.string().optional(),
    groups: z.array(z.string()).optional(),
  }),
  url: z.string().nullable(),
  actions: z.array(z.object({ id: z.string(), label: z.string(), url: z.string().nullish() })),
  requireAck: z.boolean(),
  expiresAt: z.string().nullable(),
  tags: z.array(z.string()),
  read: z.boolean(),
  acknowledged: z.boolean(),
  archived: z.boolean(),
  receivedAt: z.number(),
  source: z.enum(['live', 'catch-up']),
});
export type InboxItemView = z.infer<typeof InboxItemViewSchema>;

export const InboxQuerySchema = z
  .object({
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(500).default(100),
    unread: z.boolean().optional(),
    group: GroupNameSchema.optional(),
    severity: z.enum(SEVERITIES).optional(),
    text: z.string().max(200).optional(),
    archived: z.boolean().optional(),
  })
  .strict();
export type InboxQuery = z.input<typeof InboxQuerySchema>;

export const InboxPageSchema = z.object({
  items: z.array(InboxItemViewSchema),
  total: z.number().int().nonnegative(),
  unreadCount: z.number().int().nonnegative(),
});
export type InboxPage = z.infer<typeof InboxPageSchema>;

export const GroupViewSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  mandatory: z.boolean(),
  subscribed: z.boolean(),
  state: z.enum(['joined', 'refused', 'pending', 'not-joined']),
  reason: z.string().nullable(),
});
export type GroupView = z.infer<typeof GroupViewSchema>;

export const SettingsViewSchema = z.object({
  /** The effective settings (defaults < IT's recommendations < user < IT's enforced values). */
  settings: SettingsSchema,
  /** Settings IT policy controls: shown read-only. */
  locked: z.array(z.enum(SETTING_KEYS as [string, ...string[]])),
  problems: z.array(z.string()),
});
export type SettingsView = z.infer<typeof SettingsViewSchema>;

export const AboutSchema = z.object({
  version: z.string(),
  electron: z.string().nullable(),
  chrome: z.string().nullable(),
  node: z.string(),
  platform: z.string(),
});
export type About = z.infer<typeof AboutSchema>;

/**
 * Everything the window's first screen shows, in one answer: the session, the settings (so the
 * first frame already has the right theme), the groups (for "why you got this") and the first
 * page of the inbox for the query the renderer names (empty when signed out).
 */
export const AppStartSchema = z.object({
  session: SessionSnapshotSchema,
  settings: SettingsViewSchema,
  groups: z.array(GroupViewSchema),
  inbox: InboxPageSchema,
});
export type AppStart = z.infer<typeof AppStartSchema>;

const Void = z.void();
const NoArgs = z.undefined();

/** Renderer → main request/response channels. */
export const invokeChannels = {
  'session:get': { args: NoArgs, result: SessionSnapshotSchema },
  'session:signIn': {
    args: z
      .object({
        hubUrl: HttpUrlSchema.optional(),
        username: z.string().trim().min(1).max(200),
        password: z.string().min(1).max(1000),
      })
      .strict(),
    result: Void,
  },
  'session:signOut': { args: NoArgs, result: Void },
  'session:retryNow': { args: NoArgs, result: Void },
  'session:dismissGap': { args: NoArgs, result: Void },
  'inbox:list': { args: InboxQuerySchema, result: InboxPageSchema },
  'inbox:get': { args: z.object({ id: Id }).strict(), result: InboxItemViewSchema.nullable() },
  'inbox:markRead': { args: z.object({ ids: IdList, read: z.boolean() }).strict(), result: Void },
  'inbox:markAllRead': { args: NoArgs, result: Void },
  'inbox:archive': {
    args: z.object({ ids: IdList, archived: z.boolean() }).strict(),
    result: Void,
  },
  'inbox:delete': { args: z.object({ ids: IdList }).strict(), result: Void },
  'inbox:acknowledge': { args: z.object({ id: Id }).strict(), result: Void },
  'groups:list': { args: NoArgs, result: z.array(GroupViewSchema) },
  'groups:setSubscriptions': {
    args: z.object({ groups: z.array(GroupNameSchema).max(1000) }).strict(),
    result: Void,
  },
  'settings:get': { args: NoArgs, result: SettingsViewSchema },
  'settings:update': {
    args: z.record(z.string().max(64), z.unknown()),
    result: SettingsViewSchema,
  },
  'app:start': { args: z.object({ inbox: InboxQuerySchema }).strict(), result: AppStartSchema },
  'app:openExternal': { args: z.object({ url: HttpUrlSchema }).strict(), result: Void },
  'app:openLogFolder': { args: NoArgs, result: Void },
  'app:about': { args: NoArgs, result: AboutSchema },
} as const;

/** Main → renderer events. */
export const eventChannels = {
  'session:changed': SessionSnapshotSchema,
  'inbox:changed': z.object({ reason: z.string() }),
  'groups:changed': z.array(GroupViewSchema),
  'settings:changed': SettingsViewSchema,
  /** A toast was clicked: show this item. */
  'inbox:reveal': z.object({ id: Id }),
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;

// The schema-free name lists (channels.ts) and these maps must name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const invokeNamesMatch: Same<InvokeChannel, InvokeChannelName> = true;
const eventNamesMatch: Same<EventChannel, EventChannelName> = true;
void invokeNamesMatch;
void eventNamesMatch;
export type InvokeArgs<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['args']>;
export type InvokeResult<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['result']>;
export type EventPayload<C extends EventChannel> = z.output<(typeof eventChannels)[C]>;

/** What an IPC call answers: errors cross as `{ name, message }`, never as thrown objects. */
export type IpcResponse<T> =
  { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

type Split<S extends string> = S extends `${infer A}:${infer B}` ? [A, B] : never;
type Namespaces = Split<InvokeChannel>[0];
type MethodsOf<N extends string> = {
  [
    C in InvokeChannel as Split<C>[0] extends N ? Split<C>[1] : never
  ]: undefined extends InvokeArgs<C>
    ? (args?: InvokeArgs<C>) => Promise<InvokeResult<C>>
    : (args: InvokeArgs<C>) => Promise<InvokeResult<C>>;
};

/** The API the preload exposes as `window.herald`. */
export type HeraldApi = { [N in Namespaces]: MethodsOf<N> } & {
  on<C extends EventChannel>(channel: C, listener: (payload: EventPayload<C>) => void): () => void;
};
