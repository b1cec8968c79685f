// Full-jitter exponential backoff: delay = random(0, min(cap, base × 2^attempt)).
// See "Exponential Backoff And Jitter" (AWS Architecture Blog): it spreads a reconnect storm
// evenly over the window instead of synchronising every client on the same schedule.

export interface BackoffOptions {
  /**
   * First window, in ms. Default 3 000: measured against a 500-client restart storm, this keeps
   * the hub's peak connection rate well under SignalR's default policy while the median
   * reconnect after a hub restart stays under two seconds (see `npm run bench -- storm reconnect`).
   */
  baseInMilliseconds?: number;
  /** Largest window, in ms. Default 60 000. */
  capInMilliseconds?: number;
  /** Smallest delay, in ms, so a tight failure loop still yields. Default 100. */
  floorInMilliseconds?: number;
  random?: () => number;
}

/** The defaults, in ms. */
export const BACKOFF_DEFAULTS = { base: 3_000, cap: 60_000, floor: 100 } as const;

/** How the default backoff reads in a report. */
export const DEFAULT_BACKOFF_DESCRIPTION = `full jitter, base ${BACKOFF_DEFAULTS.base / 1000} s, cap ${BACKOFF_DEFAULTS.cap / 1000} s`;

export class Backoff {
  readonly #base: number;
  readonly #cap: number;
  readonly #floor: number;
  readonly #random: () => number;

  constructor(options: BackoffOptions = {}) {
    this.#base = options.baseInMilliseconds ?? BACKOFF_DEFAULTS.base;
    this.#cap = options.capInMilliseconds ?? BACKOFF_DEFAULTS.cap;
    this.#floor = options.floorInMilliseconds ?? BACKOFF_DEFAULTS.floor;
    this.#random = options.random ?? Math.random;
  }

  /** The delay before retry number `attempt` (0-based), in ms. Never null: Herald never gives up. */
  delay(attempt: number): number {
    const window = Math.min(this.#cap, this.#base * 2 ** Math.min(attempt, 30));
    return Math.max(this.#floor, Math.floor(this.#random() * window));
  }
}
