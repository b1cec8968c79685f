// Keeps one SignalR connection alive for as long as the user is signed in: never gives up.
import {
  HttpError,
  HubConnectionBuilder,
  HubConnectionState,
  LogLevel,
  type HubConnection,
  type IHttpConnectionOptions,
  type ILogger,
  type RetryContext,
} from '@microsoft/signalr';
import { Emitter, type Event } from '../base/event';
import { DisposableObject, toDisposable, type Disposable } from '../base/lifecycle';
import { silentLogger, toLogFormat, type Logger } from '../base/log';
import { AuthError } from '../auth/errors';
import type { TokenSource } from '../auth/token-source';
import { Backoff } from './backoff';
import { BoundedWebSocket } from './bounded-websocket';
import { NodeHttpClient } from './node-http-client';

/** Where the connection is. One state at a time; every change fires `onDidChangeState`. */
export const SessionState = {
  /** Not started, or stopped on purpose. */
  Stopped: 'stopped',
  /** `start()` is in progress. */
  Connecting: 'connecting',
  Connected: 'connected',
  /** The link dropped; SignalR is reconnecting (stateful reconnect keeps the connection id when it can). */
  Reconnecting: 'reconnecting',
  /** A start failed or the connection closed; the next attempt is scheduled at `nextRetryAt`. */
  WaitingToRetry: 'waiting-to-retry',
  /** The OS reports no network; the next attempt waits for it (or a nudge). */
  Offline: 'offline',
  /** The identity provider refused the session; nothing is retried until the user signs in again. */
  SignedOut: 'signed-out',
} as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

export interface StateChange {
  state: SessionState;
  previous: SessionState;
  /** Why the state changed, for people: the last error, or what the user did. */
  reason: string | null;
  /** When the next attempt happens, in ms since the epoch (waiting-to-retry and reconnecting). */
  nextRetryAt: number | null;
  /** Consecutive failed attempts so far. */
  attempt: number;
}

export interface ConnectedEvent {
  connectionId: string | null;
  /** True when SignalR reconnected the existing connection (its groups may survive, or not). */
  reconnected: boolean;
}

export interface HubSupervisorOptions {
  /** The hub's base URL; the hub lives at `/hubs/notifications` below it. */
  hubUrl: string;
  tokens: TokenSource;
  logger?: Logger;
  backoff?: Backoff;
  /** How often the client pings the hub, in ms. Default 15 000. */
  keepAliveIntervalInMilliseconds?: number;
  /** How long without any message from the hub before the link counts as dead, in ms. Default 30 000. */
  serverTimeoutInMilliseconds?: number;
  /** Timeout of negotiate and long-polling HTTP requests, in ms. Default 30 000. */
  requestTimeoutInMilliseconds?: number;
  /** Use stateful reconnect when the hub allows it. Default true. */
  statefulReconnect?: boolean;
  now?: () => number;
}

type Handler = (...args: unknown[]) => void;

/**
 * The hub supervisor: one explicit state machine and one loop (`#run`) that is the only place a
 * connection is started. `start()`, `stop()` and `nudge()` only change what the loop wants.
 */
export class HubSupervisor extends DisposableObject {
  readonly #connection: HubConnection;
  readonly #tokens: TokenSource;
  readonly #logger: Logger;
  readonly #backoff: Backoff;
  readonly #now: () => number;

  #state: SessionState = SessionState.Stopped;
  #reason: string | null = null;
  #nextRetryAt: number | null = null;
  #attempt = 0;
  #wanted = false;
  #networkAvailable = true;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #nudged = false;
  #closed: ((error: Error | undefined) => void) | undefined;
  #authFailure: AuthError | undefined;
  #refreshedForUnauthorized = false;

  readonly #onDidChangeState = this.register(new Emitter<StateChange>());
  readonly onDidChangeState: Event<StateChange> = this.#onDidChangeState.event;
  readonly #onDidConnect = this.register(new Emitter<ConnectedEvent>());
  /** Fires after every connect and reconnect: the moment to rejoin groups and catch up. */
  readonly onDidConnect: Event<ConnectedEvent> = this.#onDidConnect.event;

  constructor(options: HubSupervisorOptions) {
    super();
    this.#tokens = options.tokens;
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = options.backoff ?? new Backoff();
    this.#now = options.now ?? Date.now;
    const hubEndpoint = new URL(
      'hubs/notifications',
      options.hubUrl.endsWith('/') ? options.hubUrl : `${options.hubUrl}/`,
    );
    const connectionOptions: IHttpConnectionOptions & { WebSocket?: unknown } = {
      accessTokenFactory: () => this.#accessToken(),
      // Negotiate and long-polling requests; a hung request otherwise blocks a retry for 100 s.
      timeout: options.requestTimeoutInMilliseconds ?? 30_000,
    };
    const signalRLogger = new SignalRLogger(this.#logger.child('signalr'));
    // Under Node (the CLI, the Electron main process) SignalR uses `ws`, bounded (see
    // BoundedWebSocket), and HTTP over the runtime's fetch with a light cookie jar (see
    // NodeHttpClient) instead of its own tough-cookie one.
    if (typeof process !== 'undefined' && process.versions?.node) {
      connectionOptions.WebSocket = BoundedWebSocket;
      connectionOptions.httpClient = new NodeHttpClient(signalRLogger);
    }
    let builder = new HubConnectionBuilder()
      .withUrl(hubEndpoint.toString(), connectionOptions)
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) => this.#nextReconnectDelay(context),
      })
      .withServerTimeout(options.serverTimeoutInMilliseconds ?? 30_000)
      .withKeepAliveInterval(options.keepAliveIntervalInMilliseconds ?? 15_000)
      .configureLogging(signalRLogger);
    if (options.statefulReconnect ?? true) builder = builder.withStatefulReconnect();
    this.#connection = builder.build();

    this.#connection.onreconnecting((error) => {
      this.#setState(SessionState.Reconnecting, error ? error.message : 'The connection dropped.');
    });
    this.#connection.onreconnected((connectionId) => {
      this.#attempt = 0;
      this.#refreshedForUnauthorized = false;
      this.#setState(SessionState.Connected, null);
      this.#onDidConnect.fire({ connectionId: connectionId ?? null, reconnected: true });
    });
    this.#connection.onclose((error) => {
      this.#closed?.(error);
    });
  }

  get state(): SessionState {
    return this.#state;
  }

  get snapshot(): StateChange {
    return {
      state: this.#state,
      previous: this.#state,
      reason: this.#reason,
      nextRetryAt: this.#nextRetryAt,
      attempt: this.#attempt,
    };
  }

  get connectionId(): string | null {
    return this.#connection.connectionId;
  }

  /** Registers a hub → client method handler. Register once, at construction of the caller. */
  on(method: string, handler: Handler): Disposable {
    this.#connection.on(method, handler);
    return toDisposable(() => this.#connection.off(method, handler));
  }

  /** Invokes a hub method; rejects at once when not connected. */
  invoke<T>(method: string, ...args: unknown[]): Promise<T> {
    if (this.#connection.state !== HubConnectionState.Connected) {
      return Promise.reject(new Error(`Not connected (${this.#state}); ${method} was not sent.`));
    }
    return this.#connection.invoke<T>(method, ...args);
  }

  /** Starts keeping the connection alive. Idempotent. */
  start(): void {
    if (this.store.isDisposed) throw new Error('The supervisor was disposed.');
    this.#wanted = true;
    this.#authFailure = undefined;
    this.#loop ??= this.#run().finally(() => {
      this.#loop = undefined;
    });
  }

  /** Stops the connection and the loop. Idempotent; resolves once everything has stopped. */
  async stop(reason = 'Stopped.'): Promise<void> {
    this.#wanted = false;
    this.#wakeUp();
    await this.#connection.stop().catch(() => undefined);
    await this.#loop;
    if (this.#state !== SessionState.SignedOut) this.#setState(SessionState.Stopped, reason);
  }

  /** Skips the current wait (resume from sleep, unlock, network back). */
  nudge(reason = 'nudged'): void {
    if (!this.#wanted) return;
    this.#logger.info(`nudge (${reason}) in state ${this.#state}`);
    if (this.#state === SessionState.Reconnecting) {
      // SignalR's reconnect timer cannot be cut short; end that attempt and start afresh now.
      this.#nudged = true;
      void this.#connection.stop().catch(() => undefined);
      return;
    }
    if (this.#state === SessionState.WaitingToRetry || this.#state === SessionState.Offline) {
      this.#nudged = true;
      this.#wakeUp();
    }
  }

  /** What the OS says about the network. Going online nudges; going offline parks new attempts. */
  setNetworkAvailable(available: boolean): void {
    if (this.#networkAvailable === available) return;
    this.#networkAvailable = available;
    if (available) this.nudge('network available');
    else if (this.#state === SessionState.WaitingToRetry) this.#wakeUp();
  }

  override dispose(): void {
    this.#wanted = false;
    this.#wakeUp();
    void this.#connection.stop().catch(() => undefined);
    super.dispose();
  }

  async #run(): Promise<void> {
    while (this.#wanted) {
      if (!this.#networkAvailable && !this.#nudged) {
        this.#setState(SessionState.Offline, 'The network is unavailable.');
        await this.#sleep(Number.POSITIVE_INFINITY);
        continue;
      }
      this.#nudged = false;
      this.#setState(SessionState.Connecting, this.#reason);
      const outcome = await this.#connectOnce();
      if (!this.#wanted) break;
      if (outcome.kind === 'signed-out') {
        this.#wanted = false;
        this.#setState(SessionState.SignedOut, outcome.reason);
        break;
      }
      if (outcome.kind === 'connected') {
        const error = await outcome.closed;
        if (!this.#wanted) break;
        if (this.#authFailure) {
          this.#wanted = false;
          this.#setState(SessionState.SignedOut, this.#authFailure.message);
          break;
        }
        this.#reason = error ? error.message : 'The connection closed.';
        if (this.#nudged) continue;
      } else {
        this.#reason = outcome.reason;
      }
      const delay = this.#backoff.delay(this.#attempt);
      this.#attempt += 1;
      this.#nextRetryAt = this.#now() + delay;
      this.#setState(SessionState.WaitingToRetry, this.#reason);
      await this.#sleep(delay);
      this.#nextRetryAt = null;
    }
  }

  async #connectOnce(): Promise<
    | { kind: 'connected'; closed: Promise<Error | undefined> }
    | { kind: 'failed'; reason: string }
    | { kind: 'signed-out'; reason: string }
  > {
    for (let tries = 0; tries < 2; tries++) {
      const closed = new Promise<Error | undefined>((resolve) => {
        this.#closed = resolve;
      });
      try {
        await this.#connection.start();
        this.#attempt = 0;
        this.#refreshedForUnauthorized = false;
        this.#setState(SessionState.Connected, null);
        this.#onDidConnect.fire({
          connectionId: this.#connection.connectionId,
          reconnected: false,
        });
        return { kind: 'connected', closed };
      } catch (error) {
        if (this.#authFailure) return { kind: 'signed-out', reason: this.#authFailure.message };
        if (!isUnauthorized(error)) return { kind: 'failed', reason: describe(error) };
        if (tries > 0)
          return {
            kind: 'signed-out',
            reason: 'The hub refused the session (401); sign in again.',
          };
        // One refresh per 401; if the refresh itself is refused the user must sign in again.
        try {
          await this.#tokens.refresh();
        } catch (refreshError) {
          if (refreshError instanceof AuthError)
            return { kind: 'signed-out', reason: refreshError.message };
          return { kind: 'failed', reason: describe(refreshError) };
        }
      }
    }
    return { kind: 'failed', reason: 'unreachable' };
  }

  async #accessToken(): Promise<string> {
    try {
      return await this.#tokens.getAccessToken();
    } catch (error) {
      if (error instanceof AuthError) this.#authFailure = error;
      throw error;
    }
  }

  #nextReconnectDelay(context: RetryContext): number | null {
    // The one place SignalR is told to give up: the identity provider refused us, so the
    // supervisor can report signed-out instead of hammering the hub.
    if (this.#authFailure || !this.#wanted) return null;
    if (isUnauthorized(context.retryReason)) {
      if (this.#refreshedForUnauthorized) {
        this.#authFailure = new AuthError(
          'The hub refused the session (401); sign in again.',
          'unauthorized',
        );
        return null;
      }
      this.#refreshedForUnauthorized = true;
      this.#tokens.refresh().catch((error: unknown) => {
        if (error instanceof AuthError) this.#authFailure = error;
      });
    }
    const delay = this.#backoff.delay(context.previousRetryCount);
    this.#attempt = context.previousRetryCount + 1;
    this.#nextRetryAt = this.#now() + delay;
    this.#setState(SessionState.Reconnecting, context.retryReason.message);
    return delay;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
    });
  }

  #wakeUp(): void {
    this.#wake?.();
  }

  #setState(state: SessionState, reason: string | null): void {
    const previous = this.#state;
    const nextRetryAt =
      state === SessionState.WaitingToRetry || state === SessionState.Reconnecting
        ? this.#nextRetryAt
        : null;
    if (previous === state && this.#reason === reason && state !== SessionState.Reconnecting)
      return;
    this.#state = state;
    this.#reason = reason;
    this.#logger.info(`state ${previous} → ${state}${reason ? ` (${reason})` : ''}`);
    this.#onDidChangeState.fire({ state, previous, reason, nextRetryAt, attempt: this.#attempt });
  }
}

function isUnauthorized(error: unknown): boolean {
  if (error instanceof HttpError) return error.statusCode === 401;
  return error instanceof Error && /\b401\b|Unauthorized/.test(error.message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : toLogFormat(error);
}

/** Routes SignalR's own logging into ours, at one level quieter (it is chatty at Information). */
class SignalRLogger implements ILogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string): void {
    if (level >= LogLevel.Error) this.logger.warn(message);
    else if (level >= LogLevel.Warning) this.logger.info(message);
    else if (level >= LogLevel.Information) this.logger.debug(message);
  }
}
