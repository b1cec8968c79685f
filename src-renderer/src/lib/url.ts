// The renderer's own guard for links from notifications: the hub and main check URLs too, but a
// link is only ever offered to the user when it parses as an absolute http(s) URL here as well.

/** The URL when `raw` is an absolute http or https URL; `null` for anything else. */
export function safeHttpUrl(raw: string | null | undefined): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}
