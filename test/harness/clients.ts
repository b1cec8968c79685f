// Bare @microsoft/signalr connections to the reference hub, recording what each receives.
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { HubProcess } from './hub';

export interface Received {
  method: string;
  args: unknown[];
}

export interface TestClient {
  user: string;
  connection: HubConnection;
  connectionId: string;
  received: Received[];
  /** Notifications received through ReceiveNotification, in arrival order. */
  notifications(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

const serverMethods = [
  'ReceiveNotification',
  'Acknowledged',
  'ReadStateChanged',
  'Retracted',
  'GroupsChanged',
];

export async function connectClient(hub: HubProcess, user: string): Promise<TestClient> {
  const { access_token } = await hub.token(user);
  const connection = new HubConnectionBuilder()
    .withUrl(`${hub.url}/hubs/notifications`, { accessTokenFactory: () => access_token })
    .configureLogging(LogLevel.None)
    .build();
  const received: Received[] = [];
  for (const method of serverMethods) {
    connection.on(method, (...args: unknown[]) => received.push({ method, args }));
  }
  await connection.start();
  const connectionId = connection.connectionId;
  if (!connectionId) throw new Error('connected without a connection id');
  return {
    user,
    connection,
    connectionId,
    received,
    notifications: () =>
      received
        .filter((r) => r.method === 'ReceiveNotification')
        .map((r) => r.args[0] as Record<string, unknown>),
    stop: () => connection.stop(),
  };
}

/** Resolves once `predicate` holds, polling every 20 ms; rejects with `what` after `ms`. */
export async function waitFor(predicate: () => boolean, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lets in-flight messages arrive, so a test can assert that nothing more came. */
export function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
