// What the hub session needs from the inbox and the toast policy: narrow ports, so each side
// can be built and tested on its own.
import type { Event } from '../base/event';
import type { Notification } from '../schema/notification';

export type IngestSource = 'live' | 'catch-up';

export type OutboxEntry =
  | { seq: number; kind: 'ack'; id: string }
  | { seq: number; kind: 'read'; ids: string[]; read: boolean };

export type RemoteChange =
  | { kind: 'read'; ids: string[]; read: boolean }
  | { kind: 'acknowledged'; id: string }
  | { kind: 'retracted'; id: string };

export interface SessionInbox {
  /** Stores a new notification; `undefined` when its id is already stored. Committed on return. */
  add(
    notification: Notification,
    meta: { source: IngestSource; read?: boolean; acknowledged?: boolean },
  ): (Notification & { read: boolean }) | undefined;
  readonly lastCursor: number;
  setLastCursor(cursor: number, options?: { reset?: boolean }): void;
  readonly desiredGroups: readonly string[];
  setDesiredGroups(groups: readonly string[]): void;
  applyRemote(change: RemoteChange): void;
  outbox(): readonly OutboxEntry[];
  completeOutbox(seq: number): unknown;
  /** Fires when a command was queued for the hub, so the session can send it at once. */
  readonly onDidQueueOutbox?: Event<void>;
}

/** Satisfied by the ToastPolicy; `read` is set when another device already read it. */
export interface ToastSink {
  offer(
    notification: Notification & { read?: boolean },
    context: { source: IngestSource },
  ): unknown;
  beginCatchUp(): void;
  endCatchUp(): void;
}
