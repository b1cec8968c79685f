// Turns the toast policy's requests into what an OS notification shows and does. Pure: the
// Electron binding (bind/toast-display.ts) creates the Notification from the spec.
import type {
  SingleToastRequest,
  SummaryToastRequest,
  ToastRequest,
} from '../../core/toast/notifier';
import { safeExternalUrl } from './external-url';

export interface ToastAction {
  /** The button's label. */
  text: string;
  run(): void;
}

/** One OS notification. Field names follow Electron's NotificationConstructorOptions. */
export interface ToastSpec {
  title: string;
  body: string;
  silent: boolean;
  /** Linux and Windows: `critical` stays on top of full-screen apps and DND on some desktops. */
  urgency: 'normal' | 'critical';
  /** `never`: stays until the user dismisses it (Linux, Windows; macOS follows the user's setting). */
  timeoutType: 'default' | 'never';
  /** Buttons, only where the OS shows them; empty elsewhere. */
  actions: ToastAction[];
  /** The toast itself was clicked. */
  onClick(): void;
}

/** What a toast can make Herald do. */
export interface ToastCommands {
  /** Show the window on this inbox item. */
  reveal(id: string): void;
  /** Show the window on the inbox. */
  showInbox(): void;
  acknowledge(id: string): void;
  /** Only ever called with an http(s) URL that passed `safeExternalUrl`. */
  openExternal(url: string): void;
}

export interface ToastPresenterOptions {
  platform: NodeJS.Platform;
  commands: ToastCommands;
}

/** More buttons crowd the toast (Windows allows five, macOS folds all but the first). */
export const MAX_TOAST_ACTIONS = 3;

/**
 * Whether Electron shows notification buttons here: macOS (signed apps whose Info.plist asks
 * for alert-style notifications) and Windows. Linux toasts get no buttons: a click opens the item.
 * https://www.electronjs.org/docs/latest/api/structures/notification-action
 */
export function supportsToastActions(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/**
 * Freedesktop notification servers that advertise `body-markup` (GNOME, KDE, dunst …) read the
 * body as markup, and Electron passes it through unescaped: a hub body of `<a href=…>` would
 * become a link. Herald bodies are plain text, so they are escaped.
 */
export function escapeBodyMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export class ToastPresenter {
  readonly #platform: NodeJS.Platform;
  readonly #commands: ToastCommands;

  constructor(options: ToastPresenterOptions) {
    this.#platform = options.platform;
    this.#commands = options.commands;
  }

  present(request: ToastRequest): ToastSpec {
    return request.kind === 'single' ? this.#single(request) : this.#summary(request);
  }

  #single(request: SingleToastRequest): ToastSpec {
    const { notification } = request;
    return {
      title: notification.title,
      body: this.#body(notification.body),
      silent: request.silent,
      urgency: request.urgency,
      timeoutType: request.sticky ? 'never' : 'default',
      actions: supportsToastActions(this.#platform) ? this.#actions(request) : [],
      onClick: () => this.#commands.reveal(notification.id),
    };
  }

  #summary(request: SummaryToastRequest): ToastSpec {
    const critical = request.highestSeverity === 'critical';
    return {
      title: request.title,
      body: this.#body(request.body),
      silent: request.silent,
      urgency: critical ? 'critical' : 'normal',
      // A critical one hidden in a flood must not slip away with the summary.
      timeoutType: critical ? 'never' : 'default',
      actions: [],
      onClick: () => this.#commands.showInbox(),
    };
  }

  /** Acknowledge first where it is required (macOS shows only the first button outright). */
  #actions(request: SingleToastRequest): ToastAction[] {
    const { notification } = request;
    const actions: ToastAction[] = [];
    if (notification.requireAck)
      actions.push({ text: 'Acknowledge', run: () => this.#commands.acknowledge(notification.id) });
    const links = new Set<string>();
    const addLink = (text: string, url: string | null | undefined): void => {
      const safe = safeExternalUrl(url);
      if (safe === null || links.has(safe)) return;
      links.add(safe);
      actions.push({ text, run: () => this.#commands.openExternal(safe) });
    };
    addLink('Open link', notification.url);
    for (const action of notification.actions) addLink(action.label, action.url);
    return actions.slice(0, MAX_TOAST_ACTIONS);
  }

  #body(text: string): string {
    return this.#platform === 'linux' ? escapeBodyMarkup(text) : text;
  }
}
