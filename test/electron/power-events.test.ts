import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  forwardWakeEvents,
  type PowerEvents,
  type WakeEvent,
} from '../../src-main/electron/adapters/power-events';

/** Stands in for powerMonitor: an emitter of our PowerEvents interface. */
class FakePowerEvents extends EventEmitter implements PowerEvents {
  emitWake(event: WakeEvent | 'suspend' | 'lock-screen'): void {
    this.emit(event);
  }
}

describe('forwardWakeEvents', () => {
  it('nudges the session on resume, unlock and the user coming back', () => {
    const power = new FakePowerEvents();
    const nudges: string[] = [];
    forwardWakeEvents(power, { nudge: (reason) => nudges.push(reason) });
    power.emitWake('resume');
    power.emitWake('unlock-screen');
    power.emitWake('user-did-become-active');
    expect(nudges).toEqual(['system resumed', 'screen unlocked', 'user became active']);
  });

  it('does not nudge on going to sleep or locking', () => {
    const power = new FakePowerEvents();
    const nudges: string[] = [];
    forwardWakeEvents(power, { nudge: (reason) => nudges.push(reason) });
    power.emitWake('suspend');
    power.emitWake('lock-screen');
    expect(nudges).toEqual([]);
  });

  it('stops listening when disposed', () => {
    const power = new FakePowerEvents();
    const nudges: string[] = [];
    forwardWakeEvents(power, { nudge: (reason) => nudges.push(reason) }).dispose();
    power.emitWake('resume');
    expect(nudges).toEqual([]);
    expect(power.listenerCount('resume')).toBe(0);
  });
});
