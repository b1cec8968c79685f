// Waking up is the moment a sleeping connection is most likely dead: skip the backoff wait.
import { toDisposable, type Disposable } from '../../core/base/lifecycle';

export type WakeEvent = 'resume' | 'unlock-screen' | 'user-did-become-active';

/** The part of Electron's `powerMonitor` this needs. */
export interface PowerEvents {
  on(event: WakeEvent, listener: () => void): unknown;
  removeListener(event: WakeEvent, listener: () => void): unknown;
}

export interface Nudgeable {
  nudge(reason: string): void;
}

/** Each wake-up event and the reason it is logged with. */
export const WAKE_EVENTS: Readonly<Record<WakeEvent, string>> = {
  resume: 'system resumed',
  'unlock-screen': 'screen unlocked',
  // macOS only: the user came back after being idle.
  'user-did-become-active': 'user became active',
};

export function forwardWakeEvents(power: PowerEvents, target: Nudgeable): Disposable {
  const listeners = (Object.keys(WAKE_EVENTS) as WakeEvent[]).map((event) => {
    const listener = (): void => target.nudge(WAKE_EVENTS[event]);
    power.on(event, listener);
    return { event, listener };
  });
  return toDisposable(() => {
    for (const { event, listener } of listeners) power.removeListener(event, listener);
  });
}
