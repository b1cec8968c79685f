// Test doubles of Herald's own small interfaces (never of the electron module).
import { toDisposable, type Disposable } from '../../src-main/core/base/lifecycle';
import type { SessionSnapshot } from '../../src-main/ipc/contract';
import type { Timers } from '../../src-main/electron/adapters/timers';

interface Scheduled {
  due: number;
  every: number | null;
  callback: () => void;
  cancelled: boolean;
}

/** Timers that move only when the test says so. */
export class FakeTimers implements Timers {
  #now: number;
  readonly #scheduled: Scheduled[] = [];

  constructor(start = Date.UTC(2025, 0, 6, 9, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayInMilliseconds: number): Disposable {
    return this.#add({ due: this.#now + delayInMilliseconds, every: null, callback });
  }

  setInterval(callback: () => void, intervalInMilliseconds: number): Disposable {
    return this.#add({
      due: this.#now + intervalInMilliseconds,
      every: intervalInMilliseconds,
      callback,
    });
  }

  /** How many timers are still waiting. */
  get pending(): number {
    return this.#scheduled.filter((s) => !s.cancelled).length;
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  advance(milliseconds: number): void {
    const end = this.#now + milliseconds;
    for (;;) {
      const next = this.#scheduled
        .filter((s) => !s.cancelled && s.due <= end)
        .sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.#now = next.due;
      if (next.every === null) next.cancelled = true;
      else next.due += next.every;
      next.callback();
    }
    this.#now = end;
  }

  #add(entry: Omit<Scheduled, 'cancelled'>): Disposable {
    const scheduled = { ...entry, cancelled: false };
    this.#scheduled.push(scheduled);
    return toDisposable(() => {
      scheduled.cancelled = true;
    });
  }
}

export function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    signedIn: true,
    user: { id: 'ada', displayName: 'ada' },
    hubUrl: 'https://hub.example.com',
    hubUrlLocked: false,
    state: 'connected',
    reason: null,
    nextRetryAt: null,
    gap: null,
    unreadCount: 0,
    secureStorageAvailable: true,
    doNotDisturb: false,
    ...overrides,
  };
}

export const signedOut = (): SessionSnapshot =>
  snapshot({ signedIn: false, user: null, state: 'signed-out', unreadCount: 0 });
