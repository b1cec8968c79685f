// "Now", as reactive state that only ticks while something on screen reads it.
import { createSubscriber } from 'svelte/reactivity';

/**
 * A clock that ticks every `intervalInMilliseconds`, aligned to the interval (so minute clocks
 * turn over on the minute). The timer runs only while an effect reads `now`.
 */
export class Clock {
  readonly #subscribe: () => void;

  constructor(intervalInMilliseconds: number) {
    this.#subscribe = createSubscriber((update) => {
      let timer: ReturnType<typeof setTimeout>;
      const schedule = () => {
        const wait = intervalInMilliseconds - (Date.now() % intervalInMilliseconds);
        timer = setTimeout(() => {
          update();
          schedule();
        }, wait + 5);
      };
      schedule();
      return () => clearTimeout(timer);
    });
  }

  /** Milliseconds since the epoch; reading it inside an effect or template keeps it ticking. */
  get now(): number {
    this.#subscribe();
    return Date.now();
  }
}

/** Relative times in rows and the detail pane: every minute, on the minute. */
export const minuteClock = new Clock(60_000);
/** Countdowns ("next try in 12 s"). */
export const secondClock = new Clock(1_000);
