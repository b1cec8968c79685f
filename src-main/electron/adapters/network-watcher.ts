// Electron's main process has no online/offline event: poll `net.isOnline()` and report changes.
import { DisposableObject, type Disposable } from '../../core/base/lifecycle';
import { silentLogger, type Logger } from '../../core/base/log';
import { systemTimers, type Timers } from './timers';

export interface NetworkWatcherOptions {
  /** Electron's `net.isOnline()`: false means certainly offline, true only "maybe online". */
  isOnline: () => boolean;
  /** Called with the first reading on `start()`, then on every change. */
  onChange: (online: boolean) => void;
  /** Default 5000 ms. */
  intervalInMilliseconds?: number;
  timers?: Timers;
  logger?: Logger;
}

export class NetworkWatcher extends DisposableObject {
  readonly #options: NetworkWatcherOptions;
  readonly #timers: Timers;
  readonly #logger: Logger;
  #online: boolean | undefined;
  #poll: Disposable | undefined;

  constructor(options: NetworkWatcherOptions) {
    super();
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#logger = options.logger ?? silentLogger;
    this.register({ dispose: () => this.#poll?.dispose() });
  }

  /** The last reading; undefined before `start()`. */
  get online(): boolean | undefined {
    return this.#online;
  }

  start(): void {
    if (this.#poll || this.store.isDisposed) return;
    this.checkNow();
    this.#poll = this.#timers.setInterval(
      () => this.checkNow(),
      this.#options.intervalInMilliseconds ?? 5000,
    );
  }

  /** Reads now (after resume, say) instead of waiting for the next poll. */
  checkNow(): void {
    if (this.store.isDisposed) return;
    let online: boolean;
    try {
      online = this.#options.isOnline();
    } catch (error) {
      this.#logger.warn('could not read the network state:', error);
      return;
    }
    if (online === this.#online) return;
    this.#online = online;
    this.#logger.info(`network ${online ? 'available' : 'unavailable'}`);
    this.#options.onChange(online);
  }
}
