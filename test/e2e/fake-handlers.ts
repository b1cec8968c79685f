// A stand-in for the app controller in the renderer-only checks (a 50 000-item inbox, links that
// are not http): main's handlers reduced to an in-memory list. The full flows use the real core.
import type {
  GroupView,
  InboxItemView,
  InboxPage,
  SessionSnapshot,
  SettingsView,
} from '../../src-main/ipc/contract';
import type { IpcHandlers } from '../../src-main/ipc/router';
import type { BridgeEvents } from './bridge';
import { defaultSettings } from '../../src-main/core/settings/settings';

export interface FakeBackend {
  handlers: IpcHandlers;
  events: BridgeEvents;
  /** Every `app.openExternal` a handler received. */
  opened: string[];
}

export function fakeItem(n: number, overrides: Partial<InboxItemView> = {}): InboxItemView {
  return {
    id: `item-${n}`,
    cursor: n,
    title: `Notification #${n}`,
    body: `Body of notification ${n}.`,
    severity: n % 10 === 0 ? 'critical' : n % 3 === 0 ? 'warning' : 'info',
    sentAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(),
    sender: { id: 'dispatch', displayName: 'Dispatch' },
    target: { kind: 'user' },
    url: null,
    actions: [],
    requireAck: false,
    expiresAt: null,
    tags: [],
    read: false,
    acknowledged: false,
    archived: false,
    receivedAt: Date.UTC(2026, 0, 1) + n * 60_000,
    source: 'live',
    ...overrides,
  };
}

export interface FakeOptions {
  session?: Partial<SessionSnapshot>;
  settings?: Partial<SettingsView>;
  groups?: GroupView[];
}

/** Items are given oldest first (as they arrive) and listed newest first. */
export function createFakeBackend(items: InboxItemView[], options: FakeOptions = {}): FakeBackend {
  const opened: string[] = [];
  const listeners = new Set<(channel: string, payload: unknown) => void>();
  const newestFirst = [...items].reverse();
  const unread = () => newestFirst.filter((i) => !i.read && !i.archived).length;
  const snapshot = (): SessionSnapshot => ({
    signedIn: true,
    user: { id: 'alice', displayName: 'Alice Martin' },
    hubUrl: 'https://hub.example.com',
    hubUrlLocked: false,
    state: 'connected',
    reason: null,
    nextRetryAt: null,
    gap: null,
    unreadCount: unread(),
    secureStorageAvailable: true,
    doNotDisturb: false,
    ...options.session,
  });
  const settings: SettingsView = {
    settings: structuredClone(defaultSettings),
    locked: [],
    problems: [],
    ...options.settings,
  };
  const list = (q: Parameters<IpcHandlers['inbox:list']>[0]): InboxPage => {
    const matching = newestFirst.filter(
      (i) => i.archived === (q.archived ?? false) && (!q.unread || !i.read),
    );
    return {
      items: matching.slice(q.offset, q.offset + q.limit),
      total: matching.length,
      unreadCount: unread(),
    };
  };
  const handlers: IpcHandlers = {
    'session:get': () => snapshot(),
    'session:signIn': () => undefined,
    'session:signOut': () => undefined,
    'session:retryNow': () => undefined,
    'session:dismissGap': () => undefined,
    'inbox:list': (q) => list(q),
    'inbox:get': ({ id }) => newestFirst.find((i) => i.id === id) ?? null,
    'inbox:markRead': ({ ids, read }) => {
      for (const item of newestFirst) if (ids.includes(item.id)) item.read = read;
    },
    'inbox:markAllRead': () => {
      for (const item of newestFirst) item.read = true;
    },
    'inbox:archive': () => undefined,
    'inbox:delete': () => undefined,
    'inbox:acknowledge': () => undefined,
    'groups:list': () => options.groups ?? [],
    'groups:setSubscriptions': () => undefined,
    'settings:get': () => settings,
    'settings:update': () => settings,
    'app:start': ({ inbox }) => ({
      session: snapshot(),
      settings,
      groups: options.groups ?? [],
      inbox: list(inbox),
    }),
    'app:openExternal': ({ url }) => {
      opened.push(url);
    },
    'app:openLogFolder': () => undefined,
    'app:about': () => ({
      version: '0.0.0',
      electron: null,
      chrome: null,
      node: '20',
      platform: 'linux',
    }),
  };
  return {
    handlers,
    opened,
    events: {
      on(listener) {
        listeners.add(listener);
        return { dispose: () => listeners.delete(listener) };
      },
    },
  };
}
