// The signed-in session: live notifications and catch-up into the inbox, exactly once each.
import { Emitter, type Event } from '../base/event';
import { DisposableObject } from '../base/lifecycle';
import { TimeSlicedQueue } from '../base/time-sliced-queue';
import { drop, silentLogger, type Logger } from '../base/log';
import {
  describeIssues,
  MissedPageSchema,
  NotificationIdListSchema,
  NotificationIdSchema,
} from '../schema/notification';
import { z } from 'zod';
import { GroupSubscriptions, hubMessage, type GroupView, type Invoke } from './group-subscriptions';
import { SessionState, type HubSupervisor } from './hub-supervisor';
import {
  NotificationIngest,
  type ReceivedEvent,
  type RejectedPayload,
} from './notification-ingest';
import type { OutboxEntry, SessionInbox, ToastSink } from './ports';

export type { ReceivedEvent, RejectedPayload } from './notification-ingest';

export interface PossibleGap {
  /** `truncated`: the hub's history no longer reaches back to our cursor. `history-reset`: the hub's cursor went backwards. */
  reason: 'truncated' | 'history-reset';
  sinceCursor: number;
  latestCursor: number;
}

export interface HubSessionOptions {
  supervisor: HubSupervisor;
  inbox: SessionInbox;
  toasts?: ToastSink;
  /** Groups IT policy makes mandatory. */
  policyMandatory?: () => readonly string[];
  logger?: Logger;
  /** How long a live cursor must stand, on an unbroken connection, before it is saved. Default 2 000 ms. */
  liveCursorGraceInMilliseconds?: number;
  /** Upper bound on GetMissed pages per catch-up. Default 1 000. */
  maxCatchUpPages?: number;
}

const BooleanSchema = z.boolean();
/** How long catch-up stores items before letting other work run, in ms. */
const CATCH_UP_SLICE_MS = 8;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Wires the supervisor's connection to the inbox: handlers registered once, groups rejoined and
 * `GetMissed` called after every (re)connect, every payload validated, duplicates dropped.
 */
export class HubSession extends DisposableObject {
  readonly #supervisor: HubSupervisor;
  readonly #inbox: SessionInbox;
  readonly #toasts: ToastSink | undefined;
  readonly #ingest: NotificationIngest;
  readonly #logger: Logger;
  readonly #grace: number;
  readonly #maxPages: number;
  readonly subscriptions: GroupSubscriptions;

  /** Bumped on every (re)connect and disconnect; work for an older connection stops. */
  #epoch = 0;
  #sync: Promise<void> = Promise.resolve();
  #synced = false;
  #liveHighWater = 0;
  #flushingOutbox = false;
  readonly #incoming: TimeSlicedQueue<() => void>;
  #flushAgain = false;
  #cursorTimer: ReturnType<typeof setInterval> | undefined;

  /** A new notification was stored (never fires twice for one id). */
  readonly onDidReceive: Event<ReceivedEvent>;
  readonly #onDidDetectGap = this.register(new Emitter<PossibleGap>());
  /** Something may have been missed; the user should be told. */
  readonly onDidDetectGap: Event<PossibleGap> = this.#onDidDetectGap.event;
  /** A payload failed validation and was dropped. */
  readonly onDidRejectPayload: Event<RejectedPayload>;
  readonly #onDidSync = this.register(new Emitter<{ joined: string[]; caughtUp: number }>());
  /** Groups rejoined and catch-up complete after a (re)connect. */
  readonly onDidSync: Event<{ joined: string[]; caughtUp: number }> = this.#onDidSync.event;
  readonly #onDidChangeInboxState = this.register(new Emitter<void>());
  /** Read / acknowledged / retracted state changed from another device. */
  readonly onDidChangeInboxState: Event<void> = this.#onDidChangeInboxState.event;

  constructor(options: HubSessionOptions) {
    super();
    this.#supervisor = options.supervisor;
    this.#inbox = options.inbox;
    this.#toasts = options.toasts;
    this.#logger = options.logger ?? silentLogger;
    this.#grace = options.liveCursorGraceInMilliseconds ?? 2_000;
    this.#maxPages = options.maxCatchUpPages ?? 1_000;
    this.#ingest = this.register(
      new NotificationIngest({ inbox: this.#inbox, toasts: this.#toasts, logger: this.#logger }),
    );
    this.onDidReceive = this.#ingest.onDidReceive;
    this.onDidRejectPayload = this.#ingest.onDidReject;
    this.subscriptions = this.register(
      new GroupSubscriptions({
        inbox: this.#inbox,
        policyMandatory: options.policyMandatory,
        logger: this.#logger.child('groups'),
      }),
    );

    // Everything the hub sends is handled in arrival order, in short slices: a burst of thousands
    // must not block the event loop, and an Acknowledged(id) must not overtake the notification.
    this.#incoming = this.register(
      new TimeSlicedQueue<() => void>((work) => work(), {
        onError: (error) => this.#logger.error('handling a hub message failed:', error),
      }),
    );
    const s = this.#supervisor;
    const inOrder =
      (handler: (...args: unknown[]) => void) =>
      (...args: unknown[]): void =>
        this.#incoming.push(() => handler(...args));
    this.register(
      s.on(
        'ReceiveNotification',
        inOrder((payload) => this.#onLive(payload)),
      ),
    );
    this.register(
      s.on(
        'Acknowledged',
        inOrder((id) =>
          this.#onRemote('Acknowledged', () => ({
            kind: 'acknowledged',
            id: NotificationIdSchema.parse(id),
          })),
        ),
      ),
    );
    this.register(
      s.on(
        'ReadStateChanged',
        inOrder((ids, read) =>
          this.#onRemote('ReadStateChanged', () => ({
            kind: 'read',
            ids: NotificationIdListSchema.parse(ids),
            read: BooleanSchema.parse(read),
          })),
        ),
      ),
    );
    this.register(
      s.on(
        'Retracted',
        inOrder((id) =>
          this.#onRemote('Retracted', () => ({
            kind: 'retracted',
            id: NotificationIdSchema.parse(id),
          })),
        ),
      ),
    );
    if (this.#inbox.onDidQueueOutbox)
      this.register(this.#inbox.onDidQueueOutbox(() => this.flushOutbox()));
    this.register(s.on('GroupsChanged', () => this.#resync('GroupsChanged')));
    this.register(s.onDidConnect(() => this.#resync('connected')));
    this.register(
      s.onDidChangeState(({ state }) => {
        if (state !== SessionState.Connected) {
          this.#epoch += 1;
          this.#synced = false;
          if (state !== SessionState.Reconnecting) this.subscriptions.markDisconnected();
        }
      }),
    );
  }

  /** True once groups are rejoined and catch-up finished on the current connection. */
  get synced(): boolean {
    return this.#synced;
  }

  get groups(): GroupView[] {
    return this.subscriptions.groups;
  }

  /** Resolves when the current sync (rejoin + catch-up) is done. */
  whenSynced(): Promise<void> {
    return this.#sync;
  }

  /** Replaces the user's group choice; joins and leaves at once when connected. */
  setSubscriptions(groups: readonly string[]): Promise<void> {
    return this.subscriptions.setDesired(groups, this.#connectedInvoke());
  }

  /** Sends queued acknowledgements and read changes when connected; they stay queued otherwise. */
  flushOutbox(): void {
    if (this.#synced) drop(this.#flushOutbox(this.#epoch), this.#logger, 'outbox flush');
  }

  override dispose(): void {
    if (this.#cursorTimer) clearInterval(this.#cursorTimer);
    super.dispose();
  }

  #connectedInvoke(): Invoke | undefined {
    if (this.#supervisor.state !== SessionState.Connected) return undefined;
    return (method, ...args) => this.#supervisor.invoke(method, ...args);
  }

  #resync(why: string): void {
    const epoch = ++this.#epoch;
    this.#synced = false;
    this.#sync = this.#sync.then(() => this.#syncConnection(epoch, why));
  }

  async #syncConnection(epoch: number, why: string): Promise<void> {
    if (epoch !== this.#epoch) return;
    const invoke: Invoke = (method, ...args) => {
      if (epoch !== this.#epoch)
        return Promise.reject(new Error('superseded by a newer connection'));
      return this.#supervisor.invoke(method, ...args);
    };
    try {
      const joined = await this.subscriptions.syncOnConnect(invoke);
      const caughtUp = await this.#catchUp(invoke, joined, epoch);
      if (epoch !== this.#epoch) return;
      this.#synced = true;
      this.#startCursorCommits(epoch);
      this.#logger.info(
        `synced after ${why}: ${joined.length} groups joined, ${caughtUp} caught up`,
      );
      this.#onDidSync.fire({ joined, caughtUp });
      await this.#flushOutbox(epoch);
    } catch (error) {
      // The connection went away mid-sync; the next connect syncs again.
      this.#logger.warn(`sync after ${why} did not finish:`, error);
    }
  }

  async #catchUp(invoke: Invoke, groups: string[], epoch: number): Promise<number> {
    let since = this.#inbox.lastCursor;
    let added = 0;
    this.#toasts?.beginCatchUp();
    try {
      for (let page = 0; page < this.#maxPages; page++) {
        const raw = await invoke<unknown>('GetMissed', since, groups);
        if (epoch !== this.#epoch) return added;
        const parsed = MissedPageSchema.safeParse(raw);
        if (!parsed.success) {
          this.#reject('GetMissed', describeIssues(parsed.error));
          return added;
        }
        const { notifications, hasMore, latestCursor, truncated } = parsed.data;
        if (page === 0 && latestCursor < since) {
          // The hub's history went backwards (it was reset): everything it now holds is new to us.
          this.#onDidDetectGap.fire({ reason: 'history-reset', sinceCursor: since, latestCursor });
          this.#inbox.setLastCursor(0, { reset: true });
          since = 0;
          continue;
        }
        if (page === 0 && truncated) {
          this.#onDidDetectGap.fire({ reason: 'truncated', sinceCursor: since, latestCursor });
        }
        let highest = since;
        let sliceEnds = performance.now() + CATCH_UP_SLICE_MS;
        for (const item of notifications) {
          if (performance.now() >= sliceEnds) {
            await yieldToEventLoop();
            if (epoch !== this.#epoch) return added;
            sliceEnds = performance.now() + CATCH_UP_SLICE_MS;
          }
          const outcome = this.#ingest.missed(item);
          if (outcome.kind === 'stored') {
            added += 1;
            highest = Math.max(highest, outcome.notification.cursor);
          } else if (outcome.kind === 'duplicate') {
            highest = Math.max(highest, cursorOf(item));
          }
        }
        if (!hasMore) {
          this.#inbox.setLastCursor(Math.max(highest, latestCursor));
          return added;
        }
        if (highest <= since) {
          this.#reject('GetMissed', 'hasMore was set but the page did not advance the cursor');
          return added;
        }
        this.#inbox.setLastCursor(highest);
        since = highest;
      }
      this.#logger.warn(
        `catch-up stopped after ${this.#maxPages} pages; the rest follows on the next connect`,
      );
      return added;
    } finally {
      this.#toasts?.endCatchUp();
    }
  }

  #onLive(payload: unknown): void {
    const outcome = this.#ingest.live(payload);
    if (outcome.kind === 'stored') {
      this.#liveHighWater = Math.max(this.#liveHighWater, outcome.notification.cursor);
    }
  }

  #onRemote(method: string, parse: () => Parameters<SessionInbox['applyRemote']>[0]): void {
    let change: Parameters<SessionInbox['applyRemote']>[0];
    try {
      change = parse();
    } catch (error) {
      this.#reject(method, error instanceof z.ZodError ? describeIssues(error) : String(error));
      return;
    }
    this.#inbox.applyRemote(change);
    this.#onDidChangeInboxState.fire();
  }

  #reject(method: string, reason: string): void {
    this.#ingest.reject(method, reason);
  }

  /**
   * Live notifications move the saved cursor only after they have stood for a grace period on
   * the same unbroken connection: a lower cursor still in flight would otherwise be skipped by
   * the next catch-up if the app died in between.
   */
  #startCursorCommits(epoch: number): void {
    if (this.#cursorTimer) clearInterval(this.#cursorTimer);
    let candidate = this.#liveHighWater;
    this.#cursorTimer = setInterval(() => {
      if (epoch !== this.#epoch) {
        clearInterval(this.#cursorTimer);
        this.#cursorTimer = undefined;
        return;
      }
      if (candidate > this.#inbox.lastCursor) this.#inbox.setLastCursor(candidate);
      candidate = this.#liveHighWater;
    }, this.#grace);
    this.#cursorTimer.unref?.();
  }

  async #flushOutbox(epoch: number): Promise<void> {
    if (this.#flushingOutbox) {
      // Something was queued while a flush is sending: that flush goes round once more.
      this.#flushAgain = true;
      return;
    }
    this.#flushingOutbox = true;
    try {
      do {
        this.#flushAgain = false;
        for (const entry of this.#inbox.outbox()) {
          if (epoch !== this.#epoch || !(await this.#send(entry))) return;
        }
      } while (this.#flushAgain);
    } finally {
      this.#flushingOutbox = false;
    }
  }

  /** Sends one outbox entry; false when the connection failed and the rest must wait. */
  async #send(entry: OutboxEntry): Promise<boolean> {
    try {
      if (entry.kind === 'ack') await this.#supervisor.invoke('Acknowledge', entry.id);
      else await this.#supervisor.invoke(entry.read ? 'MarkRead' : 'MarkUnread', entry.ids);
      this.#inbox.completeOutbox(entry.seq);
      return true;
    } catch (error) {
      if (this.#supervisor.state === SessionState.Connected && /HubException/.test(String(error))) {
        // The hub refused it for good (e.g. the notification is gone); sending it again would not help.
        this.#logger.warn(`dropping outbox entry ${entry.seq}: ${hubMessage(error)}`);
        this.#inbox.completeOutbox(entry.seq);
        return true;
      }
      return false;
    }
  }
}

/** The cursor of a payload already known to be valid (a duplicate of a stored one). */
function cursorOf(item: unknown): number {
  const cursor = (item as { cursor?: unknown }).cursor;
  return typeof cursor === 'number' ? cursor : 0;
}
