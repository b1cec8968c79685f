// Many Herald sessions in one process for the reconnect storm: each a real HubSupervisor (default
// options, so the real Backoff) and HubSession over a small in-memory SessionInbox. One sign-in
// per process; every session shares its token.
//
//   node --import tsx storm-herald.ts '{"hubUrl":…,"clients":125,"user":"alice"}'
import { TokenClient } from '../../../src-main/core/auth/token-client';
import type { TokenSource } from '../../../src-main/core/auth/token-source';
import type { Notification } from '../../../src-main/core/schema/notification';
import { Backoff, type BackoffOptions } from '../../../src-main/core/session/backoff';
import { HubSession } from '../../../src-main/core/session/hub-session';
import { HubSupervisor } from '../../../src-main/core/session/hub-supervisor';
import type {
  IngestSource,
  OutboxEntry,
  RemoteChange,
  SessionInbox,
} from '../../../src-main/core/session/ports';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  hubUrl: string;
  clients: number;
  user: string;
  /** Experiments only (BENCH_BACKOFF): the app uses HubSupervisor's default Backoff. */
  backoff?: BackoffOptions;
}

/** Just enough inbox for a session: ids for dedup, the cursor and the chosen groups. */
class MemoryInbox implements SessionInbox {
  readonly #ids = new Set<string>();
  lastCursor = 0;
  desiredGroups: readonly string[] = [];

  add(notification: Notification, meta: { source: IngestSource; read?: boolean }) {
    if (this.#ids.has(notification.id)) return undefined;
    this.#ids.add(notification.id);
    return { ...notification, read: meta.read ?? false };
  }

  setLastCursor(cursor: number, options?: { reset?: boolean }): void {
    if (cursor > this.lastCursor || options?.reset) this.lastCursor = cursor;
  }

  setDesiredGroups(groups: readonly string[]): void {
    this.desiredGroups = [...groups];
  }

  applyRemote(_change: RemoteChange): void {
    // nothing to keep
  }

  outbox(): readonly OutboxEntry[] {
    return [];
  }

  completeOutbox(_seq: number): unknown {
    return undefined;
  }
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = (): number => performance.timeOrigin + performance.now();
const connectedAt: Array<number | null> = Array.from({ length: config.clients }, () => null);
const syncedAt: Array<number | null> = Array.from({ length: config.clients }, () => null);
const connects: number[] = [];
const retries: number[] = [];
let ready = false;

childSetup((message) => {
  if (message.type === 'storm-report') {
    toParent({ type: 'storm-report', connectedAt, syncedAt, connects, gaveUp: 0, retries });
  }
});

async function main(): Promise<void> {
  const client = new TokenClient({ hubUrl: config.hubUrl });
  const tokens = await client.signIn(config.user, `${config.user}-pw`);
  const shared: TokenSource = {
    getAccessToken: () => Promise.resolve(tokens.accessToken),
    refresh: () => Promise.resolve(tokens.accessToken),
  };
  for (let i = 0; i < config.clients; i++) {
    const supervisor = new HubSupervisor({
      hubUrl: config.hubUrl,
      tokens: shared,
      ...(config.backoff ? { backoff: new Backoff(config.backoff) } : {}),
    });
    const session = new HubSession({ supervisor, inbox: new MemoryInbox() });
    let lastRetryAt: number | null = null;
    supervisor.onDidChangeState(({ nextRetryAt }) => {
      // One retry can be announced twice (SignalR's onreconnecting follows the delay callback).
      if (nextRetryAt !== null && nextRetryAt !== lastRetryAt) retries.push(nextRetryAt);
      lastRetryAt = nextRetryAt;
    });
    supervisor.onDidConnect(() => {
      const at = now();
      connectedAt[i] = at;
      connects.push(at);
    });
    session.onDidSync(() => {
      syncedAt[i] = now();
      if (!ready && syncedAt.every((t) => t !== null)) {
        ready = true;
        toParent({ type: 'storm-ready', connected: config.clients, at: now() });
      }
    });
    supervisor.start();
    // A few at a time, so the first connect is not itself a storm.
    if (i % 25 === 24) await new Promise((r) => setTimeout(r, 100));
  }
}

void main();
