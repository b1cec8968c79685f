// Fills an inbox directory with `count` notifications of about `bytes` bytes each, through the
// real InboxStore (so the files are exactly what the app writes), then closes it.
//
//   node --import tsx inbox-fill.ts '{"dir":…,"count":50000,"bytes":600,"compact":true}'
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InboxStore } from '../../../src-main/core/inbox/inbox-store';
import { storedNotification } from '../lib/content';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  dir: string;
  count: number;
  bytes: number;
  /** Fold the journal into a snapshot at the end (the steady state of a long-lived inbox). */
  compact: boolean;
}

childSetup(() => undefined);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as Config;
  const t0 = performance.now();
  const store = await InboxStore.open(config.dir);
  // Spread over the last 30 days, newest last, as they would have arrived.
  const base = Date.now() - 30 * 24 * 3600 * 1000;
  const step = (30 * 24 * 3600 * 1000) / config.count / 1000;
  for (let n = 1; n <= config.count; n++) {
    const notification = storedNotification(n, config.bytes, base);
    notification.sentAt = new Date(base + Math.floor(n * step * 1000)).toISOString();
    store.add(notification, { source: 'live', read: n % 3 !== 0 });
  }
  if (config.compact) await store.compact();
  await store.close();
  const bytes = readdirSync(config.dir).reduce(
    (sum, name) => sum + statSync(join(config.dir, name)).size,
    0,
  );
  toParent({ type: 'inbox-filled', items: config.count, bytes, ms: performance.now() - t0 });
  process.exit(0);
}

void main();
