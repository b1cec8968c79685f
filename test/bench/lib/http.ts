// HTTP against the hub from the orchestrator: keep-alive sends with bounded concurrency, the
// hub's /stats, and a tight /healthz poll.
import { Agent, request } from 'node:http';
import { BenchAborted, sleep, wallNow } from './scope';

export interface Sender {
  /** POSTs one notification; resolves with the HTTP status. */
  post(body: unknown): Promise<number>;
  /** POSTs up to 500 `{ target, notification }` items to /api/notifications/batch. */
  postBatch(items: unknown[]): Promise<number>;
  close(): void;
}

/** Signs in `user` and returns its access token. */
export async function accessToken(hubUrl: string, user: string): Promise<string> {
  const response = await fetch(`${hubUrl}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username: user, password: `${user}-pw` }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${user} failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A keep-alive sender to POST /api/notifications with up to `sockets` connections. */
export async function createSender(hubUrl: string, sockets: number): Promise<Sender> {
  const token = await accessToken(hubUrl, 'dispatch');
  const single = new URL('/api/notifications', hubUrl);
  const batch = new URL('/api/notifications/batch', hubUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const send = (url: URL, body: unknown): Promise<number> => {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': payload.length,
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  };
  return {
    post: (body) => send(single, body),
    postBatch: (items) => send(batch, { items }),
    close: () => agent.destroy(),
  };
}

/**
 * Sends `count` items through the batch API, `batchSize` per request and `concurrency` requests
 * in flight. Returns first send / last 202 (wall clock) and items refused.
 */
export async function batchBurst(
  sender: Sender,
  count: number,
  batchSize: number,
  concurrency: number,
  item: (i: number) => unknown,
  signal: AbortSignal,
): Promise<{ firstSendAt: number; lastAcceptedAt: number; failures: number }> {
  let next = 0;
  let failures = 0;
  let lastAcceptedAt = 0;
  const firstSendAt = wallNow();
  const worker = async (): Promise<void> => {
    while (next < count) {
      if (signal.aborted) throw new BenchAborted('aborted');
      const start = next;
      next = Math.min(count, next + batchSize);
      const items = Array.from({ length: next - start }, (_, k) => item(start + k));
      const status = await sender.postBatch(items).catch(() => 0);
      if (status === 202) lastAcceptedAt = wallNow();
      else failures += items.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { firstSendAt, lastAcceptedAt, failures };
}

/** Sends `count` bodies at a steady `perSecond` (open loop: a slow answer never delays the next send). */
export async function paced(
  sender: Sender,
  count: number,
  perSecond: number,
  body: (i: number) => unknown,
  signal: AbortSignal,
): Promise<{ failures: number; lateSends: number; elapsedMs: number }> {
  const interval = 1000 / perSecond;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  let failures = 0;
  let lateSends = 0;
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait, signal);
    if (performance.now() - due > interval) lateSends++;
    pending.push(
      sender.post(body(i)).then(
        (status) => void (status === 202 || failures++),
        () => void failures++,
      ),
    );
  }
  await Promise.all(pending);
  return { failures, lateSends, elapsedMs: performance.now() - start };
}

export interface HubStats {
  connected: number;
  connectsBySecond: Record<string, number>;
}

export async function hubStats(hubUrl: string): Promise<HubStats> {
  const response = await fetch(`${hubUrl}/stats`, { signal: AbortSignal.timeout(5000) });
  return (await response.json()) as HubStats;
}

/** Polls /healthz every `everyMs` until it answers 200; resolves with that moment (wall clock). */
export async function waitHealthy(
  hubUrl: string,
  signal: AbortSignal,
  timeoutMs = 30_000,
  everyMs = 10,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const agent = new Agent({ keepAlive: false });
  try {
    while (Date.now() < deadline) {
      if (signal.aborted) throw new BenchAborted('aborted');
      const ok = await new Promise<boolean>((resolve) => {
        const req = request(`${hubUrl}/healthz`, { agent, timeout: 1000 }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
      });
      if (ok) return wallNow();
      await sleep(everyMs, signal);
    }
  } finally {
    agent.destroy();
  }
  throw new BenchAborted(`the hub did not answer /healthz within ${timeoutMs} ms`);
}
