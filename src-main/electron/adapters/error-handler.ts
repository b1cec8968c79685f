// The one global error handler of the main process: log and keep running. A notification
// client that dies on a stray rejection misses everything until the next login.
import type { Logger } from '../../core/base/log';

/** The part of `process` this needs. */
export interface ProcessErrorEvents {
  on(
    event: 'uncaughtException' | 'unhandledRejection',
    listener: (error: unknown) => void,
  ): unknown;
}

export function installGlobalErrorHandler(events: ProcessErrorEvents, logger: Logger): void {
  events.on('uncaughtException', (error) => logger.error('uncaught exception:', error));
  events.on('unhandledRejection', (reason) => logger.error('unhandled rejection:', reason));
}
