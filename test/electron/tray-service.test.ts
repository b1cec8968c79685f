import { afterEach, describe, expect, it } from 'vitest';
import { Emitter } from '../../src-main/core/base/event';
import type { DoNotDisturb } from '../../src-main/core/settings/settings';
import type { SessionSnapshot } from '../../src-main/ipc/contract';
import type { TrayImage } from '../../src-main/electron/adapters/tray-images';
import type {
  DoNotDisturbChoice,
  TrayCommand,
  TrayMenuItem,
} from '../../src-main/electron/adapters/tray-presenter';
import { TrayService, type TrayView } from '../../src-main/electron/adapters/tray-service';
import { FakeTimers, snapshot } from './fakes';

class RecordingTrayView implements TrayView {
  readonly calls: string[] = [];
  image: TrayImage | undefined;
  toolTip = '';
  menu: readonly TrayMenuItem[] = [];
  readonly select = new Emitter<TrayCommand>();
  readonly onDidSelect = this.select.event;

  setImage(image: TrayImage): void {
    this.calls.push('image');
    this.image = image;
  }
  setToolTip(text: string): void {
    this.calls.push('toolTip');
    this.toolTip = text;
  }
  setMenu(menu: readonly TrayMenuItem[]): void {
    this.calls.push('menu');
    this.menu = menu;
  }
}

function checkedDnd(menu: readonly TrayMenuItem[]): string | undefined {
  const submenu = menu.find((i) => i.type === 'submenu');
  if (submenu?.type !== 'submenu') return undefined;
  return submenu.items.flatMap((i) => (i.type === 'radio' && i.checked ? [i.label] : []))[0];
}

function setUp(options: { failDnd?: boolean } = {}) {
  const timers = new FakeTimers();
  const view = new RecordingTrayView();
  const status = new Emitter<SessionSnapshot>();
  let current = snapshot();
  let dnd: DoNotDisturb = { mode: 'off', until: null };
  const actions: string[] = [];
  const service = new TrayService({
    view,
    timers,
    source: {
      snapshot: () => current,
      doNotDisturb: () => dnd,
      onDidChangeStatus: status.event,
    },
    actions: {
      openInbox: () => actions.push('open inbox'),
      quit: () => actions.push('quit'),
      setDoNotDisturb: async (choice: DoNotDisturbChoice) => {
        actions.push(`dnd ${choice}`);
        if (options.failDnd) throw new Error('locked by policy');
        dnd =
          choice === 'hour'
            ? { mode: 'until', until: timers.now() + 3_600_000 }
            : { mode: choice, until: null };
        status.fire(current);
      },
    },
  });
  const change = (next: Partial<SessionSnapshot>): void => {
    current = snapshot(next);
    status.fire(current);
  };
  return { service, view, timers, actions, change };
}

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

describe('TrayService', () => {
  it('draws the tray at once', () => {
    const { service, view } = setUp();
    dispose = () => service.dispose();
    expect(view.calls).toEqual(['image', 'toolTip', 'menu']);
    expect(view.image).toEqual({ state: 'connected', unread: false });
  });

  it('redraws only what changed', () => {
    const { service, view, change } = setUp();
    dispose = () => service.dispose();
    view.calls.length = 0;
    change({ state: 'connected' });
    expect(view.calls).toEqual([]);
    change({ state: 'reconnecting' });
    expect(view.calls).toEqual(['image', 'toolTip', 'menu']);
    expect(view.image).toEqual({ state: 'reconnecting', unread: false });
  });

  it('runs the picked commands', async () => {
    const { service, view, actions } = setUp();
    dispose = () => service.dispose();
    view.select.fire('open-inbox');
    view.select.fire('dnd-on');
    view.select.fire('quit');
    await Promise.resolve();
    expect(actions).toEqual(['open inbox', 'dnd on', 'quit']);
    expect(checkedDnd(view.menu)).toBe('On');
  });

  it('unchecks "For 1 hour" when the hour is over', async () => {
    const { service, view, timers } = setUp();
    dispose = () => service.dispose();
    view.select.fire('dnd-hour');
    await Promise.resolve();
    expect(checkedDnd(view.menu)).toBe('For 1 hour');
    timers.advance(3_600_000 + 1_000);
    expect(checkedDnd(view.menu)).toBe('Off');
  });

  it('redraws the real state when Do not disturb cannot change', async () => {
    const { service, view } = setUp({ failDnd: true });
    dispose = () => service.dispose();
    view.calls.length = 0;
    view.select.fire('dnd-on');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.calls).toContain('menu');
    expect(checkedDnd(view.menu)).toBe('Off');
  });

  it('stops listening and timing when disposed', async () => {
    const { service, view, timers, change } = setUp();
    view.select.fire('dnd-hour');
    await Promise.resolve();
    service.dispose();
    expect(timers.pending).toBe(0);
    view.calls.length = 0;
    change({ state: 'offline' });
    expect(view.calls).toEqual([]);
  });
});
