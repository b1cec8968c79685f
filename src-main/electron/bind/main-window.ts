// The one window: created on first show, hidden (not closed) by its close button.
import { BrowserWindow, nativeTheme, type WebContents } from 'electron';
import type { Logger } from '../../core/base/log';
import { PRODUCT_NAME } from '../app-identity';

export interface MainWindowOptions {
  preloadPath: string;
  /** `app://herald/index.html`, or the dev server. */
  url: string;
  /** The window icon on Linux (Windows and macOS take it from the executable). */
  iconPath?: string;
  devTools: boolean;
  logger: Logger;
  /** The page loaded: it can receive events from now on. */
  onPageReady(contents: WebContents): void;
  /** The page is reloading or gone: hold events back. */
  onPageGone(): void;
}

export class MainWindow {
  readonly #options: MainWindowOptions;
  #window: BrowserWindow | null = null;
  #quitting = false;

  constructor(options: MainWindowOptions) {
    this.#options = options;
  }

  get isVisible(): boolean {
    return this.#window?.isVisible() ?? false;
  }

  show(): void {
    const existing = this.#window;
    if (!existing) {
      const created = this.#create();
      created.once('ready-to-show', () => this.#reveal(created));
      return;
    }
    this.#reveal(existing);
  }

  hide(): void {
    this.#window?.hide();
  }

  /** Quitting: let the close button close for real from now on. */
  allowClose(): void {
    this.#quitting = true;
  }

  #reveal(window: BrowserWindow): void {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  #create(): BrowserWindow {
    const { logger } = this.#options;
    const window = new BrowserWindow({
      width: 960,
      height: 680,
      minWidth: 560,
      minHeight: 420,
      show: false,
      title: PRODUCT_NAME,
      autoHideMenuBar: true,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f23' : '#ffffff',
      ...(this.#options.iconPath ? { icon: this.#options.iconPath } : {}),
      webPreferences: {
        preload: this.#options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        navigateOnDragDrop: false,
        safeDialogs: true,
        devTools: this.#options.devTools,
      },
    });
    window.on('close', (event) => {
      if (this.#quitting) return;
      event.preventDefault();
      window.hide();
    });
    // Windows log-off / shutdown: a close that is prevented here would hold the session up.
    window.on('session-end', () => this.allowClose());
    window.on('closed', () => {
      this.#window = null;
      this.#options.onPageGone();
    });
    const contents = window.webContents;
    contents.on('did-start-loading', () => this.#options.onPageGone());
    contents.on('did-finish-load', () => this.#options.onPageReady(contents));
    contents.on('render-process-gone', (_event, details) => {
      logger.error(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
      this.#options.onPageGone();
      if (details.reason !== 'clean-exit' && !this.#quitting) contents.reload();
    });
    contents.on('preload-error', (_event, preloadPath, error) =>
      logger.error(`preload ${preloadPath} failed:`, error),
    );
    window.loadURL(this.#options.url).catch((error: unknown) => {
      logger.error(`could not load ${this.#options.url}:`, error);
    });
    this.#window = window;
    return window;
  }
}
