// The preload of Herald's one window (sandboxed, bundled into out/preload/index.cjs): it exposes
// `window.herald`, built from the IPC contract, and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createHeraldApi } from '../ipc/api';
import { createPreloadTransport } from './transport';

contextBridge.exposeInMainWorld('herald', createHeraldApi(createPreloadTransport(ipcRenderer)));
