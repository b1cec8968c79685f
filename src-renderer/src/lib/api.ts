// The renderer's only door to the app: `window.herald`, built by the preload from the IPC
// contract. Only types come from src-main; nothing from there runs in the renderer.
import type { HeraldApi } from '../../../src-main/ipc/contract';

export type {
  About,
  AppStart,
  EventChannel,
  EventPayload,
  GroupView,
  HeraldApi,
  InboxItemView,
  InboxPage,
  InboxQuery,
  SessionSnapshot,
  SettingsView,
} from '../../../src-main/ipc/contract';

declare global {
  interface Window {
    herald: HeraldApi;
  }
}

/** The preload's API. Throws a sentence a developer can act on when the page runs without it. */
export function herald(): HeraldApi {
  const api = (window as Partial<Window>).herald;
  if (!api) throw new Error('window.herald is missing: this page must be opened by Herald.');
  return api;
}

/** What a rejected call looks like to a person: main sends `{ name, message }`, rebuilt as an Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : String(error);
}
