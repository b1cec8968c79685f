// The preload, for tests: `window.herald` is built by the real `createHeraldApi` (src-main/ipc/
// api.ts) over a transport whose calls cross into this process through `page.exposeBinding`
// and reach the real IPC router, with the page's URL as the sender, as ipcMain would see it.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import type { IpcRouter } from '../../src-main/ipc/router';
import type { PageWindow } from './page-types';

export interface Disposable {
  dispose(): void;
}

/** Main → renderer events, as the app controller fires them. */
export interface BridgeEvents {
  on(listener: (channel: string, payload: unknown) => void): Disposable;
}

const apiModule = resolve(import.meta.dirname, '../../src-main/ipc/api.ts');

/** The page side: `window.herald` over `__heraldInvoke`, plus `__heraldEmit` for events. */
const shimSource = `
import { createHeraldApi } from ${JSON.stringify(apiModule)};

const listeners = new Map();
const transport = {
  invoke: (channel, args) => window.__heraldInvoke(channel, args),
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};
Object.defineProperty(window, 'herald', { value: createHeraldApi(transport), enumerable: true });
Object.defineProperty(window, '__heraldEmit', {
  value(channel, payload) {
    for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
  },
});
`;

let bundled: Promise<string> | undefined;

/** The shim and the generated API as one minified IIFE script, bundled once per test run. */
export function preloadScript(): Promise<string> {
  bundled ??= build({
    stdin: { contents: shimSource, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no preload bundle');
    return file.text;
  });
  return bundled;
}

/**
 * Installs `window.herald` in every document the page loads. Calls go to `router` with the
 * calling frame's URL as the sender; `events` are delivered to the page's listeners in order.
 * Returns what stops the event forwarding.
 */
export async function installBridge(
  page: Page,
  router: IpcRouter,
  events: BridgeEvents,
): Promise<Disposable> {
  await page.exposeBinding('__heraldInvoke', (source, channel: unknown, args: unknown) =>
    router(String(channel), source.frame.url(), args),
  );
  await page.addInitScript({ content: await preloadScript() });
  let queue = Promise.resolve();
  return events.on((channel, payload) => {
    queue = queue
      .then(() =>
        page.evaluate(([c, p]) => (globalThis as unknown as PageWindow).__heraldEmit?.(c, p), [
          channel,
          payload,
        ] as const),
      )
      .catch(() => undefined); // the page navigated or closed; the next document asks afresh
  });
}
