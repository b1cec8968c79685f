import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  autostartDir,
  LinuxAutostart,
  quoteExecArgument,
} from '../../src-main/electron/adapters/linux-autostart';
import { createLoginItem } from '../../src-main/electron/adapters/login-item';

let home: string;

beforeEach(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'herald-home-'));
});

afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

function execLine(text: string): string | undefined {
  return text.split('\n').find((line) => line.startsWith('Exec='));
}

describe('LinuxAutostart', () => {
  it('writes ~/.config/autostart/herald.desktop that starts Herald hidden', async () => {
    const autostart = new LinuxAutostart({
      env: {},
      homeDir: home,
      execPath: '/opt/Herald/herald',
    });
    await autostart.enable();
    const file = path.join(home, '.config', 'autostart', 'herald.desktop');
    expect(autostart.filePath).toBe(file);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('[Desktop Entry]\n')).toBe(true);
    expect(execLine(text)).toBe('Exec="/opt/Herald/herald" --hidden');
    expect(text).toContain('Type=Application\n');
    expect(text).toContain('X-GNOME-Autostart-enabled=true\n');
    expect(await autostart.isEnabled()).toBe(true);
    // Written atomically: no temporary file left behind.
    expect(await readdir(path.dirname(file))).toEqual(['herald.desktop']);
  });

  it('removes the entry when disabled, and disabling twice is fine', async () => {
    const autostart = new LinuxAutostart({
      env: {},
      homeDir: home,
      execPath: '/opt/Herald/herald',
    });
    await autostart.enable();
    await autostart.disable();
    expect(await autostart.isEnabled()).toBe(false);
    await expect(autostart.disable()).resolves.toBeUndefined();
  });

  it('respects XDG_CONFIG_HOME', async () => {
    const configHome = path.join(home, 'xdg');
    const autostart = new LinuxAutostart({
      env: { XDG_CONFIG_HOME: configHome },
      homeDir: home,
      execPath: '/opt/Herald/herald',
    });
    await autostart.enable();
    expect(await readFile(path.join(configHome, 'autostart', 'herald.desktop'), 'utf8')).toContain(
      '--hidden',
    );
  });

  it('ignores a relative XDG_CONFIG_HOME, as the spec says', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative/config' }, '/home/ada')).toBe(
      '/home/ada/.config/autostart',
    );
  });

  it('starts the AppImage itself, not its temporary mount', async () => {
    const autostart = new LinuxAutostart({
      env: { APPIMAGE: '/home/ada/Applications/Herald-0.1.0.AppImage' },
      homeDir: home,
      execPath: '/tmp/.mount_HeraldXyz/herald',
    });
    await autostart.enable();
    expect(execLine(await readFile(autostart.filePath, 'utf8'))).toBe(
      'Exec="/home/ada/Applications/Herald-0.1.0.AppImage" --hidden',
    );
  });
});

describe('quoteExecArgument', () => {
  it('quotes spaces and escapes what the Desktop Entry spec reserves', () => {
    expect(quoteExecArgument('/opt/My Apps/herald')).toBe('"/opt/My Apps/herald"');
    expect(quoteExecArgument('/opt/$HOME/"x"/`y`')).toBe(
      String.raw`"/opt/\\$HOME/\\"x\\"/\\` + '`' + String.raw`y\\` + '`"',
    );
    expect(quoteExecArgument('/opt/a\\b')).toBe(String.raw`"/opt/a\\\\b"`);
    expect(quoteExecArgument('/opt/100%/herald')).toBe('"/opt/100%%/herald"');
  });

  it('refuses line breaks', () => {
    expect(() => quoteExecArgument('/opt/a\nExec=evil')).toThrow();
  });
});

describe('createLoginItem', () => {
  it('uses the login item settings with --hidden on Windows and macOS', async () => {
    for (const platform of ['win32', 'darwin'] as const) {
      const calls: unknown[] = [];
      const item = createLoginItem({
        platform,
        app: { setLoginItemSettings: (settings) => calls.push(settings) },
        autostart: () => {
          throw new Error('no XDG on this platform');
        },
      });
      await item.setEnabled(true);
      await item.setEnabled(false);
      expect(calls).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    }
  });

  it('writes and removes the XDG entry on Linux', async () => {
    const autostart = new LinuxAutostart({
      env: {},
      homeDir: home,
      execPath: '/opt/Herald/herald',
    });
    const item = createLoginItem({
      platform: 'linux',
      app: {
        setLoginItemSettings: () => {
          throw new Error('not on Linux');
        },
      },
      autostart: () => autostart,
    });
    await item.setEnabled(true);
    expect(await autostart.isEnabled()).toBe(true);
    await item.setEnabled(false);
    expect(await autostart.isEnabled()).toBe(false);
  });
});
