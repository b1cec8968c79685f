// The signed-in session as main reports it: a snapshot from `session.get`, replaced on every
// `session:changed`.
import type { HeraldApi, SessionSnapshot } from '../lib/api';
import type { Notices } from './notices.svelte';
import { strings } from '../lib/strings';

export type ConnectionProblem =
  | { kind: 'connecting' }
  | { kind: 'reconnecting'; nextRetryAt: number | null; reason: string | null }
  | { kind: 'waiting'; nextRetryAt: number | null; reason: string | null }
  | { kind: 'offline' }
  | { kind: 'signed-out'; reason: string | null };

export class SessionState {
  readonly #api: HeraldApi;
  readonly #notices: Notices;
  readonly #unsubscribe: () => void;
  #snapshot = $state.raw<SessionSnapshot | null>(null);
  /** Counts `session:changed` events: an answer to `session.get` older than one is dropped. */
  #changes = 0;

  constructor(api: HeraldApi, notices: Notices) {
    this.#api = api;
    this.#notices = notices;
    this.#unsubscribe = api.on('session:changed', (snapshot) => {
      this.#changes += 1;
      this.#snapshot = snapshot;
    });
  }

  /** `null` until the first `session.get` answers. */
  get snapshot(): SessionSnapshot | null {
    return this.#snapshot;
  }

  get signedIn(): boolean {
    return this.#snapshot?.signedIn ?? false;
  }

  /** What the connection banner should say, or `null` when all is well. */
  readonly problem: ConnectionProblem | null = $derived.by(() => {
    const s = this.#snapshot;
    if (!s || !s.signedIn) return null;
    switch (s.state) {
      case 'connected':
      case 'stopped':
        return null;
      case 'connecting':
        return { kind: 'connecting' };
      case 'reconnecting':
        return { kind: 'reconnecting', nextRetryAt: s.nextRetryAt, reason: s.reason };
      case 'waiting-to-retry':
        return { kind: 'waiting', nextRetryAt: s.nextRetryAt, reason: s.reason };
      case 'offline':
        return { kind: 'offline' };
      case 'signed-out':
        return { kind: 'signed-out', reason: s.reason };
    }
  });

  /** Counts `session:changed` events so far: pass it to `adopt` with an answer asked for now. */
  get changes(): number {
    return this.#changes;
  }

  /**
   * Takes a snapshot main answered with, unless a `session:changed` arrived after the question
   * was asked (`changes`, read when it was).
   */
  adopt(snapshot: SessionSnapshot, changes: number): void {
    if (this.#changes === changes || this.#snapshot === null) this.#snapshot = snapshot;
  }

  async load(): Promise<void> {
    const changes = this.#changes;
    const snapshot = await this.#notices.attempt(strings.notices.loadFailed, () =>
      this.#api.session.get(),
    );
    if (snapshot) this.adopt(snapshot, changes);
  }

  /** Rejects with main's error, for the sign-in form to show. */
  async signIn(args: { hubUrl?: string; username: string; password: string }): Promise<void> {
    await this.#api.session.signIn(args);
    // The change event normally arrives first; asking again closes the race if it did not.
    await this.load();
  }

  async signOut(): Promise<void> {
    await this.#notices.attempt(strings.notices.actionFailed(strings.settings.signOut), () =>
      this.#api.session.signOut(),
    );
  }

  async retryNow(): Promise<void> {
    await this.#notices.attempt(strings.notices.actionFailed(strings.banner.retryNow), () =>
      this.#api.session.retryNow(),
    );
  }

  async dismissGap(): Promise<void> {
    const before = this.#snapshot;
    if (before) this.#snapshot = { ...before, gap: null };
    const done = await this.#notices.attempt(
      strings.notices.actionFailed(strings.banner.dismiss),
      () => this.#api.session.dismissGap().then(() => true),
    );
    if (!done && before) this.#snapshot = before;
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
