// Builds the `window.herald` API from the contract over any transport (Electron's ipcRenderer in
// the preload; a test bridge in end-to-end tests). Nothing else crosses into the renderer.
import { INVOKE_CHANNELS, isEventChannel } from './channels';
import type { EventChannel, HeraldApi, IpcResponse } from './contract';

export interface IpcTransport {
  invoke(channel: string, args: unknown): Promise<unknown>;
  /** Subscribes to a main → renderer channel; returns the unsubscribe function. */
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

/** An error from the main process, rebuilt from `{ name, message }`. */
export class IpcError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export function createHeraldApi(transport: IpcTransport): HeraldApi {
  const api: Record<string, Record<string, (args?: unknown) => Promise<unknown>>> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [namespace = '', method = ''] = channel.split(':');
    api[namespace] ??= {};
    api[namespace][method] = async (args?: unknown) => {
      const response = (await transport.invoke(channel, args)) as IpcResponse<unknown>;
      if (response.ok) return response.value;
      throw new IpcError(response.error.name, response.error.message);
    };
  }
  const on = (channel: EventChannel, listener: (payload: never) => void): (() => void) => {
    if (!isEventChannel(channel)) throw new Error(`Unknown event channel "${channel}".`);
    return transport.on(channel, listener as (payload: unknown) => void);
  };
  return Object.freeze({
    ...Object.fromEntries(Object.entries(api).map(([k, v]) => [k, Object.freeze(v)])),
    on,
  }) as unknown as HeraldApi;
}
