// The one place the end-to-end suite wires the renderer to the real core: the AppController
// (what Electron's composition root drives) with Node stand-ins for the platform, behind the real
// IPC router. Adjust this file, and only this file, when the controller's shape changes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLineLogger } from '../../src-main/core/base/log';
import { AppController } from '../../src-main/core/app/app-controller';
import type { AppPlatform } from '../../src-main/core/app/ports';
import type { ToastRequest } from '../../src-main/core/toast/notifier';
import { createIpcRouter, type IpcRouter } from '../../src-main/ipc/router';
import type { BridgeEvents } from './bridge';

export interface AppBackend {
  router: IpcRouter;
  events: BridgeEvents;
  /** URLs the app asked the OS to open (`app.openExternal`), in order. */
  openedUrls: string[];
  /** Toasts the app asked the OS to show. */
  toasts: ToastRequest[];
  /** Everything the core logged, for failure messages. */
  log: string[];
  dispose(): Promise<void>;
}

/**
 * Starts the app's core with a fresh data directory and no keyring (so the app must say it
 * cannot keep the session). Only pages served from `trustedOrigin` may call it, as only the
 * app's own renderer may in Electron.
 */
export async function startAppBackend(options: { trustedOrigin: string }): Promise<AppBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-e2e-app-'));
  const openedUrls: string[] = [];
  const toasts: ToastRequest[] = [];
  const log: string[] = [];
  const platform: AppPlatform = {
    secrets: {
      isAvailable: () => false,
      encrypt: () => {
        throw new Error('no keyring in the end-to-end tests');
      },
      decrypt: () => {
        throw new Error('no keyring in the end-to-end tests');
      },
    },
    notifier: { show: (request) => void toasts.push(request) },
    loginItem: { setEnabled: async () => undefined },
    openExternal: async (url) => void openedUrls.push(url),
    openLogFolder: async () => undefined,
    versions: {
      app: '0.0.0-e2e',
      electron: null,
      chrome: null,
      node: process.versions.node,
      platform: process.platform,
    },
  };
  const controller = await AppController.create({
    dataDir,
    platform,
    logger: createLineLogger((line) => log.push(line), 'debug'),
    keepAliveIntervalInMilliseconds: 1_000,
    serverTimeoutInMilliseconds: 5_000,
  });
  const router = createIpcRouter(controller.handlers, {
    isTrustedSender: (url) => url.startsWith(options.trustedOrigin),
  });
  return {
    router,
    events: {
      on: (listener) => controller.onEvent(({ channel, payload }) => listener(channel, payload)),
    },
    openedUrls,
    toasts,
    log,
    dispose: async () => {
      await controller.signOut();
      controller.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
