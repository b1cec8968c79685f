import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES, trayImageFile } from '../../src-main/electron/adapters/tray-images';

const assets = path.resolve(import.meta.dirname, '../../assets');

/** Width and height from a PNG's IHDR chunk. */
async function pngSize(file: string): Promise<[number, number]> {
  const bytes = await readFile(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('assets', () => {
  it('has every tray image the tray can ask for, at 1x and 2x', async () => {
    const files = new Set<string>();
    for (const state of TRAY_STATES)
      for (const unread of [false, true])
        for (const platform of ['darwin', 'win32', 'linux'] as const)
          for (const darkBackground of [false, true]) {
            const file = trayImageFile({ state, unread }, { platform, darkBackground });
            files.add(file.replace('@2x', ''));
          }
    for (const file of files) {
      expect(await pngSize(path.join(assets, 'tray', file))).toEqual([16, 16]);
      expect(await pngSize(path.join(assets, 'tray', file.replace('.png', '@2x.png')))).toEqual([
        32, 32,
      ]);
    }
    expect(files.size).toBe(24);
  });

  it('has the app icon as PNG, ICO and ICNS', async () => {
    expect(await pngSize(path.join(assets, 'icon.png'))).toEqual([512, 512]);
    expect(await pngSize(path.join(assets, 'icons', '256x256.png'))).toEqual([256, 256]);

    const ico = await readFile(path.join(assets, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);

    const icns = await readFile(path.join(assets, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4))
      types.push(icns.subarray(offset, offset + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
    expect((await stat(path.join(assets, 'icon.icns'))).size).toBeGreaterThan(10_000);
  });
});
