// Keeps the tray in step with the session and runs what the user picks from it.
import type { Event } from '../../core/base/event';
import { DisposableObject, type Disposable } from '../../core/base/lifecycle';
import { drop, silentLogger, type Logger } from '../../core/base/log';
import type { DoNotDisturb } from '../../core/settings/settings';
import type { SessionSnapshot } from '../../ipc/contract';
import type { TrayImage } from './tray-images';
import {
  doNotDisturbChoice,
  presentTray,
  type DoNotDisturbChoice,
  type TrayCommand,
  type TrayMenuItem,
} from './tray-presenter';
import { systemTimers, type Timers } from './timers';

/** The OS tray icon, as the service drives it. Electron's binding is bind/tray-view.ts. */
export interface TrayView {
  setImage(image: TrayImage): void;
  setToolTip(text: string): void;
  setMenu(menu: readonly TrayMenuItem[]): void;
  /** A menu item was picked, or the icon clicked (`open-inbox`). */
  readonly onDidSelect: Event<TrayCommand>;
}

/** Where the tray's state comes from: the AppController. */
export interface TrayStatusSource {
  snapshot(): SessionSnapshot;
  doNotDisturb(): DoNotDisturb;
  readonly onDidChangeStatus: Event<SessionSnapshot>;
}

export interface TrayActions {
  openInbox(): void;
  setDoNotDisturb(choice: DoNotDisturbChoice): Promise<void>;
  quit(): void;
}

export interface TrayServiceOptions {
  view: TrayView;
  source: TrayStatusSource;
  actions: TrayActions;
  timers?: Timers;
  logger?: Logger;
}

const DND_CHOICE: Partial<Record<TrayCommand, DoNotDisturbChoice>> = {
  'dnd-off': 'off',
  'dnd-on': 'on',
  'dnd-hour': 'hour',
};

/** setTimeout's limit; an "until" further away than ~24 days is re-checked then. */
const MAX_DELAY_IN_MILLISECONDS = 2 ** 31 - 1;

export class TrayService extends DisposableObject {
  readonly #view: TrayView;
  readonly #source: TrayStatusSource;
  readonly #actions: TrayActions;
  readonly #timers: Timers;
  readonly #logger: Logger;
  #shown: { image: string; toolTip: string; menu: string } | undefined;
  #expiry: Disposable | undefined;

  constructor(options: TrayServiceOptions) {
    super();
    this.#view = options.view;
    this.#source = options.source;
    this.#actions = options.actions;
    this.#timers = options.timers ?? systemTimers;
    this.#logger = options.logger ?? silentLogger;
    this.register(this.#view.onDidSelect((command) => this.#run(command)));
    this.register(this.#source.onDidChangeStatus(() => this.refresh()));
    this.register({ dispose: () => this.#expiry?.dispose() });
    this.refresh();
  }

  /** Redraws what changed (Linux rebuilds the whole menu on every change, so only then). */
  refresh(): void {
    if (this.store.isDisposed) return;
    const now = this.#timers.now();
    const dnd = this.#source.doNotDisturb();
    const model = presentTray({ snapshot: this.#source.snapshot(), doNotDisturb: dnd, now });
    const next = {
      image: JSON.stringify(model.image),
      toolTip: model.toolTip,
      menu: JSON.stringify(model.menu),
    };
    if (next.image !== this.#shown?.image) this.#view.setImage(model.image);
    if (next.toolTip !== this.#shown?.toolTip) this.#view.setToolTip(model.toolTip);
    if (next.menu !== this.#shown?.menu) this.#view.setMenu(model.menu);
    this.#shown = next;
    this.#scheduleExpiry(dnd, now);
  }

  /** Nothing announces that "for 1 hour" ran out: look again when it does. */
  #scheduleExpiry(dnd: DoNotDisturb, now: number): void {
    this.#expiry?.dispose();
    this.#expiry = undefined;
    if (doNotDisturbChoice(dnd, now) !== 'hour' || dnd.until === null) return;
    const delay = Math.min(dnd.until - now + 1000, MAX_DELAY_IN_MILLISECONDS);
    this.#expiry = this.#timers.setTimeout(() => this.refresh(), delay);
  }

  #run(command: TrayCommand): void {
    this.#logger.info(`tray: ${command}`);
    const dnd = DND_CHOICE[command];
    if (dnd) {
      const change = this.#actions.setDoNotDisturb(dnd).catch((error: unknown) => {
        // The OS menu already moved its radio check: draw the menu again from the real state.
        this.#shown = undefined;
        this.refresh();
        throw error;
      });
      drop(change, this.#logger, `do not disturb ${dnd}`);
      return;
    }
    if (command === 'open-inbox') this.#actions.openInbox();
    else if (command === 'quit') this.#actions.quit();
  }
}
