// The settings file on a real disk: atomic saves, corrupt files set aside, bad fields dropped.
import {
  promises as fsp,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsFile, type SettingsFileSystem } from '../../src-main/core/settings/settings-file';
import type { UserSettings } from '../../src-main/core/settings/settings';

let dataDir: string;
beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'herald-settings-')), 'data');
});
afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

function settingsPath(): string {
  return join(dataDir, 'settings.json');
}

function writeSettingsText(text: string): void {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(settingsPath(), text);
}

describe('SettingsFile', () => {
  it('starts with nothing set when there is no file', async () => {
    const file = new SettingsFile({ dataDir });
    expect(await file.load()).toEqual({ user: {}, problems: [] });
    expect(file.current).toEqual({});
  });

  it('saves and loads the user settings, creating the data directory', async () => {
    const saved: UserSettings = { theme: 'dark', mutedGroups: ['noise'] };
    await new SettingsFile({ dataDir }).save(saved);

    const reloaded = new SettingsFile({ dataDir });
    expect(await reloaded.load()).toEqual({ user: saved, problems: [] });
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual(saved);
  });

  it('leaves no temporary file behind and keeps the file private to the user', async () => {
    await new SettingsFile({ dataDir }).save({ sound: false });
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
    if (process.platform !== 'win32') expect(statSync(settingsPath()).mode & 0o777).toBe(0o600);
  });

  it('announces a save after it reached the disk', async () => {
    const file = new SettingsFile({ dataDir });
    const seen: UserSettings[] = [];
    file.onDidChange((user) => seen.push(user));
    await file.save({ theme: 'light' });
    expect(seen).toEqual([{ theme: 'light' }]);
    expect(file.current).toEqual({ theme: 'light' });
  });

  it('keeps the previous file when the final rename fails, and cleans up', async () => {
    const file = new SettingsFile({ dataDir });
    await file.save({ theme: 'dark' });
    const failingRename: SettingsFileSystem = {
      ...fsp,
      rename: () => Promise.reject(Object.assign(new Error('EIO: disk gone'), { code: 'EIO' })),
    };
    const broken = new SettingsFile({ dataDir, fileSystem: failingRename });
    await broken.load();
    const seen: UserSettings[] = [];
    broken.onDidChange((user) => seen.push(user));

    await expect(broken.save({ theme: 'light' })).rejects.toThrow('EIO');
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual({ theme: 'dark' });
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
    expect(broken.current).toEqual({ theme: 'dark' });
    expect(seen).toEqual([]);
  });

  it('retries a rename Windows refuses for a moment (an antivirus holding the file)', async () => {
    let refusals = 1;
    const busyOnce: SettingsFileSystem = {
      ...fsp,
      rename: (from, to) =>
        refusals-- > 0
          ? Promise.reject(Object.assign(new Error('EPERM: busy'), { code: 'EPERM' }))
          : fsp.rename(from, to),
    };
    await new SettingsFile({ dataDir, fileSystem: busyOnce, platform: 'win32' }).save({
      sound: false,
    });
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual({ sound: false });
  });

  it('runs overlapping saves one after another so the last one wins', async () => {
    const file = new SettingsFile({ dataDir });
    await Promise.all([
      file.save({ retentionDays: 1 }),
      file.save({ retentionDays: 2 }),
      file.save({ retentionDays: 3 }),
    ]);
    expect(JSON.parse(readFileSync(settingsPath(), 'utf8'))).toEqual({ retentionDays: 3 });
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
  });

  it('moves a corrupt file aside, reports it and uses nothing from it', async () => {
    writeSettingsText('{"theme": "dark", ');
    const file = new SettingsFile({ dataDir, now: () => 1234 });

    const { user, problems } = await file.load();

    expect(user).toEqual({});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('not valid JSON');
    expect(problems[0]).toContain('settings.json.corrupt-1234');
    expect(readdirSync(dataDir)).toEqual(['settings.json.corrupt-1234']);
    expect(readFileSync(join(dataDir, 'settings.json.corrupt-1234'), 'utf8')).toBe(
      '{"theme": "dark", ',
    );
  });

  it('keeps the quarantined copy when the next save writes a fresh file', async () => {
    writeSettingsText('');
    const file = new SettingsFile({ dataDir, now: () => 99 });
    await file.load();
    await file.save({ sound: false });
    expect(readdirSync(dataDir).sort()).toEqual(['settings.json', 'settings.json.corrupt-99']);
  });

  it.each([['[1, 2]'], ['null'], ['"dark"']])(
    'treats %s as corrupt: not an object',
    async (text) => {
      writeSettingsText(text);
      const { user, problems } = await new SettingsFile({ dataDir, now: () => 7 }).load();
      expect(user).toEqual({});
      expect(problems[0]).toContain('not a JSON object');
    },
  );

  it('drops a bad field but keeps the file and its good fields', async () => {
    writeSettingsText(JSON.stringify({ theme: 'dark', retentionDays: 'forever' }));
    const { user, problems } = await new SettingsFile({ dataDir }).load();
    expect(user).toEqual({ theme: 'dark' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^settings\.retentionDays: /);
    expect(readdirSync(dataDir)).toEqual(['settings.json']);
  });
});
