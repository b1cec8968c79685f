import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('herald', Object.freeze({ platform: process.platform }));
