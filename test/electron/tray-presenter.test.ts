import { describe, expect, it } from 'vitest';
import {
  doNotDisturbChoice,
  presentTray,
  type TrayMenuItem,
} from '../../src-main/electron/adapters/tray-presenter';
import { TRAY_STATES, trayImageFile } from '../../src-main/electron/adapters/tray-images';
import type { DoNotDisturb } from '../../src-main/core/settings/settings';
import type { SessionSnapshot } from '../../src-main/ipc/contract';
import { signedOut, snapshot } from './fakes';

const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const OFF: DoNotDisturb = { mode: 'off', until: null };

function present(s: SessionSnapshot, doNotDisturb: DoNotDisturb = OFF) {
  return presentTray({ snapshot: s, doNotDisturb, now: NOW });
}

function dndItems(menu: TrayMenuItem[]): Record<string, boolean> {
  const submenu = menu.find((i) => i.type === 'submenu' && i.label === 'Do not disturb');
  if (submenu?.type !== 'submenu') throw new Error('no Do not disturb submenu');
  return Object.fromEntries(
    submenu.items.map((i) => (i.type === 'radio' ? [i.label, i.checked] : ['?', false])),
  );
}

function commands(menu: TrayMenuItem[]): string[] {
  return menu.flatMap((i) =>
    i.type === 'command'
      ? [`${i.command}:${i.label}`]
      : i.type === 'submenu'
        ? commands(i.items)
        : [],
  );
}

describe('presentTray', () => {
  it.each([
    ['connected', 'connected', 'Herald — connected'],
    ['connecting', 'reconnecting', 'Herald — connecting…'],
    ['reconnecting', 'reconnecting', 'Herald — reconnecting…'],
    ['waiting-to-retry', 'reconnecting', 'Herald — reconnecting…'],
    ['offline', 'offline', 'Herald — offline'],
    ['stopped', 'offline', 'Herald — not connected'],
    ['signed-out', 'signed-out', 'Herald — signed out'],
  ] as const)('shows the %s session as the %s icon', (state, icon, toolTip) => {
    const model = present(snapshot({ state }));
    expect(model.image).toEqual({ state: icon, unread: false });
    expect(model.toolTip).toBe(toolTip);
  });

  it('shows a signed-out app as signed out, with Sign in instead of Open inbox', () => {
    const model = present(signedOut());
    expect(model.image).toEqual({ state: 'signed-out', unread: false });
    expect(model.toolTip).toBe('Herald — signed out');
    expect(model.menu[0]).toEqual({ type: 'status', label: 'Signed out' });
    expect(commands(model.menu)).toContain('open-inbox:Sign in…');
  });

  it('counts unread items in the tooltip, the status line and the badge', () => {
    const model = present(snapshot({ unreadCount: 3 }));
    expect(model.image).toEqual({ state: 'connected', unread: true });
    expect(model.toolTip).toBe('Herald — 3 unread');
    expect(model.menu[0]).toEqual({ type: 'status', label: 'Connected · 3 unread' });
  });

  it('keeps the connection state in the tooltip when not connected', () => {
    const model = present(snapshot({ state: 'offline', unreadCount: 2 }));
    expect(model.image).toEqual({ state: 'offline', unread: true });
    expect(model.toolTip).toBe('Herald — offline · 2 unread');
  });

  it('offers Open inbox, Do not disturb and Quit', () => {
    const model = present(snapshot());
    expect(commands(model.menu)).toEqual(['open-inbox:Open inbox', 'quit:Quit Herald']);
    expect(Object.keys(dndItems(model.menu))).toEqual(['Off', 'On', 'For 1 hour']);
  });

  it.each([
    [
      { mode: 'off', until: null },
      { Off: true, On: false, 'For 1 hour': false },
    ],
    [
      { mode: 'on', until: null },
      { Off: false, On: true, 'For 1 hour': false },
    ],
    [
      { mode: 'until', until: NOW + 60_000 },
      { Off: false, On: false, 'For 1 hour': true },
    ],
    [
      { mode: 'until', until: NOW - 1 },
      { Off: true, On: false, 'For 1 hour': false },
    ],
  ] as const)('checks the Do not disturb item for %j', (dnd, checked) => {
    expect(dndItems(present(snapshot(), dnd).menu)).toEqual(checked);
  });

  it('says so in the tooltip while Do not disturb is on', () => {
    expect(present(snapshot(), { mode: 'on', until: null }).toolTip).toBe(
      'Herald — connected · do not disturb',
    );
  });
});

describe('doNotDisturbChoice', () => {
  it('reads an hour that has run out as off', () => {
    expect(doNotDisturbChoice({ mode: 'until', until: NOW }, NOW)).toBe('off');
    expect(doNotDisturbChoice({ mode: 'until', until: NOW + 1 }, NOW)).toBe('hour');
  });
});

describe('trayImageFile', () => {
  it('uses template images on macOS, whatever the theme', () => {
    const image = { state: 'offline', unread: true } as const;
    expect(trayImageFile(image, { platform: 'darwin', darkBackground: true })).toBe(
      'offline-unreadTemplate.png',
    );
  });

  it('picks the light or dark image on Windows', () => {
    const image = { state: 'connected', unread: false } as const;
    expect(trayImageFile(image, { platform: 'win32', darkBackground: false })).toBe(
      'connected.png',
    );
    expect(trayImageFile(image, { platform: 'win32', darkBackground: true })).toBe(
      'connected-dark.png',
    );
  });

  it('hands Linux panels the 32 px light or dark image, which they scale down cleanly', () => {
    const image = { state: 'offline', unread: false } as const;
    expect(trayImageFile(image, { platform: 'linux', darkBackground: false })).toBe(
      'offline@2x.png',
    );
    expect(trayImageFile(image, { platform: 'linux', darkBackground: true })).toBe(
      'offline-dark@2x.png',
    );
  });

  it('has four states', () => {
    expect(TRAY_STATES).toEqual(['connected', 'reconnecting', 'offline', 'signed-out']);
  });
});
