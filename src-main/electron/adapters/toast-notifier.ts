// The Notifier port of the core, implemented with the presenter and an OS toast display.
import { silentLogger, type Logger } from '../../core/base/log';
import type { Notifier, ToastRequest } from '../../core/toast/notifier';
import type { ToastPresenter, ToastSpec } from './toast-presenter';

/** Shows one OS notification. Electron's binding is bind/toast-display.ts. */
export interface ToastDisplay {
  show(spec: ToastSpec): void;
}

export class ToastNotifier implements Notifier {
  readonly #presenter: ToastPresenter;
  readonly #display: ToastDisplay;
  readonly #logger: Logger;

  constructor(presenter: ToastPresenter, display: ToastDisplay, logger: Logger = silentLogger) {
    this.#presenter = presenter;
    this.#display = display;
    this.#logger = logger;
  }

  /** Never throws: a toast that cannot be shown is logged; the inbox still has the item. */
  show(request: ToastRequest): void {
    try {
      const spec = this.#presenter.present(request);
      this.#display.show({
        ...spec,
        onClick: this.#guard('toast click', spec.onClick),
        actions: spec.actions.map((a) => ({ text: a.text, run: this.#guard(a.text, a.run) })),
      });
    } catch (error) {
      this.#logger.warn('could not show a toast:', error);
    }
  }

  /** OS callbacks run outside any caller: a failure (e.g. acknowledge while signed out) is logged. */
  #guard(what: string, run: () => void): () => void {
    return () => {
      try {
        run();
      } catch (error) {
        this.#logger.warn(`${what} failed:`, error);
      }
    };
  }
}
