// What a benchmark child measures while a burst arrives: how many, first and last arrival,
// event-loop delay and CPU. Herald's core and the bare client use the same meter.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IngestReport } from './protocol';

export class BurstMeter {
  readonly #lag = monitorEventLoopDelay({ resolution: 10 });
  #expect = 0;
  #count = 0;
  #firstAt = 0;
  #lastAt = 0;
  #cpuAtStart = process.cpuUsage();
  #cpuAtDone: number | undefined;

  /** A burst of `expect` notifications is about to be sent. */
  start(expect: number): void {
    this.#expect = expect;
    this.#count = 0;
    this.#firstAt = 0;
    this.#lag.enable();
    this.#lag.reset();
    this.#cpuAtStart = process.cpuUsage();
    this.#cpuAtDone = undefined;
  }

  /** Counts one burst notification arriving at `at`; returns true when it was the last. */
  arrived(at: number): boolean {
    if (this.#expect === 0) return false;
    this.#count++;
    this.#lastAt = at;
    if (this.#count === 1) this.#firstAt = at;
    if (this.#count !== this.#expect) return false;
    this.#lag.disable();
    this.#cpuAtDone = this.#cpu();
    return true;
  }

  report(): IngestReport {
    return {
      count: this.#count,
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
      lagP50Ms: this.#lag.percentile(50) / 1e6,
      lagP99Ms: this.#lag.percentile(99) / 1e6,
      lagMaxMs: this.#lag.max / 1e6,
      cpuUs: this.#cpuAtDone ?? this.#cpu(),
    };
  }

  #cpu(): number {
    const d = process.cpuUsage(this.#cpuAtStart);
    return d.user + d.system;
  }
}
