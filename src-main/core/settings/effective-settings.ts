// The settings Herald runs with: Herald's defaults, then IT's recommendations, then the user's
// choices, then IT's enforced values — and the list of what the user may not change.
import type { z } from 'zod';
import type { MachinePolicy } from './policy';
import {
  isSettingKey,
  parseSettingsFields,
  PartialSettingsSchema,
  SETTING_KEYS,
  SettingsSchema,
  type PartialSettings,
  type SettingKey,
  type Settings,
  type UserSettings,
} from './settings';

export interface ResolvedSettings {
  settings: Settings;
  /** Settings the user cannot change: the settings UI shows them read-only. */
  locked: Set<SettingKey>;
  /** One line per ignored user-settings field, e.g. `user.theme: must be one of …`. */
  problems: string[];
}

/** Keys IT controls: everything in `locked`, every enforced value, and `hubUrl` when it is set. */
export function lockedSettingKeys(policy: MachinePolicy): Set<SettingKey> {
  const locked = new Set<SettingKey>(policy.locked);
  for (const key of SETTING_KEYS) if (policy.settings[key] !== undefined) locked.add(key);
  if (policy.hubUrl !== undefined) locked.add('hubUrl');
  return locked;
}

/** The defined values of `partial`, so spreading it never writes `undefined` over a value. */
function definedValues(partial: PartialSettings): PartialSettings {
  return Object.fromEntries(
    Object.entries(partial).filter(([, value]) => value !== undefined),
  ) as PartialSettings;
}

function union(...lists: readonly string[][]): string[] {
  return [...new Set(lists.flat())];
}

/**
 * Resolves the effective settings. Precedence, lowest first: `defaults`, the policy's
 * `recommended`, the user's values (except locked keys), the policy's `settings` and `hubUrl`.
 * The user's settings are read field by field: a bad field falls back and is reported.
 * Subscriptions always include the mandatory groups; the policy's `defaultSubscriptions` apply
 * while the user has never saved subscriptions of their own. Never throws.
 *
 * @param user the user's saved settings as read from disk (any JSON value).
 */
export function resolveSettings(
  defaults: Readonly<Settings>,
  user: unknown,
  policy: MachinePolicy,
): ResolvedSettings {
  const { values: userValues, problems } = parseSettingsFields(user, 'user');
  const locked = lockedSettingKeys(policy);
  const allowedUserValues = Object.fromEntries(
    Object.entries(definedValues(userValues)).filter(
      ([key]) => isSettingKey(key) && !locked.has(key),
    ),
  ) as PartialSettings;

  const settings: Settings = structuredClone({
    ...defaults,
    ...definedValues(policy.recommended),
    ...allowedUserValues,
    ...definedValues(policy.settings),
  });
  if (policy.hubUrl !== undefined) settings.hubUrl = policy.hubUrl;

  const userChoseSubscriptions = allowedUserValues.subscriptions !== undefined;
  const itChoseSubscriptions = policy.settings.subscriptions !== undefined;
  const startingSubscriptions =
    userChoseSubscriptions || itChoseSubscriptions
      ? settings.subscriptions
      : union(settings.subscriptions, policy.defaultSubscriptions);
  settings.subscriptions = union(startingSubscriptions, policy.mandatoryGroups);

  return { settings, locked, problems };
}

export type UserChangeResult =
  | { ok: true; user: UserSettings; changed: SettingKey[] }
  | { ok: false; reason: 'locked' | 'invalid'; error: string };

function describeIssues(key: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${[key, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/**
 * Applies a change the user made in the settings UI to their saved settings. All or nothing:
 * a patch touching a locked key, naming an unknown key or holding an invalid value is refused
 * whole, with an error a person can read. Keys whose value is `undefined` are skipped.
 *
 * @param current the user's saved settings (not the effective ones).
 * @param patch the changed settings, from IPC: validated here.
 * @param locked the keys IT controls (`ResolvedSettings.locked`).
 */
export function applyUserChange(
  current: UserSettings,
  patch: unknown,
  locked: ReadonlySet<SettingKey>,
): UserChangeResult {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    return { ok: false, reason: 'invalid', error: 'a settings change must be an object' };
  }
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined);

  const lockedKeys = entries
    .map(([key]) => key)
    .filter((key) => isSettingKey(key) && locked.has(key));
  if (lockedKeys.length > 0) {
    return {
      ok: false,
      reason: 'locked',
      error: `${lockedKeys.join(', ')} ${lockedKeys.length === 1 ? 'is' : 'are'} set by your organisation's policy and cannot be changed`,
    };
  }

  const errors: string[] = [];
  const accepted: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (!isSettingKey(key)) {
      errors.push(`${key}: is not a setting`);
      continue;
    }
    const result = SettingsSchema.shape[key].safeParse(value);
    if (result.success) accepted[key] = result.data;
    else errors.push(describeIssues(key, result.error));
  }
  if (errors.length > 0) return { ok: false, reason: 'invalid', error: errors.join('; ') };

  const changed = Object.keys(accepted).filter(isSettingKey);
  return { ok: true, user: { ...current, ...PartialSettingsSchema.parse(accepted) }, changed };
}
