// The contract's invoke channels on ipcMain, each through the router (sender, then arguments).
import { ipcMain } from 'electron';
import { toDisposable, type Disposable } from '../../core/base/lifecycle';
import { invokeChannels } from '../../ipc/contract';
import type { IpcRouter } from '../../ipc/router';
import { senderUrlOf } from '../adapters/trusted-sender';

export function registerIpc(router: IpcRouter): Disposable {
  const channels = Object.keys(invokeChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, (event, args: unknown) =>
      router(channel, senderUrlOf(event.senderFrame), args),
    );
  }
  return toDisposable(() => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  });
}
