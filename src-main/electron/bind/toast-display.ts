// The ToastDisplay on Electron's Notification.
import { Notification } from 'electron';
import type { Logger } from '../../core/base/log';
import type { ToastDisplay } from '../adapters/toast-notifier';
import type { ToastSpec } from '../adapters/toast-presenter';

/** Toasts kept alive at most; the oldest is let go first. */
const MAX_LIVE_TOASTS = 100;

export class ElectronToastDisplay implements ToastDisplay {
  /**
   * A Notification that is garbage-collected loses its click and action handlers — also while
   * it still sits in the notification centre. So each is kept until it is closed.
   */
  readonly #live = new Set<Notification>();
  readonly #iconPath: string | undefined;
  readonly #logger: Logger;
  #warnedUnsupported = false;

  /** @param iconPath the toast icon on Linux (Windows and macOS show the app's icon). */
  constructor(options: { iconPath?: string; logger: Logger }) {
    this.#iconPath = options.iconPath;
    this.#logger = options.logger;
  }

  show(spec: ToastSpec): void {
    if (!Notification.isSupported()) {
      if (!this.#warnedUnsupported) this.#logger.warn('this system shows no notifications');
      this.#warnedUnsupported = true;
      return;
    }
    const toast = new Notification({
      title: spec.title,
      body: spec.body,
      silent: spec.silent,
      urgency: spec.urgency,
      timeoutType: spec.timeoutType,
      actions: spec.actions.map((action) => ({ type: 'button', text: action.text })),
      ...(this.#iconPath ? { icon: this.#iconPath } : {}),
    });
    this.#keep(toast);
    toast.on('click', () => spec.onClick());
    toast.on('action', (event, deprecatedIndex) => {
      const index = typeof event.actionIndex === 'number' ? event.actionIndex : deprecatedIndex;
      spec.actions[index]?.run();
    });
    toast.on('close', () => this.#live.delete(toast));
    toast.on('failed', (_event, error) => {
      this.#logger.warn(`a toast failed: ${error}`);
      this.#live.delete(toast);
    });
    toast.show();
  }

  #keep(toast: Notification): void {
    this.#live.add(toast);
    if (this.#live.size <= MAX_LIVE_TOASTS) return;
    const oldest = this.#live.values().next().value;
    if (oldest) this.#live.delete(oldest);
  }
}
