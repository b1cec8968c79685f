// The AppPlatform port of the core, made of Electron's pieces.
import os from 'node:os';
import path from 'node:path';
import { app, safeStorage, shell } from 'electron';
import type { AppPlatform } from '../../core/app/ports';
import type { Notifier } from '../../core/toast/notifier';
import { openExternalSafely } from '../adapters/external-url';
import { LinuxAutostart } from '../adapters/linux-autostart';
import { createLoginItem } from '../adapters/login-item';
import { SafeStorageSecretStore } from '../adapters/secret-store';

export function openExternal(url: string): Promise<void> {
  return openExternalSafely(url, (safe) => shell.openExternal(safe));
}

export function createElectronPlatform(options: {
  notifier: Notifier;
  logFile: string;
}): AppPlatform {
  return {
    secrets: new SafeStorageSecretStore(safeStorage, process.platform),
    notifier: options.notifier,
    loginItem: createLoginItem({
      platform: process.platform,
      app,
      autostart: () =>
        new LinuxAutostart({ env: process.env, homeDir: os.homedir(), execPath: process.execPath }),
    }),
    openExternal,
    async openLogFolder() {
      // shell.openPath resolves with an error message, or '' on success.
      const problem = await shell.openPath(path.dirname(options.logFile));
      if (problem) throw new Error(`Could not open the log folder: ${problem}`);
    },
    versions: {
      app: app.getVersion(),
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      node: process.versions.node,
      platform: `${process.platform} ${os.release()} (${process.arch})`,
    },
  };
}
