// The user's settings as main reports them (effective values, locked keys, problems), and the
// patches that change them. Main validates every patch.
import type { HeraldApi, SettingsView } from '../lib/api';
import type { Notices } from './notices.svelte';
import { strings } from '../lib/strings';

/** The effective settings, as the contract types them (`src-main/core/settings/settings.ts`). */
export type SettingsValues = SettingsView['settings'];
export type SettingKey = keyof SettingsValues;
export type Theme = SettingsValues['theme'];
export type QuietHours = SettingsValues['quietHours'];
export type DoNotDisturb = SettingsValues['doNotDisturb'];

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

  /** The effective settings; `null` until main has answered. */
  get values(): SettingsValues | null {
    return this.#view?.settings ?? null;
  }

  /** Problems main found in the settings or IT policy, in its words. */
  get problems(): readonly string[] {
    return this.#view?.problems ?? [];
  }

  /** Set by IT policy: shown, but not editable. */
  isLocked(key: SettingKey): boolean {
    return this.#view?.locked.includes(key) ?? false;
  }

  /** Takes the settings main answered with. */
  adopt(view: SettingsView): void {
    this.#view = view;
  }

  async load(): Promise<void> {
    const view = await this.#notices.attempt(strings.settings.title, () =>
      this.#api.settings.get(),
    );
    if (view) this.adopt(view);
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
