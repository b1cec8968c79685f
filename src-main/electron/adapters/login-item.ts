// The LoginItem port: Windows and macOS through Electron's login item settings, everything
// else through an XDG autostart entry.
import type { LoginItem } from '../../core/app/ports';
import { HIDDEN_ARG } from '../app-identity';

/** The part of Electron's `app` this needs. */
export interface LoginItemSettingsApi {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/** The part of LinuxAutostart this needs. */
export interface AutostartEntry {
  enable(): Promise<void>;
  disable(): Promise<void>;
}

export function createLoginItem(options: {
  platform: NodeJS.Platform;
  app: LoginItemSettingsApi;
  /** Made only where used, so Windows and macOS never touch XDG paths. */
  autostart: () => AutostartEntry;
}): LoginItem {
  if (options.platform === 'win32' || options.platform === 'darwin') {
    return {
      async setEnabled(enabled) {
        // `args` is Windows-only (the Run key's command line); macOS reports wasOpenedAtLogin.
        // Windows matches the entry by its arguments, so disabling passes the same ones.
        options.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
      },
    };
  }
  let entry: AutostartEntry | undefined;
  return {
    async setEnabled(enabled) {
      entry ??= options.autostart();
      await (enabled ? entry.enable() : entry.disable());
    },
  };
}
