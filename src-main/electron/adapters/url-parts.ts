// URL comparisons the security checks share. Custom schemes (`app://herald`) have an opaque
// `origin` in WHATWG URL terms, so documents are compared by scheme, host and path instead.

export function parseUrl(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The decoded path of the document a URL names (`/` means `/index.html`), or null if malformed. */
export function documentPath(url: URL): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  return path.endsWith('/') ? `${path}index.html` : path;
}

/** Same scheme, host (with port) and document path; query and fragment are ignored. */
export function isSameDocument(a: URL, b: URL): boolean {
  if (a.protocol !== b.protocol || a.host !== b.host) return false;
  const pathA = documentPath(a);
  return pathA !== null && pathA === documentPath(b);
}

/** Same host and port over the same transport (http ↔ ws, https ↔ wss count as one). */
export function isSameServer(url: URL, server: URL): boolean {
  const secure = (protocol: string): boolean | null =>
    protocol === 'https:' || protocol === 'wss:'
      ? true
      : protocol === 'http:' || protocol === 'ws:'
        ? false
        : null;
  const security = secure(url.protocol);
  return security !== null && security === secure(server.protocol) && url.host === server.host;
}
