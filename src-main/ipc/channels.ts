// The names of the IPC channels, without their schemas, for the sandboxed preload: it only
// routes calls, so it need not carry zod. `contract.ts` is checked against these lists at
// compile time, so the two cannot drift apart.

export const INVOKE_CHANNELS = [
  'session:get',
  'session:signIn',
  'session:signOut',
  'session:retryNow',
  'session:dismissGap',
  'inbox:list',
  'inbox:get',
  'inbox:markRead',
  'inbox:markAllRead',
  'inbox:archive',
  'inbox:delete',
  'inbox:acknowledge',
  'groups:list',
  'groups:setSubscriptions',
  'settings:get',
  'settings:update',
  'app:start',
  'app:openExternal',
  'app:openLogFolder',
  'app:about',
] as const;

export const EVENT_CHANNELS = [
  'session:changed',
  'inbox:changed',
  'groups:changed',
  'settings:changed',
  'inbox:reveal',
] as const;

export type InvokeChannelName = (typeof INVOKE_CHANNELS)[number];
export type EventChannelName = (typeof EVENT_CHANNELS)[number];

const invokeNames: ReadonlySet<string> = new Set(INVOKE_CHANNELS);
const eventNames: ReadonlySet<string> = new Set(EVENT_CHANNELS);

export const isInvokeChannel = (channel: string): channel is InvokeChannelName =>
  invokeNames.has(channel);
export const isEventChannel = (channel: string): channel is EventChannelName =>
  eventNames.has(channel);
