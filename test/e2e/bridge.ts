// The preload, for tests: `window.herald` is built by the real `createHeraldApi` (src-main/ipc/
// api.ts) over a transport whose calls cross into this process through a Chrome DevTools
// Protocol binding and reach the real IPC router, with the calling frame's URL as the sender, as
// ipcMain would see it.
//
// Requests, answers and events cross as JSON text. Electron's IPC carries them by structured
// clone, which for these plain objects costs about what JSON does. The binding is driven over a
// CDP session of its own rather than playwright's `exposeBinding`, whose answers go through
// playwright's injected helper script: it serialises object by object (35-75 ms for a 50-item
// page) and is compiled in the page on the first answer, which cost the first call 100-250 ms
// that no Electron window pays.
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
import type { IpcRouter } from '../../src-main/ipc/router';

export interface Disposable {
  dispose(): void;
}

/** Main → renderer events, as the app controller fires them. */
export interface BridgeEvents {
  on(listener: (channel: string, payload: unknown) => void): Disposable;
}

const apiModule = resolve(import.meta.dirname, '../../src-main/ipc/api.ts');
/** The CDP binding requests leave the page through. */
const BINDING = '__heraldSend';

/**
 * The page side: `window.herald` over `__heraldInvoke` (a request with an id through the
 * `__heraldSend` binding; the answer comes back through `__heraldDeliver`), plus `__heraldEmit`
 * for events.
 */
const shimSource = `
import { createHeraldApi } from ${JSON.stringify(apiModule)};

const pending = new Map();
let lastId = 0;
Object.defineProperty(window, '__heraldDeliver', {
  value(id, json) {
    const resolve = pending.get(id);
    pending.delete(id);
    resolve?.(json);
  },
});
// Writable: the renderer benchmark wraps it to time each call.
window.__heraldInvoke = (channel, args) =>
  new Promise((resolve) => {
    const id = ++lastId;
    pending.set(id, resolve);
    window.${BINDING}(JSON.stringify({ id, channel, args }));
  });

const listeners = new Map();
const transport = {
  invoke: async (channel, args) => JSON.parse(await window.__heraldInvoke(channel, args)),
  on(channel, listener) {
    let set = listeners.get(channel);
    if (!set) listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
};
Object.defineProperty(window, 'herald', { value: createHeraldApi(transport), enumerable: true });
Object.defineProperty(window, '__heraldEmit', {
  value(channel, json) {
    const payload = json === undefined ? undefined : JSON.parse(json);
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

interface FrameTree {
  frame: { id: string; url: string; urlFragment?: string };
  childFrames?: FrameTree[];
}

/**
 * Installs `window.herald` in every document the page loads. Calls go to `router` with the
 * calling frame's URL as the sender; `events` are delivered to the page's listeners in order.
 * Returns what stops the bridge.
 */
export async function installBridge(
  page: Page,
  router: IpcRouter,
  events: BridgeEvents,
): Promise<Disposable> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  /** The frame each execution context belongs to, and each frame's URL, as the page reports. */
  const frameOfContext = new Map<number, string>();
  const urlOfFrame = new Map<string, string>();
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    const frameId = (context.auxData as { frameId?: unknown } | undefined)?.frameId;
    if (typeof frameId === 'string') frameOfContext.set(context.id, frameId);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    frameOfContext.delete(executionContextId);
  });
  cdp.on('Runtime.executionContextsCleared', () => frameOfContext.clear());
  cdp.on('Page.frameNavigated', ({ frame }) => {
    urlOfFrame.set(frame.id, frame.url + (frame.urlFragment ?? ''));
  });
  cdp.on('Page.navigatedWithinDocument', ({ frameId, url }) => urlOfFrame.set(frameId, url));
  cdp.on('Page.frameDetached', ({ frameId }) => urlOfFrame.delete(frameId));

  /** The URL of the frame a context belongs to; empty (untrusted) when unknown. */
  const senderUrl = (contextId: number): string => {
    const frameId = frameOfContext.get(contextId);
    return (frameId === undefined ? undefined : urlOfFrame.get(frameId)) ?? '';
  };

  cdp.on('Runtime.bindingCalled', ({ name, payload, executionContextId }) => {
    if (name !== BINDING) return;
    void (async () => {
      const request = JSON.parse(payload) as { id: number; channel: unknown; args: unknown };
      const response = await router(
        String(request.channel),
        senderUrl(executionContextId),
        request.args,
      );
      await cdp.send('Runtime.evaluate', {
        contextId: executionContextId,
        expression: `window.__heraldDeliver(${Number(request.id)}, ${JSON.stringify(JSON.stringify(response))})`,
      });
    })().catch(() => undefined); // the page navigated or closed: nobody waits for the answer
  });
  await cdp.send('Runtime.enable');
  await cdp.send('Page.enable');
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: FrameTree };
  const learn = (tree: FrameTree): void => {
    urlOfFrame.set(tree.frame.id, tree.frame.url + (tree.frame.urlFragment ?? ''));
    for (const child of tree.childFrames ?? []) learn(child);
  };
  learn(frameTree);
  await cdp.send('Runtime.addBinding', { name: BINDING });
  await page.addInitScript({ content: await preloadScript() });

  let queue = Promise.resolve();
  const forwarding = events.on((channel, payload) => {
    const json = payload === undefined ? 'undefined' : JSON.stringify(JSON.stringify(payload));
    queue = queue
      .then(() =>
        cdp.send('Runtime.evaluate', {
          expression: `window.__heraldEmit?.(${JSON.stringify(channel)}, ${json})`,
        }),
      )
      .then(
        () => undefined,
        () => undefined, // the page navigated or closed; the next document asks afresh
      );
  });
  return {
    dispose() {
      forwarding.dispose();
      void cdp.detach().catch(() => undefined);
    },
  };
}
