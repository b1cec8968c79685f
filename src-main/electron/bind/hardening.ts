// Session and webContents hardening: no permissions, no foreign requests, no navigation, no new
// windows, no webviews, no downloads.
import type { Session, WebContents } from 'electron';
import type { Logger } from '../../core/base/log';
import { safeExternalUrl } from '../adapters/external-url';
import { mayNavigate } from '../adapters/web-security';

export interface SessionGuardOptions {
  isAllowedRequest: (url: string) => boolean;
  /** The CSP header for dev-server pages (app:// pages get theirs from the protocol handler). */
  contentSecurityPolicy: string;
  isDevServerUrl: (url: string) => boolean;
  logger: Logger;
}

export function guardSession(session: Session, options: SessionGuardOptions): void {
  const { logger } = options;
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = options.isAllowedRequest(details.url);
    if (!allowed) logger.warn(`blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    const document = details.resourceType === 'mainFrame' || details.resourceType === 'subFrame';
    if (!document || !options.isDevServerUrl(details.url)) {
      callback({});
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    headers['Content-Security-Policy'] = [options.contentSecurityPolicy];
    callback({ responseHeaders: headers });
  });
  session.on('will-download', (event, item) => {
    logger.warn(`blocked download of ${item.getURL().slice(0, 200)}`);
    event.preventDefault();
  });
}

/** For every webContents the app ever creates (`app.on('web-contents-created')`). */
export function hardenWebContents(
  contents: WebContents,
  options: { openExternal: (url: string) => void; logger: Logger },
): void {
  const { logger } = options;
  contents.on('will-attach-webview', (event) => {
    logger.warn('blocked a webview');
    event.preventDefault();
  });
  contents.on('will-navigate', (event) => {
    if (mayNavigate(contents.getURL(), event.url)) return;
    logger.warn(`blocked navigation to ${event.url.slice(0, 200)}`);
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (mayNavigate(contents.getURL(), event.url)) return;
    logger.warn(`blocked redirect to ${event.url.slice(0, 200)}`);
    event.preventDefault();
  });
  // A `target=_blank` web link opens in the browser; nothing opens a window inside Herald.
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) options.openExternal(safe);
    else logger.warn(`blocked window.open of ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}
