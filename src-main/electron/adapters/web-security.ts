// What the app's pages may load and where they may go: the Content-Security-Policy, the
// request filter in front of the session, and the navigation rule.
import { isSameDocument, isSameServer, parseUrl } from './url-parts';

export interface WebSecurityOptions {
  /** `app`: the scheme the renderer is served from. */
  appScheme: string;
  /** `herald`: the host the renderer is served from. */
  appHost: string;
  /** The electron-vite dev server in development; never set in a packaged app. */
  devServerUrl?: string | null;
  /** Let DevTools load (`devtools://`); development only. */
  allowDevTools?: boolean;
}

/**
 * The page's Content-Security-Policy, sent as a header (index.html carries the same policy in a
 * meta tag, which cannot express `frame-ancestors`). The page talks to Herald only through the
 * preload API, so it may not connect anywhere; in development Vite needs its socket for hot
 * reload and injects styles as `<style>` elements.
 */
export function contentSecurityPolicy(devServerUrl?: string | null): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  const devServer = devServerUrl ? parseUrl(devServerUrl) : null;
  if (devServer) {
    const socket = `${devServer.protocol === 'https:' ? 'wss:' : 'ws:'}//${devServer.host}`;
    directives['connect-src'] = ["'self'", socket];
    directives['style-src'] = ["'self'", "'unsafe-inline'"];
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/**
 * The session's request filter: the app's own scheme, inline `data:`/`blob:` resources, the
 * dev server (http and its hot-reload socket) and, in development, DevTools. Everything else —
 * the internet, other files on disk — is cancelled before it leaves.
 */
export function createRequestFilter(options: WebSecurityOptions): (url: string) => boolean {
  const devServer = options.devServerUrl ? parseUrl(options.devServerUrl) : null;
  const appProtocol = `${options.appScheme}:`;
  return (value) => {
    const url = parseUrl(value);
    if (!url) return false;
    if (url.protocol === appProtocol) return url.host === options.appHost;
    if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
    if (url.protocol === 'devtools:') return options.allowDevTools === true;
    return devServer !== null && isSameServer(url, devServer);
  };
}

/**
 * Whether a page may navigate from `currentUrl` to `targetUrl`: only to the same document
 * (a reload or a fragment change). Links to the web go through the preload API instead.
 */
export function mayNavigate(currentUrl: string, targetUrl: string): boolean {
  const current = parseUrl(currentUrl);
  const target = parseUrl(targetUrl);
  if (!current || !target) return false;
  return isSameDocument(current, target) && current.search === target.search;
}
