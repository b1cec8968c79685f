// What the inbox hands out: a notification as the hub sent it plus this device's state for it.
import type { Notification } from '../schema/notification';
import type { ItemSource } from './record-format';

export type { ItemSource } from './record-format';

/** This device's state for one notification. */
export interface InboxItemState {
  read: boolean;
  acknowledged: boolean;
  archived: boolean;
  /** When this device stored it, ms since the epoch; retention by age counts from here. */
  receivedAt: number;
  source: ItemSource;
}

/** A stored notification with its local state. Shared with the store: treat it as immutable. */
export type InboxItem = Readonly<Notification & InboxItemState>;

/** What `InboxStore.onDidChange` reports after a mutation; UIs refetch what they show. */
export type InboxChange =
  | { kind: 'added'; items: readonly InboxItem[] }
  | { kind: 'updated'; ids: readonly string[] }
  | { kind: 'removed'; ids: readonly string[] }
  /** Anything may have changed: refetch everything. */
  | { kind: 'reset' };
