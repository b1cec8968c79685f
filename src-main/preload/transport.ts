// The IpcTransport over Electron's ipcRenderer, narrowed to the contract's channels. The
// renderer never sees ipcRenderer, nor the IPC event (whose `sender` is ipcRenderer itself).
import type { IpcTransport } from '../ipc/api';
import { isEventChannel, isInvokeChannel } from '../ipc/channels';

/** The part of Electron's `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createPreloadTransport(ipc: IpcRendererLike): IpcTransport {
  return {
    invoke(channel, args) {
      if (!isInvokeChannel(channel))
        return Promise.reject(new Error(`Unknown IPC channel "${channel}".`));
      return ipc.invoke(channel, args);
    },
    on(channel, listener) {
      if (!isEventChannel(channel)) throw new Error(`Unknown event channel "${channel}".`);
      const forward = (_event: unknown, payload: unknown): void => listener(payload);
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    },
  };
}
