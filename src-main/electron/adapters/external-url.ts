// The one gate in front of the OS browser: only web links leave Herald.
import { LIMITS } from '../../core/schema/notification';

/**
 * The normalised href when `url` is an absolute http(s) URL with a host and no credentials;
 * otherwise null. `javascript:`, `file:`, `data:`, `mailto:`, custom schemes and relative URLs
 * are all refused.
 */
export function safeExternalUrl(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > LIMITS.url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  // `https://intranet.example.com@evil.example` reads as the first host and opens the second.
  if (parsed.username || parsed.password) return null;
  return parsed.href;
}

export function isSafeExternalUrl(url: unknown): boolean {
  return safeExternalUrl(url) !== null;
}

/** Thrown instead of opening a link that is not a plain web link. */
export class UnsafeUrlError extends Error {
  constructor() {
    super('Herald opens only http and https links.');
    this.name = 'UnsafeUrl';
  }
}

/** Opens `url` with `open` (Electron's `shell.openExternal`) once it passed the gate. */
export async function openExternalSafely(
  url: string,
  open: (url: string) => Promise<void>,
): Promise<void> {
  const safe = safeExternalUrl(url);
  if (safe === null) throw new UnsafeUrlError();
  await open(safe);
}
