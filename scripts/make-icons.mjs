#!/usr/bin/env node
// Draws Herald's icons from SVG and renders them with Chromium: the app icon (PNG, ICO, ICNS,
// Linux sizes) and the tray images (four states, unread badge, light/dark, macOS templates).
// The outputs are committed under assets/; run again after changing a drawing:
//
//   node scripts/make-icons.mjs            (Chromium at /usr/bin/chromium, or CHROMIUM=…)
//
// The tray file names must match src-main/electron/adapters/tray-images.ts
// (test/electron/assets.test.ts checks every one exists).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const assets = path.join(root, 'assets');

const TRAY_STATES = /** @type {const} */ (['connected', 'reconnecting', 'offline', 'signed-out']);
/** @typedef {(typeof TRAY_STATES)[number]} TrayState */

// ---------------------------------------------------------------------------------------------
// Drawings. The bell is drawn on a 24-unit grid.

const BELL =
  'M12 3.1C8.7 3.1 6.4 5.7 6.4 9.1v4.1c0 1-.4 2-1.1 2.7l-.8.8c-.6.6-.2 1.6.7 1.6h13.6' +
  'c.9 0 1.3-1 .7-1.6l-.8-.8c-.7-.7-1.1-1.7-1.1-2.7V9.1c0-3.4-2.3-6-5.6-6Z';
const CLAPPER = 'M9.7 19.6a2.3 2.3 0 0 0 4.6 0Z';
const KNOB = { cx: 12, cy: 2.9, r: 1.25 };
/** Ringing lines either side of the bell: a herald announcing. */
const WAVES =
  'M4.2 4.6A9.2 9.2 0 0 0 2.3 9.6M19.8 4.6a9.2 9.2 0 0 1 1.9 5' +
  'M6.6 6.3A6.3 6.3 0 0 0 5.1 9.4M17.4 6.3a6.3 6.3 0 0 1 1.5 3.1';

/**
 * The app icon: a white bell, ringing, on an indigo-to-violet rounded square.
 * @param {{ size: number; macGrid: boolean }} options macGrid: Apple's icon grid (an 824/1024
 *   tile with a soft shadow); otherwise the tile fills the canvas (Windows, Linux).
 */
function appIconSvg({ size, macGrid }) {
  const tile = macGrid ? { at: 100, size: 824 } : { at: 16, size: 992 };
  const radius = tile.size * 0.225;
  // Small renderings lose the waves and get a bigger bell, so the shape stays readable.
  const detailed = size >= 48;
  const bellScale = (tile.size / 24) * (detailed ? 0.62 : 0.74);
  const centre = tile.at + tile.size / 2;
  const bell = `translate(${centre} ${centre + tile.size * 0.015}) scale(${bellScale}) translate(-12 -11.4)`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="tile" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#6d6af8"/>
      <stop offset="1" stop-color="#7c3aed"/>
    </linearGradient>
    <radialGradient id="sheen" cx="0.3" cy="0.15" r="0.9">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/>
      <stop offset="0.6" stop-color="#ffffff" stop-opacity="0"/>
    </radialGradient>
    <filter id="tileShadow" x="-10%" y="-10%" width="120%" height="125%">
      <feDropShadow dx="0" dy="10" stdDeviation="12" flood-color="#000" flood-opacity="0.3"/>
    </filter>
    <!-- Outside the bell's transform: its offset and blur are in 1024-canvas units. -->
    <filter id="bellShadow" x="-20%" y="-20%" width="140%" height="150%">
      <feDropShadow dx="0" dy="12" stdDeviation="14" flood-color="#2e1065" flood-opacity="0.35"/>
    </filter>
  </defs>
  <g${macGrid ? ' filter="url(#tileShadow)"' : ''}>
    <rect x="${tile.at}" y="${tile.at}" width="${tile.size}" height="${tile.size}" rx="${radius}" fill="url(#tile)"/>
    <rect x="${tile.at}" y="${tile.at}" width="${tile.size}" height="${tile.size}" rx="${radius}" fill="url(#sheen)"/>
  </g>
  <g filter="${detailed ? 'url(#bellShadow)' : 'none'}">
    <g transform="${bell}" fill="#ffffff">
      <circle cx="${KNOB.cx}" cy="${KNOB.cy}" r="${KNOB.r}"/>
      <path d="${BELL}"/>
      <path d="${CLAPPER}"/>
      ${detailed ? `<path d="${WAVES}" fill="none" stroke="#ffffff" stroke-width="1.25" stroke-linecap="round"/>` : ''}
    </g>
  </g>
</svg>`;
}

/** Glyph colours for Windows/Linux tray images; macOS templates are black and alpha only. */
const TRAY_INK = { light: '#1f2328', dark: '#f4f4f6' };
const BADGE = { unread: '#e5484d', reconnecting: '#f5a524' };

/**
 * A tray glyph: the bell, hollow when not connected, with a slash when offline, a dimmed
 * outline when signed out, a ring badge while reconnecting, and a dot when there is unread mail.
 * @param {{ state: TrayState; unread: boolean; ink: string; template: boolean; size: number }} o
 */
function trayGlyphSvg({ state, unread, ink, template, size }) {
  const badge = (/** @type {string} */ colour) => (template ? ink : colour);
  const hollow = state === 'offline' || state === 'signed-out';
  const cutouts = [];
  const marks = [];
  if (unread) {
    cutouts.push('<circle cx="19" cy="5" r="5"/>');
    marks.push(`<circle cx="19" cy="5" r="3.4" fill="${badge(BADGE.unread)}"/>`);
  }
  if (state === 'reconnecting') {
    cutouts.push('<circle cx="18.6" cy="18.6" r="5.4"/>');
    marks.push(
      template
        ? `<circle cx="18.6" cy="18.6" r="2.9" fill="none" stroke="${ink}" stroke-width="1.7"/>`
        : `<circle cx="18.6" cy="18.6" r="3.7" fill="${badge(BADGE.reconnecting)}"/>`,
    );
  }
  if (state === 'offline') {
    cutouts.push(
      '<path d="M3 2.5 22 21.5" stroke="#000" stroke-width="5" stroke-linecap="round"/>',
    );
    marks.push(
      `<path d="M3.6 3.1 21.4 20.9" stroke="${ink}" stroke-width="2" stroke-linecap="round"/>`,
    );
  }
  const bellPaint = hollow
    ? `fill="none" stroke="${ink}" stroke-width="2" stroke-linejoin="round"`
    : `fill="${ink}"`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0.5 0.8 23 23">
  <defs>
    <mask id="cut" maskUnits="userSpaceOnUse" x="0" y="0" width="24" height="24">
      <rect x="0" y="0" width="24" height="24" fill="#fff"/>
      <g fill="#000">${cutouts.join('')}</g>
    </mask>
  </defs>
  <g mask="url(#cut)" opacity="${state === 'signed-out' ? 0.55 : 1}">
    <circle cx="${KNOB.cx}" cy="${KNOB.cy}" r="${KNOB.r}" fill="${ink}"/>
    <path d="${BELL}" ${bellPaint}/>
    <path d="${CLAPPER}" fill="${ink}"/>
  </g>
  ${marks.join('\n  ')}
</svg>`;
}

// ---------------------------------------------------------------------------------------------
// Rendering: the SVG is drawn into a canvas in Chromium; out come a PNG and the raw RGBA pixels.

/** Runs in the page: `(svg, size) => { png, rgba }` as base64. */
const RENDER_IN_PAGE = `async ({ svg, size }) => {
  const image = new Image(size, size);
  image.src = 'data:image/svg+xml;base64,' + btoa(unescape(encodeURIComponent(svg)));
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  context.clearRect(0, 0, size, size);
  context.drawImage(image, 0, 0, size, size);
  const pixels = context.getImageData(0, 0, size, size).data;
  let binary = '';
  for (let i = 0; i < pixels.length; i += 0x8000)
    binary += String.fromCharCode(...pixels.subarray(i, i + 0x8000));
  return { png: canvas.toDataURL('image/png').split(',')[1], rgba: btoa(binary) };
}`;

/**
 * @typedef {{ png: Buffer; rgba: Buffer; size: number }} Rendering
 * @param {import('playwright-core').Page} page
 * @param {string} svg
 * @param {number} size
 * @returns {Promise<Rendering>}
 */
async function render(page, svg, size) {
  /** @type {{ png: string; rgba: string }} */
  const result = await page.evaluate(`(${RENDER_IN_PAGE})(${JSON.stringify({ svg, size })})`);
  return { png: Buffer.from(result.png, 'base64'), rgba: Buffer.from(result.rgba, 'base64'), size };
}

// ---------------------------------------------------------------------------------------------
// Containers.

/**
 * A 32-bit BMP (DIB) icon entry: BITMAPINFOHEADER, BGRA rows bottom-up, and an all-zero AND
 * mask (the alpha channel decides). Every Windows tool reads these, including NSIS.
 * @param {Rendering} r
 */
function dibEntry(r) {
  const { size, rgba } = r;
  const maskRow = Math.ceil(size / 32) * 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // XOR bitmap + AND mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20);
  const pixels = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 4;
      const to = ((size - 1 - y) * size + x) * 4;
      pixels[to] = rgba[from + 2] ?? 0;
      pixels[to + 1] = rgba[from + 1] ?? 0;
      pixels[to + 2] = rgba[from] ?? 0;
      pixels[to + 3] = rgba[from + 3] ?? 0;
    }
  }
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

/**
 * ICO: ICONDIR, one ICONDIRENTRY per size, then the images (DIB below 256 px, PNG at 256).
 * @param {Rendering[]} renderings
 */
function ico(renderings) {
  const images = renderings.map((r) => (r.size >= 256 ? r.png : dibEntry(r)));
  const directory = Buffer.alloc(6 + 16 * renderings.length);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2);
  directory.writeUInt16LE(renderings.length, 4);
  let offset = directory.length;
  renderings.forEach((r, i) => {
    const entry = 6 + 16 * i;
    const image = /** @type {Buffer} */ (images[i]);
    directory.writeUInt8(r.size >= 256 ? 0 : r.size, entry);
    directory.writeUInt8(r.size >= 256 ? 0 : r.size, entry + 1);
    directory.writeUInt8(0, entry + 2);
    directory.writeUInt8(0, entry + 3);
    directory.writeUInt16LE(1, entry + 4);
    directory.writeUInt16LE(32, entry + 6);
    directory.writeUInt32LE(image.length, entry + 8);
    directory.writeUInt32LE(offset, entry + 12);
    offset += image.length;
  });
  return Buffer.concat([directory, ...images]);
}

/**
 * ICNS: 'icns' + total length, then (type, length incl. the 8-byte header, PNG) per entry.
 * @param {Array<[string, Buffer]>} entries
 */
function icns(entries) {
  const chunks = entries.map(([type, png]) => {
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([header, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([header, ...chunks]);
}

// ---------------------------------------------------------------------------------------------

const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM'] ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><title>icons</title>');

  /** @type {(size: number, macGrid?: boolean) => Promise<Rendering>} */
  const appIcon = (size, macGrid = false) => render(page, appIconSvg({ size, macGrid }), size);

  await mkdir(path.join(assets, 'icons'), { recursive: true });
  await mkdir(path.join(assets, 'tray'), { recursive: true });
  await writeFile(path.join(assets, 'icon.svg'), appIconSvg({ size: 1024, macGrid: false }));

  await writeFile(path.join(assets, 'icon.png'), (await appIcon(512)).png);
  for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
    await writeFile(path.join(assets, 'icons', `${size}x${size}.png`), (await appIcon(size)).png);
  }

  const icoSizes = [16, 24, 32, 48, 64, 128, 256];
  await writeFile(
    path.join(assets, 'icon.ico'),
    ico(await Promise.all(icoSizes.map((size) => appIcon(size)))),
  );

  /** @type {Array<[string, number]>} */
  const icnsTypes = [
    ['ic11', 32],
    ['ic12', 64],
    ['ic07', 128],
    ['ic13', 256],
    ['ic08', 256],
    ['ic14', 512],
    ['ic09', 512],
    ['ic10', 1024],
  ];
  /** @type {Array<[string, Buffer]>} */
  const icnsEntries = [];
  for (const [type, size] of icnsTypes) icnsEntries.push([type, (await appIcon(size, true)).png]);
  await writeFile(path.join(assets, 'icon.icns'), icns(icnsEntries));

  let trayFiles = 0;
  for (const state of TRAY_STATES) {
    for (const unread of [false, true]) {
      const name = `${state}${unread ? '-unread' : ''}`;
      const variants = [
        { file: name, ink: TRAY_INK.light, template: false },
        { file: `${name}-dark`, ink: TRAY_INK.dark, template: false },
        { file: `${name}Template`, ink: '#000000', template: true },
      ];
      for (const variant of variants) {
        for (const [suffix, size] of /** @type {const} */ ([
          ['', 16],
          ['@2x', 32],
        ])) {
          const svg = trayGlyphSvg({
            state,
            unread,
            size,
            ink: variant.ink,
            template: variant.template,
          });
          await writeFile(
            path.join(assets, 'tray', `${variant.file}${suffix}.png`),
            (await render(page, svg, size)).png,
          );
          trayFiles += 1;
        }
      }
    }
  }
  console.log(
    `wrote icon.svg, icon.png, icons/*, icon.ico, icon.icns and ${trayFiles} tray images`,
  );
} finally {
  await browser.close();
}
