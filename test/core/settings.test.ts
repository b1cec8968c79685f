// Settings: defaults for everything, field-by-field parsing, precedence and locked keys.
import { describe, expect, it } from 'vitest';
import { applyUserChange, resolveSettings } from '../../src-main/core/settings/effective-settings';
import { emptyMachinePolicy, type MachinePolicy } from '../../src-main/core/settings/policy';
import {
  defaultSettings,
  parseSettingsFields,
  SettingsSchema,
} from '../../src-main/core/settings/settings';

function policyWith(overrides: Partial<MachinePolicy>): MachinePolicy {
  return { ...emptyMachinePolicy(), ...overrides };
}

describe('settings schema', () => {
  it('has a default for every setting', () => {
    expect(defaultSettings).toEqual({
      hubUrl: null,
      subscriptions: [],
      doNotDisturb: { mode: 'off', until: null },
      quietHours: { enabled: false, start: '22:00', end: '07:00', days: [0, 1, 2, 3, 4, 5, 6] },
      criticalBypassesQuiet: true,
      criticalBypassesDnd: true,
      mutedGroups: [],
      minimumToastSeverity: 'info',
      sound: true,
      criticalSound: true,
      startAtLogin: true,
      theme: 'system',
      retentionDays: 90,
    });
  });

  it('freezes the defaults so no caller can change them for everyone', () => {
    expect(Object.isFrozen(defaultSettings)).toBe(true);
    expect(Object.isFrozen(defaultSettings.quietHours.days)).toBe(true);
  });

  it('refuses a hub URL that is not http or https', () => {
    expect(SettingsSchema.shape.hubUrl.safeParse('file:///etc/passwd').success).toBe(false);
    expect(SettingsSchema.shape.hubUrl.safeParse('https://hub.example.com').success).toBe(true);
  });

  it('reads quiet hours with every weekday by default, and days deduplicated in order', () => {
    const schema = SettingsSchema.shape.quietHours;
    expect(schema.parse({ enabled: true, start: '22:00', end: '07:00' }).days).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(
      schema.parse({ enabled: true, start: '22:00', end: '07:00', days: [5, 1, 5] }).days,
    ).toEqual([1, 5]);
  });

  it.each([['24:00'], ['7:00'], ['07:60'], ['noon']])('refuses %s as a time of day', (time) => {
    const result = SettingsSchema.shape.quietHours.safeParse({
      enabled: true,
      start: time,
      end: '07:00',
    });
    expect(result.success).toBe(false);
  });

  it('needs an end time when Do Not Disturb runs until a time', () => {
    expect(SettingsSchema.shape.doNotDisturb.safeParse({ mode: 'until' }).success).toBe(false);
    expect(SettingsSchema.shape.doNotDisturb.parse({ mode: 'until', until: 5 })).toEqual({
      mode: 'until',
      until: 5,
    });
  });

  it('keeps retention between 1 and 3650 days', () => {
    expect(SettingsSchema.shape.retentionDays.safeParse(0).success).toBe(false);
    expect(SettingsSchema.shape.retentionDays.safeParse(3651).success).toBe(false);
    expect(SettingsSchema.shape.retentionDays.safeParse(3650).success).toBe(true);
  });
});

describe('parseSettingsFields', () => {
  it('keeps the good fields and reports each bad or unknown one', () => {
    const { values, problems } = parseSettingsFields(
      { theme: 'dark', minimumToastSeverity: 'loud', sound: false, colour: 'red' },
      'settings',
    );
    expect(values).toEqual({ theme: 'dark', sound: false });
    expect(problems).toEqual([
      'settings.minimumToastSeverity: must be one of info, warning, critical',
      'settings.colour: is not a setting, ignored',
    ]);
  });

  it('names the nested field that is wrong, and drops that setting whole', () => {
    const { values, problems } = parseSettingsFields(
      { quietHours: { enabled: true, start: '25:00', end: '07:00' } },
      'settings',
    );
    expect(values).toEqual({});
    expect(problems).toEqual([
      'settings.quietHours.start: must be a time of day as HH:MM (00:00 to 23:59)',
    ]);
  });

  it('treats null and undefined as nothing set, and anything else but an object as a problem', () => {
    expect(parseSettingsFields(null, 's')).toEqual({ values: {}, problems: [] });
    expect(parseSettingsFields(undefined, 's')).toEqual({ values: {}, problems: [] });
    expect(parseSettingsFields([1], 's')).toEqual({
      values: {},
      problems: ['s: must be a JSON object'],
    });
  });
});

describe('resolveSettings', () => {
  it('uses the defaults when nothing else is set', () => {
    const resolved = resolveSettings(defaultSettings, undefined, emptyMachinePolicy());
    expect(resolved.settings).toEqual(defaultSettings);
    expect(resolved.locked.size).toBe(0);
    expect(resolved.problems).toEqual([]);
  });

  it('lets user settings override defaults, and a bad user field fall back with a problem', () => {
    const resolved = resolveSettings(
      defaultSettings,
      { theme: 'dark', retentionDays: -1 },
      emptyMachinePolicy(),
    );
    expect(resolved.settings.theme).toBe('dark');
    expect(resolved.settings.retentionDays).toBe(90);
    expect(resolved.problems).toHaveLength(1);
    expect(resolved.problems[0]).toMatch(/^user\.retentionDays: /);
  });

  it('applies precedence defaults < recommended < user < enforced', () => {
    const policy = policyWith({
      recommended: { theme: 'light', sound: false, retentionDays: 30 },
      settings: { retentionDays: 365 },
    });
    const resolved = resolveSettings(defaultSettings, { theme: 'dark', retentionDays: 7 }, policy);
    expect(resolved.settings.sound).toBe(false); // recommended over default
    expect(resolved.settings.theme).toBe('dark'); // user over recommended
    expect(resolved.settings.retentionDays).toBe(365); // enforced over user
  });

  it('locks enforced settings and listed keys, ignoring the user value for them', () => {
    const policy = policyWith({ settings: { sound: false }, locked: ['startAtLogin'] });
    const resolved = resolveSettings(defaultSettings, { sound: true, startAtLogin: false }, policy);
    expect(resolved.settings.sound).toBe(false);
    expect(resolved.settings.startAtLogin).toBe(true);
    expect([...resolved.locked].sort()).toEqual(['sound', 'startAtLogin']);
  });

  it('locks the hub URL when the policy sets one', () => {
    const policy = policyWith({ hubUrl: 'https://hub.corp.example' });
    const resolved = resolveSettings(defaultSettings, { hubUrl: 'https://evil.example' }, policy);
    expect(resolved.settings.hubUrl).toBe('https://hub.corp.example');
    expect(resolved.locked.has('hubUrl')).toBe(true);
  });

  it('always subscribes the mandatory groups', () => {
    const policy = policyWith({ mandatoryGroups: ['all-staff', 'security'] });
    const resolved = resolveSettings(
      defaultSettings,
      { subscriptions: ['dev', 'security'] },
      policy,
    );
    expect(resolved.settings.subscriptions).toEqual(['dev', 'security', 'all-staff']);
  });

  it('starts a user with the default subscriptions until they save their own', () => {
    const policy = policyWith({ defaultSubscriptions: ['news'], mandatoryGroups: ['all-staff'] });
    expect(resolveSettings(defaultSettings, {}, policy).settings.subscriptions).toEqual([
      'news',
      'all-staff',
    ]);
    // An empty list the user saved is a choice: "none of the optional groups".
    expect(
      resolveSettings(defaultSettings, { subscriptions: [] }, policy).settings.subscriptions,
    ).toEqual(['all-staff']);
  });

  it('does not share arrays with the defaults or the policy', () => {
    const policy = policyWith({ settings: { mutedGroups: ['noise'] } });
    const resolved = resolveSettings(defaultSettings, {}, policy);
    resolved.settings.mutedGroups.push('more');
    resolved.settings.subscriptions.push('x');
    expect(policy.settings.mutedGroups).toEqual(['noise']);
    expect(defaultSettings.subscriptions).toEqual([]);
  });
});

describe('applyUserChange', () => {
  const noLocks = new Set<never>();

  it('merges a valid change into the saved settings and says what changed', () => {
    const result = applyUserChange({ theme: 'dark' }, { sound: false }, noLocks);
    expect(result).toEqual({ ok: true, user: { theme: 'dark', sound: false }, changed: ['sound'] });
  });

  it('refuses a change to a locked setting, naming it', () => {
    const result = applyUserChange(
      {},
      { hubUrl: 'https://other.example', sound: false },
      new Set(['hubUrl'] as const),
    );
    expect(result).toEqual({
      ok: false,
      reason: 'locked',
      error: "hubUrl is set by your organisation's policy and cannot be changed",
    });
  });

  it('refuses the whole change when one value is invalid', () => {
    const result = applyUserChange({}, { sound: false, minimumToastSeverity: 'loud' }, noLocks);
    expect(result).toEqual({
      ok: false,
      reason: 'invalid',
      error: 'minimumToastSeverity: must be one of info, warning, critical',
    });
  });

  it('refuses unknown keys and non-objects', () => {
    expect(applyUserChange({}, { volume: 11 }, noLocks)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    expect(applyUserChange({}, 'dark', noLocks)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
