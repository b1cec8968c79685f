import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  shouldShowForSecondInstance,
  shouldStartHidden,
} from '../../src-main/electron/adapters/launch-options';
import { APP_ID } from '../../src-main/electron/app-identity';

describe('shouldStartHidden', () => {
  it('starts in the tray when the autostart entry passed --hidden', () => {
    expect(shouldStartHidden({ argv: ['/opt/Herald/herald', '--hidden'], signedIn: true })).toBe(
      true,
    );
  });

  it('starts in the tray when macOS says it opened Herald at login', () => {
    expect(shouldStartHidden({ argv: ['Herald'], wasOpenedAtLogin: true, signedIn: true })).toBe(
      true,
    );
  });

  it('shows the window when the user started Herald', () => {
    expect(shouldStartHidden({ argv: ['Herald'], wasOpenedAtLogin: false, signedIn: true })).toBe(
      false,
    );
  });

  it('shows the sign-in window at login when nobody is signed in', () => {
    expect(shouldStartHidden({ argv: ['herald', '--hidden'], signedIn: false })).toBe(false);
  });
});

describe('shouldShowForSecondInstance', () => {
  it('focuses the window for a second launch, but not for a repeated login item', () => {
    expect(shouldShowForSecondInstance(['herald'])).toBe(true);
    expect(shouldShowForSecondInstance(['herald', '--hidden'])).toBe(false);
  });
});

describe('the app id', () => {
  it('is the appId electron-builder packages with (Windows ties toasts to it)', async () => {
    const config = await readFile(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
    expect(config.match(/^appId:\s*(\S+)\s*$/m)?.[1]).toBe(APP_ID);
  });
});
