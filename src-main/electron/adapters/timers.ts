// Time as the adapters see it, so tests drive it by hand.
import { toDisposable, type Disposable } from '../../core/base/lifecycle';

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, delayInMilliseconds: number): Disposable;
  setInterval(callback: () => void, intervalInMilliseconds: number): Disposable;
}

/** Node's timers. Intervals and timeouts are unref'd: they never keep the process alive. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout(callback, delayInMilliseconds) {
    const handle = setTimeout(callback, delayInMilliseconds);
    handle.unref();
    return toDisposable(() => clearTimeout(handle));
  },
  setInterval(callback, intervalInMilliseconds) {
    const handle = setInterval(callback, intervalInMilliseconds);
    handle.unref();
    return toDisposable(() => clearInterval(handle));
  },
};
