import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createHeraldApi } from '../../src-main/ipc/api';
import { createPreloadTransport, type IpcRendererLike } from '../../src-main/preload/transport';

/** Stands in for ipcRenderer: our IpcRendererLike over a Node emitter. */
class FakeIpcRenderer extends EventEmitter implements IpcRendererLike {
  readonly invoked: Array<[string, unknown[]]> = [];
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, args]);
    return { ok: true, value: 'pong' };
  }
  /** What Electron does: the event object first, with `sender` being ipcRenderer itself. */
  deliver(channel: string, payload: unknown): void {
    this.emit(channel, { sender: this }, payload);
  }
}

describe('the preload transport', () => {
  it('invokes contract channels with one argument', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createHeraldApi(createPreloadTransport(ipc));
    await expect(api.inbox.markRead({ ids: ['a'], read: true })).resolves.toBe('pong');
    expect(ipc.invoked).toEqual([['inbox:markRead', [{ ids: ['a'], read: true }]]]);
  });

  it('refuses channels outside the contract', async () => {
    const ipc = new FakeIpcRenderer();
    const transport = createPreloadTransport(ipc);
    await expect(transport.invoke('__ELECTRON_LOG__', {})).rejects.toThrow(/Unknown IPC channel/);
    expect(() => transport.on('__ELECTRON_LOG__', () => undefined)).toThrow(/Unknown event/);
    expect(ipc.invoked).toEqual([]);
  });

  it('hands listeners the payload only, never the event or ipcRenderer', () => {
    const ipc = new FakeIpcRenderer();
    const api = createHeraldApi(createPreloadTransport(ipc));
    const received: unknown[][] = [];
    const unsubscribe = api.on('inbox:reveal', (...args: unknown[]) => received.push(args));
    ipc.deliver('inbox:reveal', { id: 'n-1' });
    expect(received).toEqual([[{ id: 'n-1' }]]);
    unsubscribe();
    ipc.deliver('inbox:reveal', { id: 'n-2' });
    expect(received).toHaveLength(1);
    expect(ipc.listenerCount('inbox:reveal')).toBe(0);
  });
});
