// The groups the hub offers and which of them the user receives; changes go through
// `groups.setSubscriptions`, and main answers with `groups:changed`.
import type { GroupView, HeraldApi } from '../lib/api';
import type { Notices } from './notices.svelte';
import { strings } from '../lib/strings';

export class GroupsState {
  readonly #api: HeraldApi;
  readonly #notices: Notices;
  readonly #unsubscribe: () => void;
  #groups = $state.raw<readonly GroupView[]>([]);
  #loaded = $state.raw(false);

  constructor(api: HeraldApi, notices: Notices) {
    this.#api = api;
    this.#notices = notices;
    this.#unsubscribe = api.on('groups:changed', (groups) => {
      this.#groups = groups;
      this.#loaded = true;
    });
  }

  get groups(): readonly GroupView[] {
    return this.#groups;
  }

  get loaded(): boolean {
    return this.#loaded;
  }

  /** The group's display name, or its name when the hub did not list it. */
  displayName(name: string): string {
    return this.#groups.find((g) => g.name === name)?.displayName || name;
  }

  /** Takes the groups main answered with. */
  adopt(groups: readonly GroupView[]): void {
    this.#groups = groups;
    this.#loaded = true;
  }

  async load(): Promise<void> {
    const groups = await this.#notices.attempt(strings.settings.groups, () =>
      this.#api.groups.list(),
    );
    if (groups) this.adopt(groups);
  }

  /** Subscribes or leaves one group; mandatory groups are never sent (main adds them anyway). */
  async setSubscribed(name: string, subscribed: boolean): Promise<void> {
    const before = this.#groups;
    const others = before
      .filter((g) => g.subscribed && !g.mandatory && g.name !== name)
      .map((g) => g.name);
    const chosen = subscribed ? [...others, name] : others;
    this.#groups = before.map((g) =>
      g.name === name
        ? { ...g, subscribed, state: subscribed ? 'pending' : 'not-joined', reason: null }
        : g,
    );
    try {
      await this.#api.groups.setSubscriptions({ groups: chosen.sort() });
      const fresh = await this.#api.groups.list();
      this.#groups = fresh;
    } catch (error) {
      this.#groups = before;
      this.#notices.report(strings.notices.actionFailed(strings.settings.groups), error);
    }
  }

  reset(): void {
    this.#groups = [];
    this.#loaded = false;
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
