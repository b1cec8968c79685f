// The desktop app's core: sign-in, the session, the inbox, settings and toasts, behind the IPC
// contract. Electron's composition root and the end-to-end tests both drive this one class.
import { mkdirSync } from 'node:fs';
import { Emitter, type Event } from '../base/event';
import { DisposableObject, DisposableStore, toDisposable } from '../base/lifecycle';
import { drop, type Logger } from '../base/log';
import { AuthError, TransientAuthError } from '../auth/errors';
import { TokenClient } from '../auth/token-client';
import { RefreshingTokenSource } from '../auth/token-source';
import { InboxStore } from '../inbox/inbox-store';
import type { InboxItem } from '../inbox/inbox-item';
import { HubSession, type PossibleGap } from '../session/hub-session';
import { HubSupervisor, SessionState } from '../session/hub-supervisor';
import {
  applyUserChange,
  resolveSettings,
  type ResolvedSettings,
} from '../settings/effective-settings';
import { emptyMachinePolicy, type MachinePolicy } from '../settings/policy';
import { SettingsFile } from '../settings/settings-file';
import { defaultSettings, type Settings, type UserSettings } from '../settings/settings';
import { systemToastClock, ToastPolicy } from '../toast/toast-policy';
import type {
  EventChannel,
  EventPayload,
  GroupView,
  InboxItemView,
  InboxPage,
  SessionSnapshot,
  SettingsView,
} from '../../ipc/contract';
import type { IpcHandlers } from '../../ipc/router';
import { AccountStore, type Account } from './account-store';
import type { AppPlatform } from './ports';

/** An `inbox.list` query as the router hands it over (validated, defaults filled in). */
type InboxListQuery = Parameters<IpcHandlers['inbox:list']>[0];

export interface AppControllerOptions {
  /** Where settings, the account and every account's inbox live. */
  dataDir: string;
  platform: AppPlatform;
  policy?: MachinePolicy;
  /** Problems found in the policy file, shown in Settings. */
  policyProblems?: string[];
  logger: Logger;
  /** Connection tuning, for tests. */
  keepAliveIntervalInMilliseconds?: number;
  serverTimeoutInMilliseconds?: number;
}

export interface AppEvent<C extends EventChannel = EventChannel> {
  channel: C;
  payload: EventPayload<C>;
}

/** One signed-in account's running parts; disposed as one on sign-out. */
interface ActiveSession {
  account: Account;
  inbox: InboxStore;
  supervisor: HubSupervisor;
  session: HubSession;
  toasts: ToastPolicy;
  store: DisposableStore;
}

const HOUR = 3_600_000;

export class AppController extends DisposableObject {
  readonly #dataDir: string;
  readonly #platform: AppPlatform;
  readonly #policy: MachinePolicy;
  readonly #policyProblems: string[];
  readonly #logger: Logger;
  readonly #settingsFile: SettingsFile;
  readonly #accounts: AccountStore;
  readonly #tuning: Pick<
    AppControllerOptions,
    'keepAliveIntervalInMilliseconds' | 'serverTimeoutInMilliseconds'
  >;
  #resolved: ResolvedSettings;
  #active: ActiveSession | undefined;
  #lastAccount: Account | undefined;
  #gap: PossibleGap | null = null;
  #signedOutReason: string | null = null;
  #inboxChangeTimer: ReturnType<typeof setTimeout> | undefined;

  readonly #onEvent = this.register(new Emitter<AppEvent>());
  /** Everything the renderer should hear about, already shaped for the IPC contract. */
  readonly onEvent: Event<AppEvent> = this.#onEvent.event;
  readonly #onDidChangeStatus = this.register(new Emitter<SessionSnapshot>());
  /** Connection state or unread count changed: the tray listens to this. */
  readonly onDidChangeStatus: Event<SessionSnapshot> = this.#onDidChangeStatus.event;

  private constructor(
    options: AppControllerOptions,
    settingsFile: SettingsFile,
    user: UserSettings,
    problems: string[],
  ) {
    super();
    this.#dataDir = options.dataDir;
    this.#platform = options.platform;
    this.#policy = options.policy ?? emptyMachinePolicy();
    this.#policyProblems = options.policyProblems ?? [];
    this.#logger = options.logger;
    this.#settingsFile = this.register(settingsFile);
    this.#accounts = new AccountStore(
      this.#dataDir,
      this.#platform.secrets,
      this.#logger.child('account'),
    );
    this.#tuning = options;
    this.#resolved = resolveSettings(defaultSettings, user, this.#policy);
    this.#resolved.problems.unshift(...problems);
    this.register(toDisposable(() => this.#closeSession()));
  }

  /** Loads settings and, when a session was saved, resumes it (connecting in the background). */
  static async create(options: AppControllerOptions): Promise<AppController> {
    mkdirSync(options.dataDir, { recursive: true });
    const settingsFile = new SettingsFile({
      dataDir: options.dataDir,
      logger: options.logger.child('settings'),
    });
    const { user, problems } = await settingsFile.load();
    const controller = new AppController(options, settingsFile, user, problems);
    await controller.#resume();
    return controller;
  }

  get settings(): Settings {
    return this.#resolved.settings;
  }

  /** The state the renderer and the tray show. */
  snapshot(): SessionSnapshot {
    const active = this.#active;
    const supervisor = active?.supervisor.snapshot;
    const dnd = this.settings.doNotDisturb;
    return {
      signedIn: active !== undefined,
      user: active
        ? {
            id: active.account.userId,
            displayName: active.account.displayName ?? active.account.userId,
          }
        : null,
      hubUrl: active?.account.hubUrl ?? this.settings.hubUrl ?? this.#lastAccount?.hubUrl ?? null,
      hubUrlLocked: this.#resolved.locked.has('hubUrl'),
      state: supervisor?.state ?? SessionState.SignedOut,
      reason: supervisor?.reason ?? this.#signedOutReason,
      nextRetryAt: supervisor?.nextRetryAt ?? null,
      gap: this.#gap,
      unreadCount: active?.inbox.unreadCount ?? 0,
      secureStorageAvailable: this.#platform.secrets.isAvailable(),
      doNotDisturb: dnd.mode === 'on' || (dnd.mode === 'until' && (dnd.until ?? 0) > Date.now()),
    };
  }

  /** Resume from sleep, unlock, network back: skip the current wait. */
  nudge(reason: string): void {
    this.#active?.supervisor.nudge(reason);
  }

  setNetworkAvailable(available: boolean): void {
    this.#active?.supervisor.setNetworkAvailable(available);
  }

  /** A toast was clicked: show the inbox on that item. */
  reveal(id: string): void {
    this.#emit('inbox:reveal', { id });
  }

  acknowledge(id: string): void {
    this.#requireSession().inbox.acknowledge(id);
  }

  /** Do not disturb from the tray: on, off, or for one hour. */
  async setDoNotDisturb(mode: 'on' | 'off' | 'hour'): Promise<void> {
    const doNotDisturb =
      mode === 'hour'
        ? { mode: 'until' as const, until: Date.now() + HOUR }
        : { mode, until: null };
    await this.updateSettings({ doNotDisturb });
  }

  async signIn(args: { hubUrl?: string; username: string; password: string }): Promise<void> {
    const hubUrl = this.#resolved.locked.has('hubUrl')
      ? this.settings.hubUrl
      : (args.hubUrl ?? this.settings.hubUrl);
    if (!hubUrl) throw new Error('Enter the address of your organisation’s Herald hub.');
    const client = new TokenClient({ hubUrl });
    let tokens;
    try {
      tokens = await client.signIn(args.username, args.password);
    } catch (error) {
      if (error instanceof AuthError)
        throw new AuthError('The username or password is not right.', error.code);
      if (error instanceof TransientAuthError)
        throw new Error(`Herald could not reach ${hubUrl}. Check the address and your network.`, {
          cause: error,
        });
      throw error;
    }
    const account: Account = {
      hubUrl,
      userId: args.username,
      ...(tokens.displayName ? { displayName: tokens.displayName } : {}),
    };
    await this.#closeSession();
    this.#accounts.save(account, tokens.refreshToken);
    if (!this.#resolved.locked.has('hubUrl') && this.settings.hubUrl !== hubUrl)
      await this.updateSettings({ hubUrl });
    this.#signedOutReason = null;
    await this.#openSession(account, new RefreshingTokenSource({ client, tokens }));
  }

  async signOut(): Promise<void> {
    this.#accounts.forgetToken();
    this.#signedOutReason = null;
    await this.#closeSession();
    this.#emitSession();
  }

  async updateSettings(patch: Record<string, unknown>): Promise<SettingsView> {
    const current = this.#settingsFile.current;
    const result = applyUserChange(current, patch, this.#resolved.locked);
    if (!result.ok) throw new Error(result.error);
    await this.#settingsFile.save(result.user);
    const before = this.#resolved.settings;
    this.#resolved = resolveSettings(defaultSettings, result.user, this.#policy);
    const after = this.#resolved.settings;
    if (result.changed.includes('startAtLogin') && before.startAtLogin !== after.startAtLogin) {
      await this.#platform.loginItem.setEnabled(after.startAtLogin);
    }
    if (result.changed.includes('subscriptions') && this.#active) {
      await this.#active.session.setSubscriptions(after.subscriptions);
    }
    const view = this.#settingsView();
    this.#emit('settings:changed', view);
    this.#emitSession();
    return view;
  }

  /** The IPC handlers, one per contract channel. Arguments arrive validated by the router. */
  readonly handlers: IpcHandlers = {
    'session:get': () => this.snapshot(),
    'session:signIn': (args) => this.signIn(args),
    'session:signOut': () => this.signOut(),
    'session:retryNow': () => {
      const active = this.#active;
      if (active && active.supervisor.state === SessionState.SignedOut) active.supervisor.start();
      else this.nudge('retry now');
    },
    'session:dismissGap': () => {
      this.#gap = null;
      this.#emitSession();
    },
    'inbox:list': (query) => this.#listInbox(query),
    'inbox:get': ({ id }) => {
      const item = this.#active?.inbox.get(id);
      return item ? toView(item) : null;
    },
    'inbox:markRead': ({ ids, read }) => {
      this.#requireSession().inbox.markRead(ids, read);
    },
    'inbox:markAllRead': () => {
      this.#requireSession().inbox.markAllRead();
    },
    'inbox:archive': ({ ids, archived }) =>
      void this.#requireSession().inbox.archive(ids, archived),
    'inbox:delete': ({ ids }) => void this.#requireSession().inbox.delete(ids),
    'inbox:acknowledge': ({ id }) => this.acknowledge(id),
    'groups:list': () => this.#groups(),
    'groups:setSubscriptions': async ({ groups }) => {
      const mandatory = this.#active?.session.subscriptions.mandatory ?? new Set<string>();
      await this.updateSettings({ subscriptions: groups.filter((g) => !mandatory.has(g)) });
    },
    'settings:get': () => this.#settingsView(),
    'settings:update': (patch) => this.updateSettings(patch),
    'app:start': ({ inbox }) => ({
      session: this.snapshot(),
      settings: this.#settingsView(),
      groups: this.#groups(),
      inbox: this.#listInbox(inbox),
    }),
    'app:openExternal': ({ url }) => this.#platform.openExternal(url),
    'app:openLogFolder': () => this.#platform.openLogFolder(),
    'app:about': () => ({
      version: this.#platform.versions.app,
      electron: this.#platform.versions.electron,
      chrome: this.#platform.versions.chrome,
      node: this.#platform.versions.node,
      platform: this.#platform.versions.platform,
    }),
  };

  async #resume(): Promise<void> {
    const saved = this.#accounts.load();
    if (!saved) return;
    this.#lastAccount = saved.account;
    if (!saved.refreshToken) {
      this.#signedOutReason = this.#platform.secrets.isAvailable()
        ? null
        : 'This computer has no keyring, so Herald cannot keep you signed in. Sign in again.';
      return;
    }
    const client = new TokenClient({ hubUrl: saved.account.hubUrl });
    const tokens = new RefreshingTokenSource({
      client,
      tokens: { accessToken: '', expiresAt: 0, refreshToken: saved.refreshToken },
    });
    await this.#openSession(saved.account, tokens);
  }

  async #openSession(account: Account, tokens: RefreshingTokenSource): Promise<void> {
    const store = new DisposableStore();
    const logger = this.#logger.child(account.userId);
    const inbox = await InboxStore.open(this.#accounts.inboxDir(account), {
      logger: logger.child('inbox'),
      maxAgeDays: this.settings.retentionDays,
    });
    for (const problem of inbox.problems) this.#resolved.problems.push(`inbox: ${problem.message}`);
    // The session adds mandatory groups; the user's choice lives in settings, shared by accounts.
    inbox.setDesiredGroups(this.settings.subscriptions);
    const toasts = new ToastPolicy({
      notifier: this.#platform.notifier,
      settings: () => this.settings,
      clock: systemToastClock,
      logger: logger.child('toasts'),
    });
    const supervisor = new HubSupervisor({
      hubUrl: account.hubUrl,
      tokens,
      logger: logger.child('supervisor'),
      keepAliveIntervalInMilliseconds: this.#tuning.keepAliveIntervalInMilliseconds,
      serverTimeoutInMilliseconds: this.#tuning.serverTimeoutInMilliseconds,
    });
    const session = new HubSession({
      supervisor,
      inbox,
      toasts,
      policyMandatory: () => this.#policy.mandatoryGroups,
      logger: logger.child('session'),
    });
    store.add(toDisposable(() => toasts.dispose()));
    store.add(tokens.onDidChangeTokens((t) => this.#accounts.save(account, t.refreshToken)));
    store.add(supervisor.onDidChangeState(() => this.#emitSession()));
    store.add(
      session.onDidDetectGap((gap) => {
        this.#gap = gap;
        this.#emitSession();
      }),
    );
    store.add(
      session.subscriptions.onDidChange(() => this.#emit('groups:changed', this.#groups())),
    );
    store.add(session.onDidChangeInboxState(() => this.#inboxChanged('remote')));
    store.add(inbox.onDidChange((change) => this.#inboxChanged(change.kind)));
    this.#active = { account, inbox, supervisor, session, toasts, store };
    this.#lastAccount = account;
    supervisor.start();
    this.#emitSession();
  }

  async #closeSession(): Promise<void> {
    const active = this.#active;
    if (!active) return;
    this.#active = undefined;
    this.#gap = null;
    await active.supervisor.stop('Signed out.');
    active.store.dispose();
    active.session.dispose();
    active.supervisor.dispose();
    active.inbox.close();
  }

  #requireSession(): ActiveSession {
    if (!this.#active) throw new Error('Sign in first.');
    return this.#active;
  }

  #listInbox(query: InboxListQuery): InboxPage {
    const active = this.#active;
    if (!active) return { items: [], total: 0, unreadCount: 0 };
    const page = active.inbox.list(query);
    return {
      items: page.items.map(toView),
      total: page.total,
      unreadCount: active.inbox.unreadCount,
    };
  }

  #groups(): GroupView[] {
    return this.#active?.session.groups ?? [];
  }

  #settingsView(): SettingsView {
    return {
      settings: { ...this.#resolved.settings },
      locked: [...this.#resolved.locked],
      problems: [...this.#policyProblems, ...this.#resolved.problems],
    };
  }

  /** Coalesces bursts of inbox changes into one event per 50 ms. */
  #inboxChanged(reason: string): void {
    if (this.#inboxChangeTimer) return;
    this.#inboxChangeTimer = setTimeout(() => {
      this.#inboxChangeTimer = undefined;
      this.#emit('inbox:changed', { reason });
      this.#emitSession();
    }, 50);
  }

  #emitSession(): void {
    const snapshot = this.snapshot();
    if (snapshot.state === SessionState.SignedOut && this.#active)
      this.#signedOutReason = snapshot.reason;
    this.#emit('session:changed', snapshot);
    this.#onDidChangeStatus.fire(snapshot);
  }

  #emit<C extends EventChannel>(channel: C, payload: EventPayload<C>): void {
    this.#onEvent.fire({ channel, payload } as AppEvent);
  }

  /** Stops the session and closes the inbox, flushing it; then disposes. Call on quit. */
  async shutdown(): Promise<void> {
    if (this.#inboxChangeTimer) clearTimeout(this.#inboxChangeTimer);
    await this.#closeSession();
    super.dispose();
  }

  override dispose(): void {
    if (this.#inboxChangeTimer) clearTimeout(this.#inboxChangeTimer);
    drop(this.#closeSession(), this.#logger, 'closing the session');
    super.dispose();
  }
}

function toView(item: InboxItem): InboxItemView {
  return {
    id: item.id,
    cursor: item.cursor,
    title: item.title,
    body: item.body,
    severity: item.severity,
    sentAt: item.sentAt,
    sender: { id: item.sender.id, displayName: item.sender.displayName },
    target: { ...item.target },
    url: item.url,
    actions: item.actions.map((a) => ({ id: a.id, label: a.label, url: a.url ?? null })),
    requireAck: item.requireAck,
    expiresAt: item.expiresAt,
    tags: [...item.tags],
    read: item.read,
    acknowledged: item.acknowledged,
    archived: item.archived,
    receivedAt: item.receivedAt,
    source: item.source,
  };
}
