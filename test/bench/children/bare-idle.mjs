// Baseline for idle memory: plain Node (no tsx) with a bare @microsoft/signalr connection that
// joined its group and then sits idle. Prints one JSON line when connected, like `herald listen`.
//
//   node bare-idle.mjs <hubUrl> <user>
import { HubConnectionBuilder, LogLevel } from '@microsoft/signalr';

const [hubUrl, user] = process.argv.slice(2);
const response = await fetch(`${hubUrl}/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'password', username: user, password: `${user}-pw` }),
});
const { access_token: token } = await response.json();
const connection = new HubConnectionBuilder()
  .withUrl(`${hubUrl}/hubs/notifications`, { accessTokenFactory: () => token })
  .withAutomaticReconnect()
  .configureLogging(LogLevel.None)
  .build();
connection.on('ReceiveNotification', () => undefined);
await connection.start();
await connection.invoke('Subscribe', 'news');
process.stdout.write(`${JSON.stringify({ type: 'synced' })}\n`);
process.on('SIGTERM', () => void connection.stop().finally(() => process.exit(0)));
