// Runs queued work in slices of a few milliseconds, yielding to the event loop between slices,
// so a burst of thousands of messages never freezes timers, I/O or the UI for long.
import type { Disposable } from './lifecycle';

export interface TimeSlicedQueueOptions {
  /** The longest a slice runs before yielding, in ms. Default 8. */
  sliceInMilliseconds?: number;
  /** Reports work that threw; the queue carries on with the next item. */
  onError?: (error: unknown) => void;
}

export class TimeSlicedQueue<T> implements Disposable {
  readonly #run: (item: T) => void;
  readonly #slice: number;
  readonly #onError: (error: unknown) => void;
  #items: T[] = [];
  #head = 0;
  #scheduled: ReturnType<typeof setImmediate> | undefined;
  #idle: Array<() => void> = [];

  constructor(run: (item: T) => void, options: TimeSlicedQueueOptions = {}) {
    this.#run = run;
    this.#slice = options.sliceInMilliseconds ?? 8;
    this.#onError =
      options.onError ??
      ((error) =>
        queueMicrotask(() => {
          throw error;
        }));
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
    this.#scheduled ??= setImmediate(() => this.#drain());
  }

  /** Resolves once everything queued so far has run. */
  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  dispose(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    this.#items = [];
    this.#head = 0;
    for (const resolve of this.#idle.splice(0)) resolve();
  }

  #drain(): void {
    this.#scheduled = undefined;
    const deadline = performance.now() + this.#slice;
    while (this.#head < this.#items.length) {
      const item = this.#items[this.#head] as T;
      this.#head += 1;
      try {
        this.#run(item);
      } catch (error) {
        this.#onError(error);
      }
      if (performance.now() >= deadline) break;
    }
    if (this.#head < this.#items.length) {
      this.#scheduled = setImmediate(() => this.#drain());
      return;
    }
    this.#items = [];
    this.#head = 0;
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
