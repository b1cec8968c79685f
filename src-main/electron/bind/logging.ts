// electron-log as the app's logger: one rotating file in the OS's log folder.
import path from 'node:path';
import { app, ipcMain } from 'electron';
import log from 'electron-log/main';
import type { Logger } from '../../core/base/log';
import { createScopedLogger } from '../adapters/scoped-logger';

/** The log file rotates to `main.old.log` at this size: two files, at most 10 MB together. */
export const LOG_FILE_MAX_BYTES = 5 * 1024 * 1024;

/** electron-log's channel for renderer logging, which Herald does not use. */
const ELECTRON_LOG_CHANNEL = '__ELECTRON_LOG__';

export interface AppLogging {
  logger: Logger;
  /** The current log file; its folder is what "Open log folder" opens. */
  logFile: string;
}

/** Call first, before `ready`, so that start-up problems are logged too. */
export function setUpLogging(): AppLogging {
  // Importing electron-log/main registers IPC listeners so renderers can write to the log. Herald's
  // renderer never does; any message there would come from a page that is not ours.
  ipcMain.removeAllListeners(ELECTRON_LOG_CHANNEL);
  ipcMain.removeHandler(ELECTRON_LOG_CHANNEL);

  const file = log.transports.file;
  file.resolvePathFn = () => path.join(app.getPath('logs'), 'main.log');
  file.maxSize = LOG_FILE_MAX_BYTES;
  file.level = app.isPackaged ? 'info' : 'debug';
  log.transports.console.level = app.isPackaged ? false : 'debug';
  return { logger: createScopedLogger(log), logFile: file.getFile().path };
}
