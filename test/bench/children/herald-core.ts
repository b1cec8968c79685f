// Herald's real core in a process of its own: supervisor + session + a real InboxStore in a
// temporary directory + the real ToastPolicy (default settings) behind a ToastSink wrapper that
// records when each notification was handed over, with a Notifier that only counts.
//
//   node --import tsx herald-core.ts '{"hubUrl":…,"user":"alice","mode":"latency"|"ingest"|"reconnect","groups":[…]}'
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenClient } from '../../../src-main/core/auth/token-client';
import { RefreshingTokenSource } from '../../../src-main/core/auth/token-source';
import { InboxStore } from '../../../src-main/core/inbox/inbox-store';
import { Backoff, type BackoffOptions } from '../../../src-main/core/session/backoff';
import { HubSession } from '../../../src-main/core/session/hub-session';
import { HubSupervisor } from '../../../src-main/core/session/hub-supervisor';
import type { ToastSink } from '../../../src-main/core/session/ports';
import { defaultSettings } from '../../../src-main/core/settings/settings';
import type { Notifier } from '../../../src-main/core/toast/notifier';
import { systemToastClock, ToastPolicy } from '../../../src-main/core/toast/toast-policy';
import { BurstMeter } from '../lib/burst-meter';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  hubUrl: string;
  user: string;
  mode: 'latency' | 'ingest' | 'reconnect';
  groups?: string[];
  /** Diagnostics only: the app keeps HubSupervisor's default (stateful reconnect on). */
  statefulReconnect?: boolean;
  /** Experiments only (BENCH_BACKOFF): the app uses HubSupervisor's default Backoff. */
  backoff?: BackoffOptions;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = (): number => performance.timeOrigin + performance.now();

// Latency samples, as parallel arrays (no per-notification objects on the hot path).
const cursors: number[] = [];
const sentAts: string[] = [];
const ats: number[] = [];

// Ingest bookkeeping.
const burst = new BurstMeter();

const toasts = { count: 0, singles: 0, summaries: 0, offered: 0 };
const notifier: Notifier = {
  show(request) {
    toasts.count++;
    if (request.kind === 'single') toasts.singles++;
    else toasts.summaries++;
  },
};

childSetup((message) => {
  switch (message.type) {
    case 'report': {
      const sentAt = sentAts.map((s) => Date.parse(s));
      toParent({ type: 'samples', samples: { cursors, sentAt, at: ats } });
      break;
    }
    case 'burst-start':
      burst.start(message.expect);
      break;
    case 'burst-progress':
      toParent({ type: 'burst-progress', ...burst.report() });
      break;
    case 'toasts':
      toParent({ type: 'toasts', ...toasts });
      break;
    default:
      break;
  }
});

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'herald-bench-core-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const inbox = await InboxStore.open(dataDir);
  if (config.groups) inbox.setDesiredGroups(config.groups);
  const client = new TokenClient({ hubUrl: config.hubUrl });
  const password = `${config.user}-pw`;
  const tokens = new RefreshingTokenSource({
    client,
    signIn: () => client.signIn(config.user, password),
  });
  const supervisor = new HubSupervisor({
    hubUrl: config.hubUrl,
    tokens,
    ...(config.backoff ? { backoff: new Backoff(config.backoff) } : {}),
    ...(config.statefulReconnect === undefined
      ? {}
      : { statefulReconnect: config.statefulReconnect }),
  });
  const policy = new ToastPolicy({
    notifier,
    settings: () => defaultSettings,
    clock: systemToastClock,
  });
  const sink: ToastSink = {
    offer(notification, context) {
      const outcome = policy.offer(notification, context);
      if (config.mode === 'latency' && notification.title.charCodeAt(0) === 76 /* L */) {
        ats.push(now());
        cursors.push(notification.cursor);
        sentAts.push(notification.sentAt);
      }
      toasts.offered++;
      return outcome;
    },
    beginCatchUp: () => policy.beginCatchUp(),
    endCatchUp: () => policy.endCatchUp(),
  };
  const session = new HubSession({ supervisor, inbox, toasts: sink });
  if (config.mode === 'ingest') {
    session.onDidReceive(({ notification }) => {
      if (notification.title.charCodeAt(0) !== 73 /* I */) return;
      if (burst.arrived(now())) toParent({ type: 'ingest-done', ...burst.report() });
    });
  }
  let connects = 0;
  supervisor.onDidConnect(() => {
    connects++;
    toParent({ type: 'connected', at: now(), count: connects });
  });
  let syncs = 0;
  session.onDidSync(({ joined, caughtUp }) => {
    syncs++;
    toParent({ type: 'synced', at: now(), joined, caughtUp, count: syncs });
  });
  supervisor.start();
}

void main();
