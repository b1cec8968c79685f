// The cookies a hub (or the load balancer in front of it) sets, kept for the requests and the
// WebSocket that follow: what sticky sessions ("affinity" cookies) need. SignalR's own Node
// client keeps them in tough-cookie, whose public-suffix list costs about 14 MB of resident
// memory; Herald talks to one hub, so it keeps RFC 6265 cookies per origin: name and value,
// Path, Expires / Max-Age and Secure. A Domain attribute is read as "this host" (the only one
// the cookie is ever sent back to here), which is never wider than the standard allows.

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  /** ms since the epoch; undefined for a session cookie. */
  expires: number | undefined;
  secure: boolean;
}

/** Most cookies kept per origin; the oldest go first beyond it. */
const MAX_COOKIES_PER_ORIGIN = 50;
/** Longest cookie (name, value and attributes) kept, in characters; RFC 6265 asks for 4096. */
const MAX_COOKIE_LENGTH = 4096;

/** `http(s)://host:port` of a URL, with ws(s) read as http(s); undefined for anything else. */
function originOf(url: URL): string | undefined {
  const protocol =
    url.protocol === 'ws:' ? 'http:' : url.protocol === 'wss:' ? 'https:' : url.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') return undefined;
  return `${protocol}//${url.host}`;
}

function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'wss:';
}

/** RFC 6265 5.1.4: the directory of the request path, for a cookie that names no Path. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  if (!path.startsWith('/')) return '/';
  const last = path.lastIndexOf('/');
  return last <= 0 ? '/' : path.slice(0, last);
}

/** RFC 6265 5.1.4 path-match. */
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  readonly #byOrigin = new Map<string, StoredCookie[]>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Takes the `Set-Cookie` header values of a response to `url`; malformed ones are skipped. */
  store(url: string | URL, setCookieHeaders: readonly string[]): void {
    const target = typeof url === 'string' ? new URL(url) : url;
    const origin = originOf(target);
    if (!origin) return;
    for (const header of setCookieHeaders) {
      const cookie = parseSetCookie(header, target, this.#now());
      if (!cookie) continue;
      const kept = (this.#byOrigin.get(origin) ?? []).filter(
        (c) => !(c.name === cookie.name && c.path === cookie.path),
      );
      // An expiry in the past is how a server deletes a cookie.
      if (cookie.expires === undefined || cookie.expires > this.#now()) kept.push(cookie);
      this.#byOrigin.set(origin, kept.slice(-MAX_COOKIES_PER_ORIGIN));
    }
  }

  /** The `Cookie` header value for a request to `url`; empty when there is nothing to send. */
  cookieHeader(url: string | URL): string {
    const target = typeof url === 'string' ? new URL(url) : url;
    const origin = originOf(target);
    const stored = origin === undefined ? undefined : this.#byOrigin.get(origin);
    if (!stored || !origin) return '';
    const now = this.#now();
    const live = stored.filter((c) => c.expires === undefined || c.expires > now);
    if (live.length !== stored.length) this.#byOrigin.set(origin, live);
    const secure = isSecure(target);
    return (
      live
        .filter((c) => (secure || !c.secure) && pathMatches(target.pathname || '/', c.path))
        // RFC 6265 5.4: longer paths first.
        .sort((a, b) => b.path.length - a.path.length)
        .map((c) => `${c.name}=${c.value}`)
        .join('; ')
    );
  }
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function hasAny(text: string, characters: string): boolean {
  for (const character of characters) if (text.includes(character)) return true;
  return false;
}

/** One `Set-Cookie` value, read as RFC 6265 section 5.2 does; undefined when it is unusable. */
export function parseSetCookie(header: string, url: URL, now: number): StoredCookie | undefined {
  if (header.length > MAX_COOKIE_LENGTH) return undefined;
  const [pair = '', ...attributes] = header.split(';');
  const equals = pair.indexOf('=');
  if (equals <= 0) return undefined;
  const name = pair.slice(0, equals).trim();
  const value = pair.slice(equals + 1).trim();
  // Names and values that could not be sent back verbatim in a Cookie header.
  if (
    !name ||
    hasAny(name, ' \t;,=') ||
    hasControl(name) ||
    value.includes(';') ||
    hasControl(value)
  )
    return undefined;
  const cookie: StoredCookie = {
    name,
    value,
    path: defaultPath(url),
    expires: undefined,
    secure: false,
  };
  let maxAgeSeen = false;
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const raw = at < 0 ? '' : attribute.slice(at + 1).trim();
    switch (key) {
      case 'max-age': {
        if (!/^-?\d+$/.test(raw)) break;
        const seconds = Number(raw);
        cookie.expires = seconds <= 0 ? 0 : now + seconds * 1000;
        maxAgeSeen = true;
        break;
      }
      case 'expires': {
        const when = Date.parse(raw);
        // Max-Age wins over Expires, whatever their order.
        if (!maxAgeSeen && !Number.isNaN(when)) cookie.expires = when;
        break;
      }
      case 'path':
        cookie.path = raw.startsWith('/') ? raw : defaultPath(url);
        break;
      case 'secure':
        cookie.secure = true;
        break;
      default:
        // Domain, HttpOnly, SameSite and unknown attributes change nothing here.
        break;
    }
  }
  // A Secure cookie from an insecure origin is ignored (RFC 6265bis 5.6).
  if (cookie.secure && !isSecure(url)) return undefined;
  return cookie;
}
