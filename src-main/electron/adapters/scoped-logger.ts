// The core's Logger port over electron-log's functions (which add the time and the level).
import type { Logger } from '../../core/base/log';

export interface LogFunctions {
  debug(...params: unknown[]): void;
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
}

/** A logger whose lines start with `[scope]`; `child('x')` gives `[scope:x]`. */
export function createScopedLogger(log: LogFunctions, scope = ''): Logger {
  const prefix = scope ? `[${scope}] ` : '';
  return {
    debug: (message, ...details) => log.debug(prefix + message, ...details),
    info: (message, ...details) => log.info(prefix + message, ...details),
    warn: (message, ...details) => log.warn(prefix + message, ...details),
    error: (message, ...details) => log.error(prefix + message, ...details),
    child: (child) => createScopedLogger(log, scope ? `${scope}:${child}` : child),
  };
}
