// The logger port: core code logs through this; the app routes it to electron-log, the CLI to stderr.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
  /** A logger whose lines are prefixed with `[scope]`. */
  child(scope: string): Logger;
}

/** Formats any thrown value as one line: `Name: message`. */
export function toLogFormat(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** A logger writing lines to a sink (stderr in the CLI, a buffer in tests). */
export function createLineLogger(
  write: (line: string) => void,
  minimum: LogLevel = 'info',
  scope = '',
): Logger {
  const emit =
    (level: LogLevel) =>
    (message: string, ...details: unknown[]): void => {
      if (levelRank[level] < levelRank[minimum]) return;
      const extra = details
        .map(
          (d) =>
            ` ${d instanceof Error ? toLogFormat(d) : typeof d === 'string' ? d : toLogFormat(d)}`,
        )
        .join('');
      write(
        `${new Date().toISOString()} ${level.toUpperCase()}${scope ? ` [${scope}]` : ''} ${message}${extra}`,
      );
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (child) => createLineLogger(write, minimum, scope ? `${scope}:${child}` : child),
  };
}

/** Discards everything; for code paths that have no logger to report to. */
export const silentLogger: Logger = createLineLogger(() => undefined, 'error');

/** Deliberate fire-and-forget: failures are logged, never unhandled. */
export function drop(
  promise: Promise<unknown>,
  logger: Logger = silentLogger,
  what = 'background task',
): void {
  promise.catch((error: unknown) => logger.error(`${what} failed:`, error));
}
