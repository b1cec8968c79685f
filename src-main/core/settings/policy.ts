// IT's machine policy: a JSON file an administrator deploys next to the installer. It is read
// field by field so that one typo costs only that field, never the whole policy.
import { z } from 'zod';
import { GroupNameSchema, HttpUrlSchema } from '../schema/notification';
import {
  parseSettingsFields,
  PartialSettingsSchema,
  SETTING_KEYS,
  type SettingKey,
} from './settings';

/** How many items a policy list (groups, locked keys) may hold. */
const MAX_POLICY_LIST_ITEMS = 1000;

const SettingKeySchema = z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]], {
  error: `must be a setting name (one of ${SETTING_KEYS.join(', ')})`,
});

export const MachinePolicySchema = z.object({
  /** The hub every user of this machine connects to. Setting it locks `hubUrl`. */
  hubUrl: HttpUrlSchema.optional(),
  /** Groups always subscribed; the user cannot leave them. */
  mandatoryGroups: z.array(GroupNameSchema).max(MAX_POLICY_LIST_ITEMS).default([]),
  /** Subscriptions a user starts with, until they save their own choice. */
  defaultSubscriptions: z.array(GroupNameSchema).max(MAX_POLICY_LIST_ITEMS).default([]),
  /** Enforced values: they override the user's and are locked. */
  settings: PartialSettingsSchema.default({}),
  /** Recommended values: they replace Herald's defaults; the user may still change them. */
  recommended: PartialSettingsSchema.default({}),
  /** Settings the user cannot change; without a value in `settings` they keep the default. */
  locked: z.array(SettingKeySchema).default([]),
});
export type MachinePolicy = z.output<typeof MachinePolicySchema>;

/** A policy that changes nothing: no file, or a file that could not be used. */
export function emptyMachinePolicy(): MachinePolicy {
  return {
    mandatoryGroups: [],
    defaultSubscriptions: [],
    settings: {},
    recommended: {},
    locked: [],
  };
}

export interface ParsedMachinePolicy {
  policy: MachinePolicy;
  /** One line per field that was ignored, e.g. `locked[1]: must be a setting name …`. */
  problems: string[];
}

/** Parses each item of a list on its own: a bad item is reported, the others kept (deduplicated). */
function parseEach<T>(value: unknown, item: z.ZodType<T>, where: string, problems: string[]): T[] {
  if (!Array.isArray(value)) {
    problems.push(`${where}: must be a list`);
    return [];
  }
  if (value.length > MAX_POLICY_LIST_ITEMS) {
    problems.push(`${where}: more than ${MAX_POLICY_LIST_ITEMS} items, the rest ignored`);
  }
  const kept: T[] = [];
  value.slice(0, MAX_POLICY_LIST_ITEMS).forEach((element: unknown, index) => {
    const result = item.safeParse(element);
    if (result.success) kept.push(result.data);
    else problems.push(`${where}[${index}]: ${result.error.issues[0]?.message ?? 'invalid'}`);
  });
  return [...new Set(kept)];
}

/** Turns the file's text into a value; strips the BOM Windows editors like to write. */
function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads a machine policy field by field. Bad fields are reported and ignored; good fields apply.
 * Keys starting with `$` (such as `$schema`) or `_` (notes) are ignored silently. Never throws.
 *
 * @param raw the file's text (a string is parsed as JSON) or an already parsed JSON value.
 */
export function parseMachinePolicy(raw: unknown): ParsedMachinePolicy {
  const policy = emptyMachinePolicy();
  const problems: string[] = [];
  let value = raw;
  if (typeof raw === 'string') {
    const parsed = parseJsonText(raw);
    if (!parsed.ok) return { policy, problems: [`policy is not valid JSON: ${parsed.error}`] };
    value = parsed.value;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { policy, problems: ['(root): must be a JSON object'] };
  }

  for (const [key, field] of Object.entries(value)) {
    if (key.startsWith('$') || key.startsWith('_')) continue;
    switch (key) {
      case 'hubUrl': {
        const result = HttpUrlSchema.safeParse(field);
        if (result.success) policy.hubUrl = result.data;
        else problems.push(`hubUrl: ${result.error.issues[0]?.message ?? 'invalid'}`);
        break;
      }
      case 'mandatoryGroups':
      case 'defaultSubscriptions':
        policy[key] = parseEach(field, GroupNameSchema, key, problems);
        break;
      case 'settings':
      case 'recommended': {
        const parsed = parseSettingsFields(field, key);
        policy[key] = parsed.values;
        problems.push(...parsed.problems);
        break;
      }
      case 'locked':
        policy.locked = parseEach(field, SettingKeySchema, key, problems);
        break;
      default:
        problems.push(`${key}: is not a policy field, ignored`);
    }
  }
  return { policy, problems };
}
