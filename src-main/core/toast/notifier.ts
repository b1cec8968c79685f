// The toast port: what the policy asks the OS to show. The Electron adapter turns a request into
// an OS notification; tests record requests.
import type { Notification, Severity } from '../schema/notification';

/** One notification shown on its own. */
export interface SingleToastRequest {
  kind: 'single';
  notification: Notification;
  /** Show without the OS sound. */
  silent: boolean;
  /** Stay on screen until dismissed (critical, or needs an acknowledgement). */
  sticky: boolean;
  urgency: 'normal' | 'critical';
}

/** Several notifications shown as one toast (a flood, or what arrived while away). */
export interface SummaryToastRequest {
  kind: 'summary';
  /** E.g. `7 more notifications`, `12 notifications while you were away`. */
  title: string;
  /** The first few titles, most severe first, one per line. */
  body: string;
  count: number;
  /** Every notification the summary stands for, in arrival order: clicking opens the inbox. */
  ids: string[];
  highestSeverity: Severity;
  silent: boolean;
}

export type ToastRequest = SingleToastRequest | SummaryToastRequest;

export interface Notifier {
  show(request: ToastRequest): void;
}
