// The baseline: a bare @microsoft/signalr connection (no validation, no store, no policy), in a
// process of its own, receiving what Herald's core receives.
//
//   node --import tsx bare-client.ts '{"hubUrl":…,"user":"alice","mode":"latency"|"ingest"|"reconnect","groups":[…]}'
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { accessToken } from '../lib/http';
import { BurstMeter } from '../lib/burst-meter';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  hubUrl: string;
  user: string;
  mode: 'latency' | 'ingest' | 'reconnect';
  groups?: string[];
}

interface Received {
  cursor: number;
  title: string;
  sentAt: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = (): number => performance.timeOrigin + performance.now();

const cursors: number[] = [];
const sentAts: string[] = [];
const ats: number[] = [];
const burst = new BurstMeter();
let connection: HubConnection | undefined;
let lastCursor = 0;
let syncs = 0;

childSetup((message) => {
  switch (message.type) {
    case 'report':
      toParent({
        type: 'samples',
        samples: { cursors, sentAt: sentAts.map((s) => Date.parse(s)), at: ats },
      });
      break;
    case 'burst-start':
      burst.start(message.expect);
      break;
    case 'burst-progress':
      toParent({ type: 'burst-progress', ...burst.report() });
      break;
    case 'reconnect':
      void start();
      break;
    default:
      break;
  }
});

/** What a plain client does after connecting: join its groups, then catch up. */
async function sync(c: HubConnection): Promise<void> {
  const groups = ['news', ...(config.groups ?? [])];
  for (const group of groups) await c.invoke('Subscribe', group);
  for (;;) {
    const page = await c.invoke<{
      notifications: Array<{ cursor: number }>;
      hasMore: boolean;
      latestCursor: number;
    }>('GetMissed', lastCursor, groups);
    for (const n of page.notifications) lastCursor = Math.max(lastCursor, n.cursor);
    if (!page.hasMore) {
      lastCursor = Math.max(lastCursor, page.latestCursor);
      break;
    }
  }
  syncs++;
  toParent({ type: 'synced', at: now(), joined: groups, caughtUp: 0, count: syncs });
}

async function start(): Promise<void> {
  const token = await accessToken(config.hubUrl, config.user);
  const c = new HubConnectionBuilder()
    .withUrl(`${config.hubUrl}/hubs/notifications`, { accessTokenFactory: () => token })
    .withAutomaticReconnect()
    .configureLogging(LogLevel.None)
    .build();
  connection = c;
  c.on('ReceiveNotification', (n: Received) => {
    const at = now();
    if (config.mode === 'latency') {
      if (n.title.charCodeAt(0) !== 76 /* L */) return;
      ats.push(at);
      cursors.push(n.cursor);
      sentAts.push(n.sentAt);
    } else if (config.mode === 'ingest') {
      if (n.title.charCodeAt(0) !== 73 /* I */) return;
      if (burst.arrived(at)) toParent({ type: 'ingest-done', ...burst.report() });
    }
  });
  c.onreconnected(() => void sync(c).catch(() => undefined));
  c.onclose((error) => {
    toParent({ type: 'closed', at: now(), reason: error?.message ?? 'closed' });
  });
  await c.start();
  await sync(c);
}

void start();
process.on('exit', () => void connection?.stop());
