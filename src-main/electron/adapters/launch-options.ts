// Whether this launch opens the window.
import { HIDDEN_ARG } from '../app-identity';

export interface LaunchFacts {
  argv: readonly string[];
  /** macOS: `app.getLoginItemSettings().wasOpenedAtLogin`; undefined elsewhere. */
  wasOpenedAtLogin?: boolean;
  /** A saved session was resumed. */
  signedIn: boolean;
}

export function launchedAtLogin(facts: Pick<LaunchFacts, 'argv' | 'wasOpenedAtLogin'>): boolean {
  return facts.argv.includes(HIDDEN_ARG) || facts.wasOpenedAtLogin === true;
}

/**
 * Start in the tray when started at login — but only when signed in: a signed-out Herald in
 * the tray receives nothing, so it shows the sign-in window instead.
 */
export function shouldStartHidden(facts: LaunchFacts): boolean {
  return launchedAtLogin(facts) && facts.signedIn;
}

/** A second launch focuses the window, unless it is the login item firing again. */
export function shouldShowForSecondInstance(argv: readonly string[]): boolean {
  return !argv.includes(HIDDEN_ARG);
}
