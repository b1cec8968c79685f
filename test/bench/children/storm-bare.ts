// Many bare @microsoft/signalr connections with SignalR's default automatic reconnect
// ([0, 2000, 10000, 30000] ms, then it gives up), for the reconnect storm baseline.
//
//   node --import tsx storm-bare.ts '{"hubUrl":…,"clients":125,"user":"alice"}'
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { accessToken } from '../lib/http';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  hubUrl: string;
  clients: number;
  user: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const now = (): number => performance.timeOrigin + performance.now();
const connectedAt: Array<number | null> = Array.from({ length: config.clients }, () => null);
const connects: number[] = [];
let gaveUp = 0;

childSetup((message) => {
  if (message.type === 'storm-report') {
    toParent({
      type: 'storm-report',
      connectedAt,
      syncedAt: connectedAt.map(() => null),
      connects,
      gaveUp,
      retries: [],
    });
  }
});

async function main(): Promise<void> {
  const token = await accessToken(config.hubUrl, config.user);
  const starts: Array<Promise<void>> = [];
  for (let i = 0; i < config.clients; i++) {
    const connection = new HubConnectionBuilder()
      .withUrl(`${config.hubUrl}/hubs/notifications`, { accessTokenFactory: () => token })
      .withAutomaticReconnect()
      .configureLogging(LogLevel.None)
      .build();
    connection.on('ReceiveNotification', () => undefined);
    connection.onreconnected(() => {
      const at = now();
      connectedAt[i] = at;
      connects.push(at);
    });
    connection.onclose(() => void gaveUp++);
    starts.push(
      connection.start().then(() => {
        const at = now();
        connectedAt[i] = at;
        connects.push(at);
      }),
    );
    if (i % 25 === 24) await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(starts);
  toParent({ type: 'storm-ready', connected: config.clients, at: now() });
}

void main();
