// The user's settings: one schema, a default for every field, and a parser that keeps the good
// fields of a damaged object instead of throwing the whole thing away.
import { z } from 'zod';
import { GroupNameSchema, HttpUrlSchema, SEVERITIES } from '../schema/notification';

/** Sunday = 0 … Saturday = 6, as `Date.prototype.getDay()` counts them. */
export const ALL_WEEKDAYS: readonly number[] = [0, 1, 2, 3, 4, 5, 6];

/** How many group names a settings list may hold; far above any real organisation's groups. */
const MAX_GROUPS_IN_SETTINGS = 1000;

/** Builds an enum whose error reads as a sentence: `must be one of info, warning, critical`. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}

/** Group names in the order given, duplicates dropped (the hub treats names case-sensitively). */
const GroupNameListSchema = z
  .array(GroupNameSchema)
  .max(MAX_GROUPS_IN_SETTINGS)
  .transform((names) => [...new Set(names)]);

/** `HH:MM` on a 24-hour clock, local time. */
export const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:MM (00:00 to 23:59)');

export const DoNotDisturbSchema = z
  .object({
    mode: oneOf(['off', 'on', 'until']),
    /** When `mode` is `until`: the moment (ms since the epoch) toasts resume. */
    until: z.number().int().nonnegative().nullable().default(null),
  })
  .refine((dnd) => dnd.mode !== 'until' || dnd.until !== null, {
    message: 'must be a time (ms since the epoch) when mode is "until"',
    path: ['until'],
  });
export type DoNotDisturb = z.output<typeof DoNotDisturbSchema>;

/**
 * A daily quiet window in local time. `end` before `start` wraps past midnight (22:00–07:00);
 * `end` equal to `start` means 24 hours. `days` are the days a window *starts* on, so Friday's
 * 22:00–07:00 window covers Saturday morning too.
 */
export const QuietHoursSchema = z.object({
  enabled: z.boolean(),
  start: TimeOfDaySchema,
  end: TimeOfDaySchema,
  days: z
    .array(z.number().int().min(0).max(6))
    .max(7)
    .optional()
    .transform((days) =>
      days === undefined ? [...ALL_WEEKDAYS] : [...new Set(days)].sort((a, b) => a - b),
    ),
});
export type QuietHours = z.output<typeof QuietHoursSchema>;

export const SettingsSchema = z.object({
  /** The hub to connect to (http or https); `null` until someone chooses one. */
  hubUrl: HttpUrlSchema.nullable().default(null),
  /** Group names the user chose to receive (mandatory groups are added on top). */
  subscriptions: GroupNameListSchema.default([]),
  doNotDisturb: DoNotDisturbSchema.default({ mode: 'off', until: null }),
  quietHours: QuietHoursSchema.default({
    enabled: false,
    start: '22:00',
    end: '07:00',
    days: [...ALL_WEEKDAYS],
  }),
  /** Critical notifications still toast during quiet hours. Default `true`. */
  criticalBypassesQuiet: z.boolean().default(true),
  /**
   * Critical notifications still toast while Do Not Disturb is on. Default `true`: critical is
   * reserved for things people must act on now (an outage, an evacuation), the same bargain the
   * OS makes with "time-sensitive" alerts. A user who wants total silence turns this off, unless
   * IT locks it.
   */
  criticalBypassesDnd: z.boolean().default(true),
  /** Groups whose notifications go to the inbox without a toast (critical ones still toast). */
  mutedGroups: GroupNameListSchema.default([]),
  /** Less severe notifications go to the inbox without a toast. Default `info` (toast all). */
  minimumToastSeverity: oneOf(SEVERITIES).default('info'),
  /** Toasts play the OS sound. Default `true`. */
  sound: z.boolean().default(true),
  /** Critical toasts play the OS sound (independently of `sound`). Default `true`. */
  criticalSound: z.boolean().default(true),
  startAtLogin: z.boolean().default(true),
  theme: oneOf(['system', 'light', 'dark']).default('system'),
  /** Days the inbox keeps a notification, 1 to 3650. Default 90. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
});
export type Settings = z.output<typeof SettingsSchema>;
export type SettingKey = keyof Settings;

/** Every setting key, in schema order. */
export const SETTING_KEYS = Object.keys(SettingsSchema.shape) as SettingKey[];

export function isSettingKey(value: unknown): value is SettingKey {
  return typeof value === 'string' && Object.hasOwn(SettingsSchema.shape, value);
}

type SettingsShape = typeof SettingsSchema.shape;

/**
 * Some settings, none defaulted: what the user's file, a change from the UI or IT's policy may
 * hold. Absent means "not set here", which is different from "set to the default".
 */
export const PartialSettingsSchema = z.object(
  Object.fromEntries(
    SETTING_KEYS.map((key) => [key, SettingsSchema.shape[key].unwrap().optional()]),
  ) as { [K in SettingKey]: z.ZodOptional<ReturnType<SettingsShape[K]['unwrap']>> },
);
export type PartialSettings = z.output<typeof PartialSettingsSchema>;

/** What the user chose, and only that: an absent key follows the default (or IT's recommendation). */
export type UserSettings = PartialSettings;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Every setting at its default. Frozen: copy (`structuredClone`) before changing. */
export const defaultSettings: Readonly<Settings> = deepFreeze(SettingsSchema.parse({}));

function describeIssue(prefix: string, issue: z.core.$ZodIssue): string {
  return `${[prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`;
}

/**
 * Parses settings one field at a time: a bad field is reported and left out, the good fields
 * are kept, unknown keys are reported and ignored. A nested setting (`quietHours`,
 * `doNotDisturb`) is one field: half a quiet-hours window is not a window. Never throws.
 *
 * @param raw a parsed JSON value; `undefined` and `null` mean "nothing set".
 * @param where the name problems start with, e.g. `settings` → `settings.theme: …`.
 */
export function parseSettingsFields(
  raw: unknown,
  where: string,
): { values: PartialSettings; problems: string[] } {
  if (raw === undefined || raw === null) return { values: {}, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { values: {}, problems: [`${where}: must be a JSON object`] };
  }
  const good: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!isSettingKey(key)) {
      problems.push(`${where}.${key}: is not a setting, ignored`);
      continue;
    }
    if (value === undefined) continue;
    const result = SettingsSchema.shape[key].safeParse(value);
    if (result.success) good[key] = result.data;
    else
      problems.push(...result.error.issues.map((issue) => describeIssue(`${where}.${key}`, issue)));
  }
  // Every kept field already passed its own schema; this pass only gives the object its type.
  return { values: PartialSettingsSchema.parse(good), problems };
}
