// Herald's real core (supervisor + session + inbox) in the test process, against the real hub.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLineLogger } from '../../src-main/core/base/log';
import { TokenClient, type TokenSet } from '../../src-main/core/auth/token-client';
import { RefreshingTokenSource } from '../../src-main/core/auth/token-source';
import { InboxStore } from '../../src-main/core/inbox/inbox-store';
import { Backoff } from '../../src-main/core/session/backoff';
import {
  HubSession,
  type PossibleGap,
  type ReceivedEvent,
} from '../../src-main/core/session/hub-session';
import { HubSupervisor, type StateChange } from '../../src-main/core/session/hub-supervisor';
import type { ToastSink } from '../../src-main/core/session/ports';

export interface CoreClientOptions {
  hubUrl: string;
  user: string;
  password?: string;
  groups?: string[];
  dataDir?: string;
  /** Sign in with the password again when a refresh is refused (a service account), or not (the app). */
  passwordFallback?: boolean;
  backoff?: Backoff;
  keepAliveInMilliseconds?: number;
  serverTimeoutInMilliseconds?: number;
  toasts?: ToastSink;
  liveCursorGraceInMilliseconds?: number;
}

export class CoreClient {
  readonly states: StateChange[] = [];
  readonly received: ReceivedEvent[] = [];
  readonly gaps: PossibleGap[] = [];
  readonly syncs: Array<{ joined: string[]; caughtUp: number }> = [];
  readonly refreshes: TokenSet[] = [];

  private constructor(
    readonly inbox: InboxStore,
    readonly tokens: RefreshingTokenSource,
    readonly supervisor: HubSupervisor,
    readonly session: HubSession,
    readonly dataDir: string,
    private readonly ownsDir: boolean,
    /** Everything the core logged, for failure messages. */
    readonly log: string[],
  ) {}

  static async start(options: CoreClientOptions): Promise<CoreClient> {
    const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'herald-core-'));
    const log: string[] = [];
    const logger = createLineLogger((line) => log.push(line), 'debug');
    const inbox = await InboxStore.open(dataDir, { logger: logger.child('inbox') });
    if (options.groups) inbox.setDesiredGroups(options.groups);
    const password = options.password ?? `${options.user}-pw`;
    const client = new TokenClient({ hubUrl: options.hubUrl });
    const fallback = options.passwordFallback ?? true;
    const tokens = new RefreshingTokenSource({
      client,
      signIn: fallback ? () => client.signIn(options.user, password) : undefined,
      tokens: fallback ? undefined : await client.signIn(options.user, password),
    });
    const supervisor = new HubSupervisor({
      hubUrl: options.hubUrl,
      tokens,
      logger: logger.child('supervisor'),
      backoff:
        options.backoff ?? new Backoff({ baseInMilliseconds: 200, capInMilliseconds: 2_000 }),
      keepAliveIntervalInMilliseconds: options.keepAliveInMilliseconds ?? 1_000,
      serverTimeoutInMilliseconds: options.serverTimeoutInMilliseconds ?? 5_000,
    });
    const session = new HubSession({
      supervisor,
      inbox,
      toasts: options.toasts,
      logger: logger.child('session'),
      liveCursorGraceInMilliseconds: options.liveCursorGraceInMilliseconds ?? 200,
    });
    const core = new CoreClient(
      inbox,
      tokens,
      supervisor,
      session,
      dataDir,
      options.dataDir === undefined,
      log,
    );
    supervisor.onDidChangeState((change) => core.states.push(change));
    session.onDidReceive((event) => core.received.push(event));
    session.onDidDetectGap((gap) => core.gaps.push(gap));
    session.onDidSync((sync) => core.syncs.push(sync));
    tokens.onDidChangeTokens((t) => core.refreshes.push(t));
    supervisor.start();
    return core;
  }

  get state(): string {
    return this.supervisor.state;
  }

  ids(): string[] {
    return this.received.map((r) => r.notification.id);
  }

  async waitFor(predicate: () => boolean, what: string, ms = 20_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) {
        const states = this.states.map((s) => s.state).join(' → ');
        throw new Error(
          `timed out waiting for ${what}; states: ${states}\n${this.log.slice(-30).join('\n')}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  waitForSyncs(count: number, ms?: number): Promise<void> {
    return this.waitFor(() => this.syncs.length >= count, `${count} syncs`, ms);
  }

  async stop(): Promise<void> {
    await this.supervisor.stop();
    this.session.dispose();
    this.supervisor.dispose();
    this.inbox.close();
    if (this.ownsDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
