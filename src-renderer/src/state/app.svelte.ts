// The window's state: one instance of each store, wired to each other and to `window.herald`.
import type { About, HeraldApi, SessionSnapshot } from '../lib/api';
import type { Startup } from '../lib/startup';
import { strings } from '../lib/strings';
import { safeHttpUrl } from '../lib/url';
import { GroupsState } from './groups.svelte';
import { InboxState } from './inbox.svelte';
import { Notices } from './notices.svelte';
import { SessionState } from './session.svelte';
import { SettingsState } from './settings.svelte';

export type View = 'inbox' | 'archived' | 'settings';

export class AppState {
  readonly notices = new Notices();
  readonly session: SessionState;
  readonly inbox: InboxState;
  readonly groups: GroupsState;
  readonly settings: SettingsState;
  readonly #api: HeraldApi;
  #about = $state.raw<About | null>(null);

  #view = $state.raw<View>('inbox');
  /** The user asked to sign in again while still holding a (refused) session. */
  #signInRequested = $state.raw(false);
  #wasSignedIn = false;
  #lastState: string | null = null;
  /** The snapshot the groups were last loaded with (the start-up answer): no need to ask again. */
  #groupsLoadedWith: SessionSnapshot | null = null;

  constructor(api: HeraldApi) {
    this.#api = api;
    this.session = new SessionState(api, this.notices);
    this.inbox = new InboxState(api, this.notices, () => this.showView('inbox'));
    this.groups = new GroupsState(api, this.notices);
    this.settings = new SettingsState(api, this.notices);
  }

  get view(): View {
    return this.#view;
  }

  /** Show the sign-in screen: signed out, or signed in with a session the hub refused. */
  readonly showSignIn: boolean = $derived.by(
    () => this.session.snapshot !== null && (!this.session.signedIn || this.#signInRequested),
  );

  showView(view: View): void {
    this.#view = view;
    if (view !== 'settings') this.inbox.showArchived(view === 'archived');
  }

  requestSignIn(requested = true): void {
    this.#signInRequested = requested;
  }

  /**
   * Loads the first screen. `startup` is the call main.ts made before the rest of the renderer
   * was evaluated: its answer holds the session, settings, groups and the first inbox page, so
   * the inbox is drawn after one round trip, with the right theme. Without it, or if it failed,
   * each part is asked for on its own (and a failure reported where it belongs).
   */
  async start(startup?: Startup): Promise<void> {
    if (startup) {
      // Read now: the question left in this same task, before any event could be delivered.
      const changes = this.session.changes;
      const first = await startup.answer.catch(() => null);
      if (first) {
        this.settings.adopt(first.settings);
        this.groups.adopt(first.groups);
        this.#groupsLoadedWith = first.session;
        if (first.session.signedIn)
          this.inbox.enable({ query: startup.inboxQuery, page: first.inbox });
        this.session.adopt(first.session, changes);
        return;
      }
    }
    // The first inbox page is asked for alongside the session rather than after it: most starts
    // are signed in. Signed out, the answer is empty and the first snapshot turns the inbox off.
    this.inbox.enable();
    await Promise.all([this.session.load(), this.settings.load()]);
  }

  /**
   * Follows the session: loads the inbox and groups when signed in, forgets them when signed
   * out. Called from an effect whenever the snapshot changes.
   */
  syncWithSession(): void {
    const snapshot = this.session.snapshot;
    if (!snapshot) return;
    const groupsFresh = this.#groupsLoadedWith === snapshot;
    this.#groupsLoadedWith = null;
    this.inbox.noteUnreadCount(snapshot.unreadCount);
    if (snapshot.signedIn && !this.#wasSignedIn) {
      this.#wasSignedIn = true;
      this.#signInRequested = false;
      this.inbox.enable();
      // Once connected, the branch below loads them with their membership settled.
      if (snapshot.state !== 'connected' && !groupsFresh) void this.groups.load();
    } else if (!snapshot.signedIn && (this.#wasSignedIn || this.inbox.enabled)) {
      this.#wasSignedIn = false;
      this.inbox.disable();
      this.groups.reset();
      this.#view = 'inbox';
    }
    if (
      snapshot.signedIn &&
      snapshot.state === 'connected' &&
      this.#lastState !== 'connected' &&
      !groupsFresh
    ) {
      // Group membership is settled after each connect; the list may have been empty before.
      void this.groups.load();
    }
    this.#lastState = snapshot.state;
  }

  /** Version details for the About section; `null` until loaded. */
  get about(): About | null {
    return this.#about;
  }

  async loadAbout(): Promise<void> {
    if (this.#about) return;
    const about = await this.notices.attempt(strings.settings.about, () => this.#api.app.about());
    if (about) this.#about = about;
  }

  /**
   * Opens a notification's link in the browser. Only absolute http(s) URLs are ever passed on
   * (main checks again); the renderer itself never navigates.
   */
  async openExternal(raw: string | null | undefined): Promise<void> {
    const url = safeHttpUrl(raw);
    if (!url) return;
    await this.notices.attempt(strings.notices.actionFailed(strings.detail.openLink), () =>
      this.#api.app.openExternal({ url: url.href }),
    );
  }

  async openLogFolder(): Promise<void> {
    await this.notices.attempt(strings.notices.actionFailed(strings.settings.openLogFolder), () =>
      this.#api.app.openLogFolder(),
    );
  }

  dispose(): void {
    this.session.dispose();
    this.inbox.dispose();
    this.groups.dispose();
    this.settings.dispose();
    this.notices.dispose();
  }
}
