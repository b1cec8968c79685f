// Every notification from the hub enters here: schema check, dedup by id, store, then toast.
import { Emitter, type Event } from '../base/event';
import { DisposableObject } from '../base/lifecycle';
import { silentLogger, type Logger } from '../base/log';
import {
  describeIssues,
  parseMissedNotification,
  parseNotification,
  type Notification,
} from '../schema/notification';
import type { IngestSource, SessionInbox, ToastSink } from './ports';

export type IngestOutcome =
  | { kind: 'stored'; notification: Notification }
  | { kind: 'duplicate'; id: string }
  | { kind: 'rejected'; reason: string };

export interface ReceivedEvent {
  notification: Notification;
  source: IngestSource;
}

export interface RejectedPayload {
  method: string;
  reason: string;
}

export class NotificationIngest extends DisposableObject {
  readonly #inbox: Pick<SessionInbox, 'add'>;
  readonly #toasts: ToastSink | undefined;
  readonly #logger: Logger;

  readonly #onDidReceive = this.register(new Emitter<ReceivedEvent>());
  /** A new notification was stored (never fires twice for one id). */
  readonly onDidReceive: Event<ReceivedEvent> = this.#onDidReceive.event;
  readonly #onDidReject = this.register(new Emitter<RejectedPayload>());
  /** A payload failed validation; it was logged with the reason and dropped. */
  readonly onDidReject: Event<RejectedPayload> = this.#onDidReject.event;

  constructor(options: { inbox: Pick<SessionInbox, 'add'>; toasts?: ToastSink; logger?: Logger }) {
    super();
    this.#inbox = options.inbox;
    this.#toasts = options.toasts;
    this.#logger = options.logger ?? silentLogger;
  }

  /** A `ReceiveNotification` payload. */
  live(payload: unknown): IngestOutcome {
    const parsed = parseNotification(payload);
    if (!parsed.success) return this.reject('ReceiveNotification', describeIssues(parsed.error));
    return this.#store(parsed.data, 'live', false, false);
  }

  /** One item of a `GetMissed` page, which also carries read / acknowledged state. */
  missed(payload: unknown): IngestOutcome {
    const parsed = parseMissedNotification(payload);
    if (!parsed.success) return this.reject('GetMissed', describeIssues(parsed.error));
    return this.#store(parsed.notification, 'catch-up', parsed.read, parsed.acknowledged);
  }

  /** Reports a payload that cannot be used, and why. */
  reject(method: string, reason: string): IngestOutcome {
    this.#logger.warn(`rejected a ${method} payload: ${reason}`);
    this.#onDidReject.fire({ method, reason });
    return { kind: 'rejected', reason };
  }

  #store(
    notification: Notification,
    source: IngestSource,
    read: boolean,
    acknowledged: boolean,
  ): IngestOutcome {
    let stored: ReturnType<SessionInbox['add']>;
    try {
      stored = this.#inbox.add(notification, { source, read, acknowledged });
    } catch (error) {
      this.#logger.error(`could not store notification ${notification.id}:`, error);
      return { kind: 'rejected', reason: 'the inbox could not store it' };
    }
    if (!stored) return { kind: 'duplicate', id: notification.id };
    this.#onDidReceive.fire({ notification: stored, source });
    this.#toasts?.offer(stored, { source });
    return { kind: 'stored', notification: stored };
  }
}
