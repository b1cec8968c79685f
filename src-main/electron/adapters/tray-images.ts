// Which tray image file shows which state. scripts/make-icons.mjs draws exactly these files.

export const TRAY_STATES = ['connected', 'reconnecting', 'offline', 'signed-out'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export interface TrayImage {
  state: TrayState;
  /** Adds the unread badge. */
  unread: boolean;
}

export interface TrayImageContext {
  platform: NodeJS.Platform;
  /** The taskbar or panel is dark (ignored on macOS, where template images adapt by themselves). */
  darkBackground: boolean;
}

/** `connected`, `connected-unread`, `offline` … */
export function trayImageName(image: TrayImage): string {
  return `${image.state}${image.unread ? '-unread' : ''}`;
}

/**
 * The file for this image. Every image exists at 16 px and, as `@2x`, at 32 px; Electron picks the
 * `@2x` sibling by itself on HiDPI screens.
 * - macOS: `connectedTemplate.png`: a black-and-alpha template image; Electron marks files
 *   ending in `Template` as templates and macOS tints them for light and dark menu bars.
 * - Windows: `connected.png` (a dark glyph for light taskbars) or `connected-dark.png` (a light
 *   glyph for dark ones).
 * - Linux: the same, but always the 32 px file: panels draw tray icons at 22–24 px and Electron
 *   scales a 16 px image up blurrily, while it scales a larger one down cleanly
 *   (https://github.com/electron/electron/issues/12791).
 */
export function trayImageFile(image: TrayImage, context: TrayImageContext): string {
  const name = trayImageName(image);
  if (context.platform === 'darwin') return `${name}Template.png`;
  const base = `${name}${context.darkBackground ? '-dark' : ''}`;
  return context.platform === 'win32' ? `${base}.png` : `${base}@2x.png`;
}
