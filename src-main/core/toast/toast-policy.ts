// Turns the stream of new notifications into toasts a person can bear: suppressed when the user
// asked for quiet, one at a time when they trickle in, summarised when they flood in, and one
// "while you were away" toast after catching up.
import type { Disposable } from '../base/lifecycle';
import { silentLogger, toLogFormat, type Logger } from '../base/log';
import type { Notification } from '../schema/notification';
import type { Notifier, ToastRequest } from './notifier';
import { systemLocalTime, type LocalTimeOf } from './quiet-hours';
import {
  decideToast,
  type SuppressionReason,
  type ToastCandidate,
  type ToastDecision,
  type ToastSettings,
} from './toast-decision';
import { countNotifications, singleToast, summaryToast } from './toast-request';

/** The time the policy needs; injected so tests run floods without waiting. */
export interface ToastClock {
  /** ms since the epoch. */
  now(): number;
  /** Runs `callback` after `delayMs`; disposing cancels it. */
  setTimeout(callback: () => void, delayMs: number): Disposable;
}

export const systemToastClock: ToastClock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { dispose: () => clearTimeout(handle) };
  },
};

export interface BurstOptions {
  /** Length of the sliding window toasts are counted in, ms. Default 4000. */
  windowMs?: number;
  /** Non-critical toasts shown individually per window; the rest are summarised. Default 3. */
  maxSingles?: number;
  /** Critical toasts shown individually per window; the rest are summarised. Default 3. */
  maxCriticalSingles?: number;
}

export interface ToastPolicyOptions {
  notifier: Notifier;
  /** Read at every decision, so a changed setting applies to the next notification. */
  settings: () => ToastSettings;
  clock: ToastClock;
  logger?: Logger;
  burst?: BurstOptions;
  /** Wall-clock time for quiet hours. Default: the machine's time zone. */
  localTime?: LocalTimeOf;
}

export interface OfferOptions {
  /** `catch-up`: fetched after a reconnect; summarised at `endCatchUp()`. */
  source: 'live' | 'catch-up';
}

/** What happened to an offered notification. */
export type OfferOutcome =
  /** Shown as a toast of its own. */
  | 'shown'
  /** Part of a flood: will be in a summary (or shown alone if it ends up the only one). */
  | 'coalesced'
  /** Waiting for `endCatchUp()`. */
  | 'held-for-catch-up'
  /** Offered before (live and again in catch-up): toasts at most once. */
  | 'duplicate'
  /** Offered after `dispose()` (shutting down): never shown. */
  | 'disposed'
  | SuppressionReason;

/** How many offered ids are remembered to catch duplicates; older ones are forgotten. */
const REMEMBERED_IDS = 20_000;

/** Notifications waiting to be summarised at the end of a flood window. */
interface Batch {
  items: Notification[];
  timer: Disposable;
}

export class ToastPolicy implements Disposable {
  readonly #notifier: Notifier;
  readonly #settings: () => ToastSettings;
  readonly #clock: ToastClock;
  readonly #logger: Logger;
  readonly #localTime: LocalTimeOf;
  readonly #windowMs: number;
  readonly #maxSingles: number;
  readonly #maxCriticalSingles: number;

  /** When recent single toasts were shown, oldest first, pruned to one window. */
  readonly #singlesShownAt: number[] = [];
  readonly #criticalSinglesShownAt: number[] = [];
  #batch: Batch | undefined;
  /** Until then a flood is on: non-critical notifications go to a summary, not a single. */
  #floodUntil = Number.NEGATIVE_INFINITY;
  #catchUp: Notification[] | undefined;
  readonly #offeredIds = new Set<string>();
  #disposed = false;

  constructor(options: ToastPolicyOptions) {
    this.#notifier = options.notifier;
    this.#settings = options.settings;
    this.#clock = options.clock;
    this.#logger = options.logger ?? silentLogger;
    this.#localTime = options.localTime ?? systemLocalTime;
    this.#windowMs = options.burst?.windowMs ?? 4000;
    this.#maxSingles = options.burst?.maxSingles ?? 3;
    this.#maxCriticalSingles = options.burst?.maxCriticalSingles ?? 3;
  }

  /** Whether `notification` would toast at `now` (ms since the epoch), or why not. No effects. */
  decide(notification: ToastCandidate, now: number): ToastDecision {
    return decideToast(notification, this.#settings(), now, this.#localTime(now));
  }

  /** A new notification (already validated and stored in the inbox): toast it, or not. */
  offer(notification: ToastCandidate, options: OfferOptions): OfferOutcome {
    if (this.#disposed) return 'disposed';
    if (this.#offeredIds.has(notification.id)) return 'duplicate';
    this.#remember(notification.id);

    const now = this.#clock.now();
    const decision = this.decide(notification, now);
    let outcome: OfferOutcome;
    if (decision !== 'toast') outcome = decision;
    else if (options.source === 'catch-up' && this.#catchUp) {
      this.#catchUp.push(notification);
      outcome = 'held-for-catch-up';
    } else {
      // A catch-up item outside beginCatchUp/endCatchUp is treated as live: the flood limits
      // still protect the user, and nothing waits for an end that may never come.
      outcome = this.#offerLive(notification, now);
    }
    this.#logger.debug(`${notification.id} (${notification.severity}): ${outcome}`);
    return outcome;
  }

  /** Starts collecting catch-up notifications for one summary. Calling it again changes nothing. */
  beginCatchUp(): void {
    if (!this.#disposed) this.#catchUp ??= [];
  }

  /**
   * Shows what was collected since `beginCatchUp()`: nothing, the one notification as a single,
   * or one summary ("12 notifications while you were away").
   */
  endCatchUp(): void {
    const items = this.#catchUp;
    this.#catchUp = undefined;
    if (!items || items.length === 0) return;
    const [only] = items;
    if (items.length === 1 && only) {
      this.#showSingle(only, this.#clock.now());
      return;
    }
    this.#show(
      summaryToast(
        items,
        `${countNotifications(items.length)} while you were away`,
        this.#settings(),
      ),
    );
  }

  /**
   * Takes back a notification that is waiting for a summary (read on another device, retracted
   * by its sender). Returns whether it was waiting; one already shown stays shown.
   */
  withdraw(id: string): boolean {
    for (const items of [this.#catchUp, this.#batch?.items]) {
      const index = items?.findIndex((n) => n.id === id) ?? -1;
      if (items && index >= 0) {
        items.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  /** Cancels the pending summary timer. A summary not yet shown is dropped, as at shutdown. */
  dispose(): void {
    this.#disposed = true;
    this.#batch?.timer.dispose();
    this.#batch = undefined;
    this.#catchUp = undefined;
  }

  /**
   * At most `maxSingles` non-critical and `maxCriticalSingles` critical singles in any window of
   * `windowMs`. Past that, notifications join one batch summarised at the end of the window the
   * singles opened. After a summary the flood counts as ongoing for one more window: anything
   * non-critical arriving then is batched straight away, so a long flood gives one summary per
   * window, never singles between summaries.
   */
  #offerLive(notification: Notification, now: number): OfferOutcome {
    const critical = notification.severity === 'critical';
    const shownAt = critical ? this.#criticalSinglesShownAt : this.#singlesShownAt;
    while (shownAt.length > 0 && (shownAt[0] ?? 0) <= now - this.#windowMs) shownAt.shift();

    const cap = critical ? this.#maxCriticalSingles : this.#maxSingles;
    const flooding = this.#batch !== undefined || now < this.#floodUntil;
    if (shownAt.length < cap && (critical || !flooding)) {
      this.#showSingle(notification, now);
      return 'shown';
    }

    if (!this.#batch) {
      // The first overflow closes the window its singles opened; in a flood, a window from now.
      const windowStart = flooding ? now : (shownAt[0] ?? now);
      const delayMs = Math.max(0, windowStart + this.#windowMs - now);
      const batch: Batch = {
        items: [],
        timer: this.#clock.setTimeout(() => this.#flushBatch(batch), delayMs),
      };
      this.#batch = batch;
    }
    this.#batch.items.push(notification);
    return 'coalesced';
  }

  #flushBatch(batch: Batch): void {
    if (this.#batch !== batch) return;
    this.#batch = undefined;
    batch.timer.dispose();
    const now = this.#clock.now();
    this.#floodUntil = now + this.#windowMs;
    const [only] = batch.items;
    if (batch.items.length === 1 && only) {
      // A "summary" of one says less than the notification itself.
      this.#showSingle(only, now);
    } else if (batch.items.length > 1) {
      const title = `${batch.items.length} more notifications`;
      this.#show(summaryToast(batch.items, title, this.#settings()));
    }
  }

  #showSingle(notification: Notification, now: number): void {
    const shownAt =
      notification.severity === 'critical' ? this.#criticalSinglesShownAt : this.#singlesShownAt;
    shownAt.push(now);
    this.#show(singleToast(notification, this.#settings()));
  }

  #show(request: ToastRequest): void {
    try {
      this.#notifier.show(request);
    } catch (error) {
      // One toast the OS refused must not stop the next one.
      this.#logger.error(`showing a toast failed: ${toLogFormat(error)}`);
    }
  }

  #remember(id: string): void {
    this.#offeredIds.add(id);
    if (this.#offeredIds.size <= REMEMBERED_IDS) return;
    const oldest = this.#offeredIds.values().next();
    if (!oldest.done) this.#offeredIds.delete(oldest.value);
  }
}
