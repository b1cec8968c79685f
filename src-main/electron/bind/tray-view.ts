// The TrayView on Electron's Tray.
import path from 'node:path';
import {
  Menu,
  nativeImage,
  nativeTheme,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';
import { Emitter } from '../../core/base/event';
import type { Disposable } from '../../core/base/lifecycle';
import type { Logger } from '../../core/base/log';
import { trayImageFile, type TrayImage } from '../adapters/tray-images';
import type { TrayCommand, TrayMenuItem } from '../adapters/tray-presenter';
import type { TrayView } from '../adapters/tray-service';

export class ElectronTrayView implements TrayView, Disposable {
  readonly #tray: Tray;
  readonly #imageDir: string;
  readonly #platform: NodeJS.Platform;
  readonly #logger: Logger;
  readonly #onDidSelect = new Emitter<TrayCommand>();
  readonly onDidSelect = this.#onDidSelect.event;
  #image: TrayImage | undefined;
  readonly #onThemeUpdated = (): void => {
    if (this.#image) this.setImage(this.#image);
  };

  constructor(options: { imageDir: string; platform: NodeJS.Platform; logger: Logger }) {
    this.#imageDir = options.imageDir;
    this.#platform = options.platform;
    this.#logger = options.logger;
    this.#tray = new Tray(nativeImage.createEmpty());
    if (this.#platform === 'darwin') this.#tray.setIgnoreDoubleClickEvents(true);
    // macOS opens the context menu on click; elsewhere a click opens the inbox.
    else this.#tray.on('click', () => this.#onDidSelect.fire('open-inbox'));
    nativeTheme.on('updated', this.#onThemeUpdated);
  }

  setImage(image: TrayImage): void {
    this.#image = image;
    this.#tray.setImage(this.#load(image));
  }

  setToolTip(text: string): void {
    this.#tray.setToolTip(text);
  }

  /** Linux applies menu changes only through a new setContextMenu, so always build a new one. */
  setMenu(menu: readonly TrayMenuItem[]): void {
    this.#tray.setContextMenu(Menu.buildFromTemplate(this.#template(menu)));
  }

  dispose(): void {
    nativeTheme.removeListener('updated', this.#onThemeUpdated);
    this.#onDidSelect.dispose();
    this.#tray.destroy();
  }

  #load(image: TrayImage): NativeImage {
    // Windows: the taskbar can be dark while apps are light, so ask about the system UI.
    const darkBackground =
      this.#platform === 'win32'
        ? nativeTheme.shouldUseDarkColorsForSystemIntegratedUI
        : nativeTheme.shouldUseDarkColors;
    const file = path.join(
      this.#imageDir,
      trayImageFile(image, { platform: this.#platform, darkBackground }),
    );
    const loaded = nativeImage.createFromPath(file);
    if (loaded.isEmpty()) this.#logger.warn(`tray image missing: ${file}`);
    return loaded;
  }

  #template(items: readonly TrayMenuItem[]): MenuItemConstructorOptions[] {
    const fire = (command: TrayCommand) => () => this.#onDidSelect.fire(command);
    return items.map((item): MenuItemConstructorOptions => {
      switch (item.type) {
        case 'separator':
          return { type: 'separator' };
        case 'status':
          return { label: item.label, enabled: false };
        case 'command':
          return { label: item.label, click: fire(item.command) };
        case 'radio':
          return {
            type: 'radio',
            label: item.label,
            checked: item.checked,
            click: fire(item.command),
          };
        case 'submenu':
          return { label: item.label, submenu: this.#template(item.items) };
      }
    });
  }
}
