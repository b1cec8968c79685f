// What the tray shows for a session: the icon, the tooltip and the menu. Pure: the tray view
// draws whatever this returns.
import type { DoNotDisturb } from '../../core/settings/settings';
import type { SessionSnapshot } from '../../ipc/contract';
import { PRODUCT_NAME } from '../app-identity';
import type { TrayImage, TrayState } from './tray-images';

export type DoNotDisturbChoice = 'off' | 'on' | 'hour';

export type TrayCommand = 'open-inbox' | 'dnd-off' | 'dnd-on' | 'dnd-hour' | 'quit';

export type TrayMenuItem =
  /** A line that says something and does nothing (shown disabled). */
  | { type: 'status'; label: string }
  | { type: 'command'; label: string; command: TrayCommand }
  | { type: 'radio'; label: string; command: TrayCommand; checked: boolean }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] }
  | { type: 'separator' };

export interface TrayModel {
  image: TrayImage;
  toolTip: string;
  menu: TrayMenuItem[];
}

export interface TrayInput {
  snapshot: SessionSnapshot;
  doNotDisturb: DoNotDisturb;
  /** Milliseconds since the epoch: decides whether "for 1 hour" is still running. */
  now: number;
}

/** Which Do-not-disturb radio item is checked. An hour that has passed reads as off. */
export function doNotDisturbChoice(dnd: DoNotDisturb, now: number): DoNotDisturbChoice {
  if (dnd.mode === 'on') return 'on';
  if (dnd.mode === 'until' && (dnd.until ?? 0) > now) return 'hour';
  return 'off';
}

/** The icon state: one of four, whatever the supervisor is doing in detail. */
export function trayState(snapshot: SessionSnapshot): TrayState {
  if (!snapshot.signedIn) return 'signed-out';
  switch (snapshot.state) {
    case 'connected':
      return 'connected';
    case 'connecting':
    case 'reconnecting':
    case 'waiting-to-retry':
      return 'reconnecting';
    case 'signed-out':
      return 'signed-out';
    case 'offline':
    case 'stopped':
      return 'offline';
  }
}

const STATE_TEXT: Readonly<Record<SessionSnapshot['state'], string>> = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  'waiting-to-retry': 'Reconnecting…',
  offline: 'Offline',
  stopped: 'Not connected',
  'signed-out': 'Signed out',
};

function statusText(snapshot: SessionSnapshot): string {
  return snapshot.signedIn ? STATE_TEXT[snapshot.state] : STATE_TEXT['signed-out'];
}

function unreadText(count: number): string | null {
  return count > 0 ? `${count} unread` : null;
}

/**
 * The tooltip: `Herald — 3 unread` when connected (the count is what matters then),
 * `Herald — connected`, `Herald — reconnecting… · 3 unread`, `… · do not disturb`.
 */
function toolTip(snapshot: SessionSnapshot, dnd: DoNotDisturbChoice): string {
  const unread = snapshot.signedIn ? unreadText(snapshot.unreadCount) : null;
  const state = statusText(snapshot).toLowerCase();
  const parts =
    snapshot.signedIn && snapshot.state === 'connected' && unread ? [unread] : [state, unread];
  if (dnd !== 'off') parts.push('do not disturb');
  return `${PRODUCT_NAME} — ${parts.filter((p) => p !== null).join(' · ')}`;
}

export function presentTray(input: TrayInput): TrayModel {
  const { snapshot } = input;
  const dnd = doNotDisturbChoice(input.doNotDisturb, input.now);
  const unread = snapshot.signedIn ? unreadText(snapshot.unreadCount) : null;
  return {
    image: { state: trayState(snapshot), unread: unread !== null },
    toolTip: toolTip(snapshot, dnd),
    menu: [
      { type: 'status', label: [statusText(snapshot), unread].filter(Boolean).join(' · ') },
      { type: 'separator' },
      {
        type: 'command',
        label: snapshot.signedIn ? 'Open inbox' : 'Sign in…',
        command: 'open-inbox',
      },
      {
        type: 'submenu',
        label: 'Do not disturb',
        items: [
          { type: 'radio', label: 'Off', command: 'dnd-off', checked: dnd === 'off' },
          { type: 'radio', label: 'On', command: 'dnd-on', checked: dnd === 'on' },
          { type: 'radio', label: 'For 1 hour', command: 'dnd-hour', checked: dnd === 'hour' },
        ],
      },
      { type: 'separator' },
      { type: 'command', label: `Quit ${PRODUCT_NAME}`, command: 'quit' },
    ],
  };
}
