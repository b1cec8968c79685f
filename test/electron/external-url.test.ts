import { describe, expect, it } from 'vitest';
import {
  isSafeExternalUrl,
  openExternalSafely,
  safeExternalUrl,
} from '../../src-main/electron/adapters/external-url';

describe('isSafeExternalUrl', () => {
  it.each([
    'https://example.com/',
    'http://intranet.example.com:8080/status?id=7#top',
    'HTTPS://EXAMPLE.COM/path',
  ])('lets %s through', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with a disguise', ' JaVaScRiPt:alert(1)'],
    ['file:', 'file:///etc/passwd'],
    ['a Windows UNC path', '\\\\attacker\\share\\payload.exe'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['mailto:', 'mailto:boss@example.com'],
    ['a custom scheme', 'ms-settings:privacy'],
    ['a relative URL', '/inbox'],
    ['a protocol-relative URL', '//example.com/'],
    ['credentials in the URL', 'https://intranet.example.com@evil.example/'],
    ['an empty string', ''],
    ['something that is not a string', 42],
    ['an overlong URL', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', (_what, url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it('hands out the normalised URL', () => {
    expect(safeExternalUrl('https://Example.com/a b')).toBe('https://example.com/a%20b');
  });
});

describe('openExternalSafely', () => {
  it('opens a web link', async () => {
    const opened: string[] = [];
    await openExternalSafely('https://example.com/x', async (url) => {
      opened.push(url);
    });
    expect(opened).toEqual(['https://example.com/x']);
  });

  it('refuses anything else without calling the opener', async () => {
    const opened: string[] = [];
    await expect(
      openExternalSafely('file:///C:/Windows/System32/calc.exe', async (url) => {
        opened.push(url);
      }),
    ).rejects.toMatchObject({ name: 'UnsafeUrl' });
    expect(opened).toEqual([]);
  });
});
