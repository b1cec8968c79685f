// Errors from calls into main, shown in an unobtrusive live region and dismissed on their own.
import { errorMessage } from '../lib/api';

export interface Notice {
  readonly id: number;
  readonly title: string;
  readonly message: string;
}

/** How long a notice stays, in ms. */
const NOTICE_LIFETIME_IN_MILLISECONDS = 8_000;
/** More than this many at once and the oldest go first. */
const MAX_NOTICES = 3;

export class Notices {
  #items = $state.raw<readonly Notice[]>([]);
  #nextId = 1;
  /** Plain bookkeeping, not UI state. */
  #timers: Array<{ id: number; timer: ReturnType<typeof setTimeout> }> = [];

  get items(): readonly Notice[] {
    return this.#items;
  }

  /** Shows what went wrong; `title` says what the user was doing ("Archive failed"). */
  report(title: string, error: unknown): void {
    const notice: Notice = { id: this.#nextId++, title, message: errorMessage(error) };
    const kept = [...this.#items, notice];
    for (const dropped of kept.slice(0, Math.max(0, kept.length - MAX_NOTICES))) {
      this.#clearTimer(dropped.id);
    }
    this.#items = kept.slice(-MAX_NOTICES);
    this.#timers.push({
      id: notice.id,
      timer: setTimeout(() => this.dismiss(notice.id), NOTICE_LIFETIME_IN_MILLISECONDS),
    });
  }

  /** Runs `action`; a rejection becomes a notice instead of an unhandled error. */
  async attempt<T>(title: string, action: () => Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      this.report(title, error);
      return undefined;
    }
  }

  dismiss(id: number): void {
    this.#clearTimer(id);
    this.#items = this.#items.filter((n) => n.id !== id);
  }

  dispose(): void {
    for (const { timer } of this.#timers) clearTimeout(timer);
    this.#timers = [];
  }

  #clearTimer(id: number): void {
    for (const entry of this.#timers) if (entry.id === id) clearTimeout(entry.timer);
    this.#timers = this.#timers.filter((entry) => entry.id !== id);
  }
}
