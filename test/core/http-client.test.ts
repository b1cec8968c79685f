// SignalR's HTTP under Node: the cookie jar against RFC 6265 cases, and NodeHttpClient against
// real HTTP servers on loopback (a stand-in load balancer that sets an affinity cookie and
// redirects), for cookies, redirects, errors, time-outs and aborts. Negotiating with the real
// hub through it is covered by every test in test/session.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortError, HttpError, NullLogger, TimeoutError } from '@microsoft/signalr';
import { afterEach, describe, expect, it } from 'vitest';
import { CookieJar } from '../../src-main/core/session/cookie-jar';
import { NodeHttpClient } from '../../src-main/core/session/node-http-client';

const T0 = Date.parse('2026-11-24T12:00:00Z');

describe('the cookie jar', () => {
  it('sends back what a host set, to that host and port only', () => {
    const jar = new CookieJar(() => T0);
    jar.store('http://hub.example:5000/hubs/notifications/negotiate', ['affinity=abc; HttpOnly']);
    expect(jar.cookieHeader('http://hub.example:5000/hubs/notifications/negotiate')).toBe(
      'affinity=abc',
    );
    // The WebSocket to the same origin.
    expect(jar.cookieHeader('ws://hub.example:5000/hubs/notifications?id=1')).toBe('affinity=abc');
    expect(jar.cookieHeader('http://hub.example:5001/hubs/notifications')).toBe('');
    expect(jar.cookieHeader('http://other.example:5000/hubs/notifications')).toBe('');
  });

  it('defaults the path to the directory of the request and matches paths as RFC 6265 does', () => {
    const jar = new CookieJar(() => T0);
    jar.store('http://h/hubs/notifications/negotiate', ['a=1']);
    jar.store('http://h/', ['root=2; Path=/']);
    jar.store('http://h/', ['odd=3; Path=/hubs/notif']);
    expect(jar.cookieHeader('http://h/hubs/notifications')).toBe('a=1; root=2');
    expect(jar.cookieHeader('http://h/hubs/notifications/x')).toBe('a=1; root=2');
    expect(jar.cookieHeader('http://h/hubs/notif/y')).toBe('odd=3; root=2');
    expect(jar.cookieHeader('http://h/auth/token')).toBe('root=2');
  });

  it('expires cookies by Max-Age (which wins over Expires) and deletes them with a past date', () => {
    let now = T0;
    const jar = new CookieJar(() => now);
    jar.store('http://h/', [
      'short=1; Max-Age=60; Expires=Wed, 01 Jan 2098 00:00:00 GMT',
      'long=2; Expires=Wed, 01 Jan 2098 00:00:00 GMT; Max-Age=3600',
      'session=3',
    ]);
    expect(jar.cookieHeader('http://h/')).toBe('short=1; long=2; session=3');
    now = T0 + 61_000;
    expect(jar.cookieHeader('http://h/')).toBe('long=2; session=3');
    jar.store('http://h/', ['long=; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'session=; Max-Age=0']);
    expect(jar.cookieHeader('http://h/')).toBe('');
  });

  it('replaces a cookie of the same name and path, and keeps Secure cookies off plain http', () => {
    const jar = new CookieJar(() => T0);
    jar.store('https://h/', ['a=1; Secure', 'b=1']);
    jar.store('https://h/', ['b=2']);
    expect(jar.cookieHeader('https://h/')).toBe('a=1; b=2');
    expect(jar.cookieHeader('wss://h/')).toBe('a=1; b=2');
    jar.store('http://plain/', ['s=1; Secure']);
    expect(jar.cookieHeader('http://plain/')).toBe('');
  });

  it('skips what cannot be sent back verbatim, and keeps a bounded number', () => {
    const jar = new CookieJar(() => T0);
    jar.store('http://h/', ['noequals', '=novalue', 'bad name=1', 'ctl=a\u0001b', 'ok=1']);
    expect(jar.cookieHeader('http://h/')).toBe('ok=1');
    jar.store(
      'http://h/',
      Array.from({ length: 80 }, (_, i) => `c${i}=${i}`),
    );
    expect(jar.cookieHeader('http://h/').split('; ')).toHaveLength(50);
    jar.store('http://h/', [`big=${'x'.repeat(5000)}`]);
    expect(jar.cookieHeader('http://h/')).not.toContain('big=');
    // Other schemes have no cookies.
    jar.store('file:///x', ['f=1']);
    expect(jar.cookieHeader('file:///x')).toBe('');
  });
});

describe('NodeHttpClient', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function serve(
    handler: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<string> {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('keeps an affinity cookie set on a redirect and sends it with later requests', async () => {
    const seen: Array<{ url: string; cookie: string | undefined; auth: string | undefined }> = [];
    const base = await serve((request, response) => {
      seen.push({
        url: request.url ?? '',
        cookie: request.headers.cookie,
        auth: request.headers.authorization,
      });
      if (request.url === '/negotiate') {
        response.writeHead(307, { location: '/negotiate-here', 'set-cookie': 'lb=node-2; Path=/' });
        response.end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
      }
    });
    const client = new NodeHttpClient(NullLogger.instance);
    const answer = await client.post(`${base}/negotiate`, {
      content: 'x',
      headers: { Authorization: 'Bearer t' },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.content).toBe('{"ok":true}');
    await client.get(`${base}/again`);
    expect(seen).toEqual([
      { url: '/negotiate', cookie: undefined, auth: 'Bearer t' },
      { url: '/negotiate-here', cookie: 'lb=node-2', auth: 'Bearer t' },
      { url: '/again', cookie: 'lb=node-2', auth: undefined },
    ]);
    expect(client.getCookieString(`${base.replace('http', 'ws')}/hubs/notifications`)).toBe(
      'lb=node-2',
    );
  });

  it('does not carry the Authorization header to another origin', async () => {
    const seenThere: Array<string | undefined> = [];
    const there = await serve((request, response) => {
      seenThere.push(request.headers.authorization);
      response.end('there');
    });
    const here = await serve((_request, response) => {
      response.writeHead(302, { location: `${there}/landing` });
      response.end();
    });
    const client = new NodeHttpClient(NullLogger.instance);
    const answer = await client.get(`${here}/start`, { headers: { Authorization: 'Bearer t' } });
    expect(answer.content).toBe('there');
    expect(seenThere).toEqual([undefined]);
  });

  it('turns a failed status into HttpError, and times out or aborts as asked', async () => {
    const base = await serve((request, response) => {
      if (request.url === '/slow') return; // never answers
      response.writeHead(401);
      response.end('token expired');
    });
    const client = new NodeHttpClient(NullLogger.instance);
    const refused = await client.get(`${base}/x`).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused).toMatchObject({ statusCode: 401 });
    expect(String(refused)).toContain('token expired');

    await expect(client.get(`${base}/slow`, { timeout: 100 })).rejects.toBeInstanceOf(TimeoutError);

    // SignalR's own abort signal: a flag and an onabort hook.
    const signal: { aborted: boolean; onabort: (() => void) | null } = {
      aborted: false,
      onabort: null,
    };
    const pending = client.get(`${base}/slow`, { abortSignal: signal });
    setTimeout(() => {
      signal.aborted = true;
      signal.onabort?.();
    }, 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    signal.aborted = true;
    await expect(client.get(`${base}/x`, { abortSignal: signal })).rejects.toBeInstanceOf(
      AbortError,
    );
  });
});
