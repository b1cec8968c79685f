// Names the OS, the packager and the code must agree on.

/**
 * electron-builder's `appId` and the Windows AppUserModelID: Windows ties toasts, the taskbar
 * and the Start-menu shortcut to it. test/electron/app-identity.test.ts keeps it equal to
 * `appId` in electron-builder.yml.
 */
export const APP_ID = 'com.herald.desktop';

export const PRODUCT_NAME = 'Herald';

/** The privileged scheme the renderer is served from (see adapters/app-protocol.ts for why). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'herald';
export const RENDERER_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Passed by the autostart entry on every OS: start in the tray, without a window. */
export const HIDDEN_ARG = '--hidden';
