// Registers `app://herald` (see adapters/app-protocol.ts).
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import type { Logger } from '../../core/base/log';
import { APP_HOST, APP_SCHEME } from '../app-identity';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from '../adapters/app-protocol';

/** Must run before `ready`, once. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

export function serveRenderer(
  session: Session,
  options: { rendererDir: string; contentSecurityPolicy: string; logger: Logger },
): void {
  session.protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      host: APP_HOST,
      rootDir: options.rendererDir,
      readFile: (path) => readFile(path),
      contentSecurityPolicy: options.contentSecurityPolicy,
      logger: options.logger,
    }),
  );
}
