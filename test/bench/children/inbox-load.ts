// A fresh process opening an inbox: `load` times InboxStore.open + the first page;
// `append` opens it and then times `appends` single add() calls.
//
//   node --import tsx inbox-load.ts '{"dir":…,"mode":"load"|"append","appends":1000}'
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InboxStore } from '../../../src-main/core/inbox/inbox-store';
import { storedNotification } from '../lib/content';
import { childSetup, toParent } from '../lib/protocol';

interface Config {
  dir: string;
  mode: 'load' | 'append';
  appends?: number;
  bytes?: number;
}

childSetup(() => undefined);

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as Config;
  if (config.mode === 'load') {
    const t0 = performance.now();
    const store = await InboxStore.open(config.dir);
    const t1 = performance.now();
    const page = store.list({ limit: 50 });
    const t2 = performance.now();
    if (page.items.length !== 50) throw new Error(`the first page has ${page.items.length} items`);
    // The floor: only reading the same files into fresh buffers (they are in the page cache).
    const t3 = performance.now();
    let bytes = 0;
    for (const name of readdirSync(config.dir))
      bytes += readFileSync(join(config.dir, name)).length;
    const readMs = performance.now() - t3;
    toParent({
      type: 'inbox-loaded',
      openMs: t1 - t0,
      listMs: t2 - t1,
      totalMs: t2 - t0,
      items: store.size,
      readMs,
      bytes,
    });
    await store.close();
    process.exit(0);
  }
  const store = await InboxStore.open(config.dir);
  const durations: number[] = [];
  const first = store.size + 1_000_000;
  const base = Date.now();
  for (let i = 0; i < (config.appends ?? 1000); i++) {
    const notification = storedNotification(first + i, config.bytes ?? 600, base);
    const t0 = performance.now();
    store.add(notification, { source: 'live' });
    durations.push(performance.now() - t0);
    // Let the store's background work (validation slices, fsync) run between arrivals, as live.
    await new Promise((r) => setImmediate(r));
  }
  toParent({ type: 'inbox-appended', durations, size: store.size });
  await store.close();
  process.exit(0);
}

void main();
