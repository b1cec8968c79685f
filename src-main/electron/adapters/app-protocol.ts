// Serves the renderer from `app://herald/…` out of the built renderer folder.
//
// Why not file://: the `grantFileProtocolExtraPrivileges` fuse is off (electron-builder.yml), so
// file:// pages behave as in a browser: an opaque origin, and Vite's
// `<script type="module" crossorigin>` is blocked by CORS — a blank window. A standard, secure
// custom scheme gives the page a real origin (`'self'` in the CSP means something) and serves
// only files inside one folder. Electron's security checklist, item 18:
// https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
import path from 'node:path';
import { silentLogger, type Logger } from '../../core/base/log';
import { parseUrl } from './url-parts';

/** The scheme's privileges, registered before `ready`. No `bypassCSP`, no service workers. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
} as const;

/** The Content-Type of each file type the renderer build emits. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type AppRequestResolution =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 400 | 404 | 405 };

/**
 * Maps a request to a file inside `rootDir`. A path that leaves the folder (`..`, encoded
 * `%2e%2e`, backslashes on Windows), another host, or a method other than GET/HEAD is refused.
 */
export function resolveAppRequest(
  url: string,
  method: string,
  options: { host: string; rootDir: string },
): AppRequestResolution {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405 };
  const parsed = parseUrl(url);
  if (!parsed || parsed.host !== options.host) return { kind: 'refused', status: 404 };
  let relative: string;
  try {
    relative = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (relative.includes('\0')) return { kind: 'refused', status: 400 };
  if (relative.endsWith('/')) relative += 'index.html';
  const root = path.resolve(options.rootDir);
  const file = path.resolve(root, `.${path.sep}${relative}`);
  const inside = path.relative(root, file);
  if (!inside || inside.startsWith('..') || path.isAbsolute(inside))
    return { kind: 'refused', status: 404 };
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { kind: 'file', path: file, contentType };
}

export interface AppProtocolOptions {
  host: string;
  rootDir: string;
  /** Reads a file (asar-aware in Electron's main process). */
  readFile: (path: string) => Promise<Uint8Array>;
  /** Sent with every HTML document. */
  contentSecurityPolicy: string;
  logger?: Logger;
}

/** The `protocol.handle` handler: a web `Request` in, a web `Response` out. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: { url: string; method: string }) => Promise<Response> {
  const logger = options.logger ?? silentLogger;
  return async (request) => {
    const resolved = resolveAppRequest(request.url, request.method, options);
    if (resolved.kind === 'refused') {
      logger.warn(`refused ${request.method} ${request.url.slice(0, 200)} (${resolved.status})`);
      return new Response(null, { status: resolved.status });
    }
    let body: Uint8Array;
    try {
      body = await options.readFile(resolved.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
        return new Response(null, { status: 404 });
      logger.error(`could not read ${resolved.path}:`, error);
      return new Response(null, { status: 500 });
    }
    const headers = new Headers({
      'Content-Type': resolved.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    if (resolved.contentType.startsWith('text/html'))
      headers.set('Content-Security-Policy', options.contentSecurityPolicy);
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}
