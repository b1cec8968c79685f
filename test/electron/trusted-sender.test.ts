import { describe, expect, it } from 'vitest';
import {
  createTrustedSenderCheck,
  senderUrlOf,
} from '../../src-main/electron/adapters/trusted-sender';
import {
  contentSecurityPolicy,
  createRequestFilter,
  mayNavigate,
} from '../../src-main/electron/adapters/web-security';
import { RENDERER_PAGE_URL } from '../../src-main/electron/app-identity';

describe('isTrustedSender', () => {
  const packaged = createTrustedSenderCheck({ rendererUrl: RENDERER_PAGE_URL });

  it.each([
    'app://herald/index.html',
    'app://herald/index.html#/settings',
    'app://herald/index.html?view=inbox',
    'app://herald/',
  ])('trusts the renderer page %s', (url) => {
    expect(packaged(url)).toBe(true);
  });

  it.each([
    ['another page of the app', 'app://herald/other.html'],
    ['another host on the app scheme', 'app://evil/index.html'],
    ['a web page', 'https://evil.example/index.html'],
    ['a file', 'file:///work/out/renderer/index.html'],
    ['about:blank', 'about:blank'],
    ['devtools', 'devtools://devtools/bundled/devtools_app.html'],
    ['a data URL', 'data:text/html,hello'],
    ['no URL (a subframe or a gone frame)', ''],
    ['garbage', 'not a url'],
  ])('does not trust %s', (_what, url) => {
    expect(packaged(url)).toBe(false);
  });

  it('trusts the dev server in development, and only it', () => {
    const dev = createTrustedSenderCheck({
      rendererUrl: RENDERER_PAGE_URL,
      devServerUrl: 'http://localhost:5173/',
    });
    expect(dev('http://localhost:5173/')).toBe(true);
    expect(dev('http://localhost:5173/index.html#/inbox')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('https://localhost:5173/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
    expect(packaged('http://localhost:5173/')).toBe(false);
  });

  it('works for a file:// renderer page too, matching the exact file', () => {
    const file = createTrustedSenderCheck({
      rendererUrl: 'file:///opt/Herald/resources/app.asar/out/renderer/index.html',
    });
    expect(file('file:///opt/Herald/resources/app.asar/out/renderer/index.html#/x')).toBe(true);
    expect(file('file:///opt/Herald/resources/app.asar/out/renderer/../renderer/index.html')).toBe(
      true,
    );
    expect(file('file:///tmp/index.html')).toBe(false);
    expect(file('file://evil-host/opt/Herald/resources/app.asar/out/renderer/index.html')).toBe(
      false,
    );
  });
});

describe('senderUrlOf', () => {
  it('judges top-level frames by their URL and refuses subframes and gone frames', () => {
    expect(senderUrlOf({ url: 'app://herald/index.html', parent: null })).toBe(
      'app://herald/index.html',
    );
    expect(senderUrlOf({ url: 'app://herald/index.html', parent: {} })).toBe('');
    expect(senderUrlOf(null)).toBe('');
  });
});

describe('mayNavigate', () => {
  it('allows a reload and a fragment change, nothing else', () => {
    expect(mayNavigate('app://herald/index.html', 'app://herald/index.html')).toBe(true);
    expect(mayNavigate('app://herald/index.html', 'app://herald/index.html#/settings')).toBe(true);
    expect(mayNavigate('app://herald/index.html', 'https://evil.example/')).toBe(false);
    expect(mayNavigate('app://herald/index.html', 'app://herald/other.html')).toBe(false);
    expect(mayNavigate('app://herald/index.html', 'file:///etc/passwd')).toBe(false);
    expect(mayNavigate('', 'app://herald/index.html')).toBe(false);
  });
});

describe('createRequestFilter', () => {
  const packaged = createRequestFilter({ appScheme: 'app', appHost: 'herald' });
  const dev = createRequestFilter({
    appScheme: 'app',
    appHost: 'herald',
    devServerUrl: 'http://localhost:5173',
    allowDevTools: true,
  });

  it('lets the app’s own resources through', () => {
    expect(packaged('app://herald/assets/index-abc.js')).toBe(true);
    expect(packaged('data:image/png;base64,AAAA')).toBe(true);
  });

  it('blocks the web, files, other hosts and DevTools in a packaged app', () => {
    expect(packaged('https://example.com/track.gif')).toBe(false);
    expect(packaged('file:///etc/passwd')).toBe(false);
    expect(packaged('app://other/index.html')).toBe(false);
    expect(packaged('devtools://devtools/bundled/devtools_app.html')).toBe(false);
    expect(packaged('ws://localhost:5173/')).toBe(false);
  });

  it('lets the dev server, its hot-reload socket and DevTools through in development', () => {
    expect(dev('http://localhost:5173/src/main.ts')).toBe(true);
    expect(dev('ws://localhost:5173/?token=x')).toBe(true);
    expect(dev('devtools://devtools/bundled/devtools_app.html')).toBe(true);
    expect(dev('http://localhost:8080/')).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('lets the packaged page load only its own scripts and connect nowhere', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it('opens the hot-reload socket in development', () => {
    expect(contentSecurityPolicy('http://localhost:5173')).toContain(
      "connect-src 'self' ws://localhost:5173",
    );
  });
});
