// The user's settings as main reports them (effective values, locked keys, problems), and the
// patches that change them. Main validates every patch; the renderer only reads defensively.
import type { HeraldApi, SettingsView } from '../lib/api';
import type { Notices } from './notices.svelte';
import { strings } from '../lib/strings';

type Severity = 'info' | 'warning' | 'critical';
export type Theme = 'system' | 'light' | 'dark';

export interface DoNotDisturb {
  mode: 'off' | 'on' | 'until';
  until: number | null;
}

export interface QuietHours {
  enabled: boolean;
  start: string;
  end: string;
  days: number[];
}

/**
 * The settings the UI edits, mirroring `src-main/core/settings/settings.ts`. The IPC contract
 * sends them as a JSON record, so each one is read with a fallback to its default here.
 */
export interface SettingsValues {
  hubUrl: string | null;
  subscriptions: string[];
  doNotDisturb: DoNotDisturb;
  quietHours: QuietHours;
  criticalBypassesQuiet: boolean;
  criticalBypassesDnd: boolean;
  mutedGroups: string[];
  minimumToastSeverity: Severity;
  sound: boolean;
  criticalSound: boolean;
  startAtLogin: boolean;
  theme: Theme;
  retentionDays: number;
}
export type SettingKey = keyof SettingsValues;

const defaults: SettingsValues = {
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
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
  options.includes(v as T) ? (v as T) : fallback;
const strings_ = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const time = (v: unknown, fallback: string) =>
  typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v) ? v : fallback;

function readSettings(raw: Record<string, unknown>): SettingsValues {
  const dnd = isRecord(raw.doNotDisturb) ? raw.doNotDisturb : {};
  const quiet = isRecord(raw.quietHours) ? raw.quietHours : {};
  const days = Array.isArray(quiet.days)
    ? quiet.days.filter((d): d is number => Number.isInteger(d) && d >= 0 && d <= 6)
    : defaults.quietHours.days;
  return {
    hubUrl: typeof raw.hubUrl === 'string' ? raw.hubUrl : null,
    subscriptions: strings_(raw.subscriptions),
    doNotDisturb: {
      mode: oneOf(dnd.mode, ['off', 'on', 'until'] as const, 'off'),
      until: typeof dnd.until === 'number' ? dnd.until : null,
    },
    quietHours: {
      enabled: bool(quiet.enabled, defaults.quietHours.enabled),
      start: time(quiet.start, defaults.quietHours.start),
      end: time(quiet.end, defaults.quietHours.end),
      days,
    },
    criticalBypassesQuiet: bool(raw.criticalBypassesQuiet, defaults.criticalBypassesQuiet),
    criticalBypassesDnd: bool(raw.criticalBypassesDnd, defaults.criticalBypassesDnd),
    mutedGroups: strings_(raw.mutedGroups),
    minimumToastSeverity: oneOf(
      raw.minimumToastSeverity,
      ['info', 'warning', 'critical'] as const,
      defaults.minimumToastSeverity,
    ),
    sound: bool(raw.sound, defaults.sound),
    criticalSound: bool(raw.criticalSound, defaults.criticalSound),
    startAtLogin: bool(raw.startAtLogin, defaults.startAtLogin),
    theme: oneOf(raw.theme, ['system', 'light', 'dark'] as const, defaults.theme),
    retentionDays:
      typeof raw.retentionDays === 'number' && Number.isInteger(raw.retentionDays)
        ? raw.retentionDays
        : defaults.retentionDays,
  };
}

export class SettingsState {
  readonly #api: HeraldApi;
  readonly #notices: Notices;
  readonly #unsubscribe: () => void;
  #view = $state.raw<SettingsView | null>(null);

  constructor(api: HeraldApi, notices: Notices) {
    this.#api = api;
    this.#notices = notices;
    this.#unsubscribe = api.on('settings:changed', (view) => {
      this.#view = view;
    });
  }

  get loaded(): boolean {
    return this.#view !== null;
  }

  /** The effective settings; defaults until main answers. */
  readonly values: SettingsValues = $derived.by(() =>
    this.#view ? readSettings(this.#view.settings) : defaults,
  );

  /** Problems main found in the settings or IT policy, in its words. */
  get problems(): readonly string[] {
    return this.#view?.problems ?? [];
  }

  /** Set by IT policy: shown, but not editable. */
  isLocked(key: SettingKey): boolean {
    return this.#view?.locked.includes(key) ?? false;
  }

  async load(): Promise<void> {
    const view = await this.#notices.attempt(strings.settings.title, () =>
      this.#api.settings.get(),
    );
    if (view) this.#view = view;
  }

  /** Applies the change at once and sends it; main's answer (or a failure) has the last word. */
  async update(patch: Partial<SettingsValues>): Promise<void> {
    const before = this.#view;
    if (before) this.#view = { ...before, settings: { ...before.settings, ...patch } };
    try {
      this.#view = await this.#api.settings.update(patch);
    } catch (error) {
      this.#view = before;
      this.#notices.report(strings.notices.actionFailed(strings.settings.title), error);
    }
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
