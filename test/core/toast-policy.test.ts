// Toast policy: every suppression rule, flood coalescing, catch-up summaries, and the promise
// that every toastable notification is shown exactly once, alone or in a summary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Disposable } from '../../src-main/core/base/lifecycle';
import {
  NotificationSchema,
  type Notification,
  type Severity,
} from '../../src-main/core/schema/notification';
import { defaultSettings, QuietHoursSchema } from '../../src-main/core/settings/settings';
import type { Notifier, ToastRequest } from '../../src-main/core/toast/notifier';
import { isWithinQuietHours, type LocalTimeOf } from '../../src-main/core/toast/quiet-hours';
import type { ToastSettings } from '../../src-main/core/toast/toast-decision';
import {
  ToastPolicy,
  type BurstOptions,
  type ToastClock,
} from '../../src-main/core/toast/toast-policy';

/** A clock that moves only when told, running due timers in order. */
class FakeClock implements ToastClock {
  #now: number;
  #sequence = 0;
  readonly #timers: { at: number; sequence: number; callback: () => void }[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): Disposable {
    const timer = { at: this.#now + delayMs, sequence: ++this.#sequence, callback };
    this.#timers.push(timer);
    return {
      dispose: () => {
        const index = this.#timers.indexOf(timer);
        if (index >= 0) this.#timers.splice(index, 1);
      },
    };
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.sequence - b.sequence)[0];
      if (!due) break;
      this.#timers.splice(this.#timers.indexOf(due), 1);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = target;
  }
}

class RecordingNotifier implements Notifier {
  readonly requests: ToastRequest[] = [];

  show(request: ToastRequest): void {
    this.requests.push(request);
  }

  get singleIds(): string[] {
    return this.requests.flatMap((r) => (r.kind === 'single' ? [r.notification.id] : []));
  }

  get summaries(): Extract<ToastRequest, { kind: 'summary' }>[] {
    return this.requests.flatMap((r) => (r.kind === 'summary' ? [r] : []));
  }

  /** Every id shown, alone or in a summary, in the order shown. */
  get shownIds(): string[] {
    return this.requests.flatMap((r) => (r.kind === 'single' ? [r.notification.id] : r.ids));
  }
}

/** Treats epoch ms as the wall clock in UTC, so tests do not depend on the machine's zone. */
const utcLocalTime: LocalTimeOf = (ms) => {
  const date = new Date(ms);
  return { weekday: date.getUTCDay(), minuteOfDay: date.getUTCHours() * 60 + date.getUTCMinutes() };
};

/** 1 January 2024 was a Monday. `wallClock(0, '22:30')` is Monday 22:30 (UTC wall clock). */
function wallClock(daysAfterMonday: number, time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return Date.UTC(2024, 0, 1 + daysAfterMonday, hours, minutes);
}

const MONDAY_NOON = wallClock(0, '12:00');

let nextId = 0;
function notification(overrides: Record<string, unknown> = {}): Notification {
  return NotificationSchema.parse({
    id: `n${++nextId}`,
    cursor: nextId,
    title: `Notification ${nextId}`,
    severity: 'info',
    sentAt: new Date(MONDAY_NOON).toISOString(),
    sender: { id: 'ops', displayName: 'Ops' },
    target: { kind: 'all' },
    ...overrides,
  });
}

function toastSettings(overrides: Partial<ToastSettings> = {}): ToastSettings {
  return { ...structuredClone(defaultSettings), ...overrides };
}

function setup(
  options: { settings?: Partial<ToastSettings>; start?: number; burst?: BurstOptions } = {},
) {
  const clock = new FakeClock(options.start ?? MONDAY_NOON);
  const notifier = new RecordingNotifier();
  let settings = toastSettings(options.settings);
  const policy = new ToastPolicy({
    notifier,
    clock,
    settings: () => settings,
    localTime: utcLocalTime,
    ...(options.burst ? { burst: options.burst } : {}),
  });
  return {
    clock,
    notifier,
    policy,
    changeSettings(patch: Partial<ToastSettings>) {
      settings = { ...settings, ...patch };
    },
  };
}

const live = { source: 'live' } as const;
const catchUp = { source: 'catch-up' } as const;

describe('ToastPolicy: who toasts', () => {
  it('toasts a plain notification on its own, with sound', () => {
    const { policy, notifier } = setup();
    const n = notification();
    expect(policy.offer(n, live)).toBe('shown');
    expect(notifier.requests).toEqual([
      { kind: 'single', notification: n, silent: false, sticky: false, urgency: 'normal' },
    ]);
  });

  it('keeps critical toasts on screen with critical urgency, and also those needing an ack', () => {
    const { policy, notifier } = setup();
    policy.offer(notification({ severity: 'critical' }), live);
    policy.offer(notification({ requireAck: true }), live);
    expect(notifier.requests).toMatchObject([
      { sticky: true, urgency: 'critical' },
      { sticky: true, urgency: 'normal' },
    ]);
  });

  it('never toasts an expired notification, even a critical one', () => {
    const { policy, notifier } = setup();
    const expired = notification({
      severity: 'critical',
      expiresAt: new Date(MONDAY_NOON).toISOString(),
    });
    expect(policy.offer(expired, live)).toBe('expired');
    const later = notification({ expiresAt: new Date(MONDAY_NOON + 1).toISOString() });
    expect(policy.offer(later, live)).toBe('shown');
    expect(notifier.singleIds).toEqual([later.id]);
  });

  it('never toasts what another device already read or acknowledged', () => {
    const { policy, notifier } = setup();
    expect(policy.offer({ ...notification({ severity: 'critical' }), read: true }, catchUp)).toBe(
      'already-read',
    );
    expect(policy.offer({ ...notification(), acknowledged: true }, live)).toBe('already-read');
    expect(notifier.requests).toEqual([]);
  });

  it('holds back notifications below the minimum severity', () => {
    const { policy } = setup({ settings: { minimumToastSeverity: 'warning' } });
    expect(policy.offer(notification({ severity: 'info' }), live)).toBe('below-minimum');
    expect(policy.offer(notification({ severity: 'warning' }), live)).toBe('shown');
  });

  describe('muted groups', () => {
    const settings = { mutedGroups: ['noise'] };

    it('holds back notifications that came through a muted group', () => {
      const { policy } = setup({ settings });
      expect(policy.offer(notification({ target: { kind: 'group', group: 'noise' } }), live)).toBe(
        'muted-group',
      );
      expect(
        policy.offer(notification({ target: { kind: 'othersInGroup', group: 'noise' } }), live),
      ).toBe('muted-group');
    });

    it('holds back a notification sent to several groups when any of them is muted', () => {
      const { policy } = setup({ settings });
      const n = notification({ target: { kind: 'groups', groups: ['dev', 'noise'] } });
      expect(policy.offer(n, live)).toBe('muted-group');
    });

    it('toasts what reached the user directly, whatever group name it carries', () => {
      const { policy } = setup({ settings });
      expect(policy.offer(notification({ target: { kind: 'user', group: 'noise' } }), live)).toBe(
        'shown',
      );
      expect(policy.offer(notification({ target: { kind: 'group', group: 'dev' } }), live)).toBe(
        'shown',
      );
    });

    it('still toasts a critical notification from a muted group', () => {
      const { policy } = setup({ settings });
      const n = notification({ severity: 'critical', target: { kind: 'group', group: 'noise' } });
      expect(policy.offer(n, live)).toBe('shown');
    });
  });

  describe('Do Not Disturb', () => {
    it('holds back everything but critical while on', () => {
      const { policy } = setup({ settings: { doNotDisturb: { mode: 'on', until: null } } });
      expect(policy.offer(notification({ severity: 'warning' }), live)).toBe('dnd');
      expect(policy.offer(notification({ severity: 'critical' }), live)).toBe('shown');
    });

    it('holds back critical too when criticalBypassesDnd is off', () => {
      const { policy } = setup({
        settings: { doNotDisturb: { mode: 'on', until: null }, criticalBypassesDnd: false },
      });
      expect(policy.offer(notification({ severity: 'critical' }), live)).toBe('dnd');
    });

    it('ends by itself at the "until" time', () => {
      const until = MONDAY_NOON + 60_000;
      const { policy, clock } = setup({ settings: { doNotDisturb: { mode: 'until', until } } });
      expect(policy.offer(notification(), live)).toBe('dnd');
      clock.advance(59_999);
      expect(policy.offer(notification(), live)).toBe('dnd');
      clock.advance(1);
      expect(policy.offer(notification(), live)).toBe('shown');
    });

    it('is off when off, whatever "until" says', () => {
      const { policy } = setup({
        settings: { doNotDisturb: { mode: 'off', until: MONDAY_NOON + 1 } },
      });
      expect(policy.offer(notification(), live)).toBe('shown');
    });
  });

  describe('quiet hours', () => {
    const overnight = QuietHoursSchema.parse({ enabled: true, start: '22:00', end: '07:00' });

    it('holds back notifications overnight, wrapping past midnight', () => {
      const { policy } = setup({ settings: { quietHours: overnight } });
      expect(policy.decide(notification(), wallClock(0, '21:59'))).toBe('toast');
      expect(policy.decide(notification(), wallClock(0, '22:00'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(0, '23:59'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(1, '00:00'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(1, '06:59'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(1, '07:00'))).toBe('toast');
    });

    it('lets critical through unless criticalBypassesQuiet is off', () => {
      const critical = notification({ severity: 'critical' });
      const bypass = setup({ settings: { quietHours: overnight } });
      expect(bypass.policy.decide(critical, wallClock(0, '23:00'))).toBe('toast');
      const strict = setup({ settings: { quietHours: overnight, criticalBypassesQuiet: false } });
      expect(strict.policy.decide(critical, wallClock(0, '23:00'))).toBe('quiet-hours');
    });

    it('belongs to the day the window starts on', () => {
      const weekdays = { ...overnight, days: [1, 2, 3, 4, 5] };
      const { policy } = setup({ settings: { quietHours: weekdays } });
      // Friday night into Saturday morning is quiet; Sunday night into Monday morning is not.
      expect(policy.decide(notification(), wallClock(4, '23:00'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(5, '06:00'))).toBe('quiet-hours');
      expect(policy.decide(notification(), wallClock(6, '23:00'))).toBe('toast');
      expect(policy.decide(notification(), wallClock(7, '06:00'))).toBe('toast');
    });

    it('reads a same-day window and a 24-hour one', () => {
      const lunch = QuietHoursSchema.parse({ enabled: true, start: '12:00', end: '13:00' });
      expect(isWithinQuietHours(lunch, { weekday: 1, minuteOfDay: 12 * 60 + 30 })).toBe(true);
      expect(isWithinQuietHours(lunch, { weekday: 1, minuteOfDay: 13 * 60 })).toBe(false);
      const sunday = QuietHoursSchema.parse({
        enabled: true,
        start: '00:00',
        end: '00:00',
        days: [0],
      });
      expect(isWithinQuietHours(sunday, { weekday: 0, minuteOfDay: 0 })).toBe(true);
      expect(isWithinQuietHours(sunday, { weekday: 0, minuteOfDay: 1439 })).toBe(true);
      expect(isWithinQuietHours(sunday, { weekday: 1, minuteOfDay: 0 })).toBe(false);
    });

    it('is never quiet when disabled', () => {
      const off = { ...overnight, enabled: false };
      expect(isWithinQuietHours(off, { weekday: 1, minuteOfDay: 23 * 60 })).toBe(false);
    });

    it('agrees with counting minutes from the start of each listed day', () => {
      const time = fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
      fc.assert(
        fc.property(
          time,
          time,
          fc.subarray([0, 1, 2, 3, 4, 5, 6]),
          fc.integer({ min: 0, max: 6 }),
          fc.integer({ min: 0, max: 1439 }),
          (start, end, days, weekday, minuteOfDay) => {
            const quiet = QuietHoursSchema.parse({ enabled: true, start, end, days });
            const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
            const length = (toMinutes(end) - toMinutes(start) + 1440) % 1440 || 1440;
            // A window started on `day` covers the minutes [start, start + length) from that day.
            const minuteOfWeek = weekday * 1440 + minuteOfDay;
            const expected = days.some((day) => {
              const since =
                (minuteOfWeek - (day * 1440 + toMinutes(start)) + 7 * 1440) % (7 * 1440);
              return since < length;
            });
            expect(isWithinQuietHours(quiet, { weekday, minuteOfDay })).toBe(expected);
          },
        ),
      );
    });
  });

  it('reports the most intrinsic reason first', () => {
    const { policy } = setup({
      settings: { doNotDisturb: { mode: 'on', until: null }, minimumToastSeverity: 'critical' },
    });
    expect(policy.decide(notification(), MONDAY_NOON)).toBe('below-minimum');
  });

  it('plays sound only as the settings say', () => {
    const quiet = setup({ settings: { sound: false, criticalSound: true } });
    quiet.policy.offer(notification(), live);
    quiet.policy.offer(notification({ severity: 'critical' }), live);
    expect(quiet.notifier.requests.map((r) => r.silent)).toEqual([true, false]);

    const loud = setup({ settings: { sound: true, criticalSound: false } });
    loud.policy.offer(notification(), live);
    loud.policy.offer(notification({ severity: 'critical' }), live);
    expect(loud.notifier.requests.map((r) => r.silent)).toEqual([false, true]);
  });

  it('reads the settings at every decision', () => {
    const { policy, changeSettings } = setup();
    expect(policy.offer(notification(), live)).toBe('shown');
    changeSettings({ doNotDisturb: { mode: 'on', until: null } });
    expect(policy.offer(notification(), live)).toBe('dnd');
  });
});

describe('ToastPolicy: floods', () => {
  it('shows the first three individually and the rest as one summary at the end of the window', () => {
    const { policy, notifier, clock } = setup();
    const burst = Array.from({ length: 10 }, (_, i) =>
      notification({ title: `Build ${i + 1} failed` }),
    );
    const outcomes = burst.map((n) => policy.offer(n, live));

    expect(outcomes).toEqual([...Array(3).fill('shown'), ...Array(7).fill('coalesced')]);
    expect(notifier.requests).toHaveLength(3);
    clock.advance(3999);
    expect(notifier.requests).toHaveLength(3);
    clock.advance(1);
    expect(notifier.summaries).toEqual([
      {
        kind: 'summary',
        title: '7 more notifications',
        body: 'Build 4 failed\nBuild 5 failed\nBuild 6 failed\nand 4 more',
        count: 7,
        ids: burst.slice(3).map((n) => n.id),
        highestSeverity: 'info',
        silent: false,
      },
    ]);
  });

  it('lists the most severe titles first in a summary', () => {
    const { policy, notifier, clock } = setup();
    for (let i = 0; i < 6; i++) policy.offer(notification(), live);
    const warning = notification({ severity: 'warning', title: 'Disk almost full' });
    policy.offer(warning, live);
    clock.advance(4000);
    const [summary] = notifier.summaries;
    expect(summary?.highestSeverity).toBe('warning');
    expect(summary?.body.split('\n')[0]).toBe('Disk almost full');
  });

  it('counts toasts in a sliding window: three singles in any four seconds', () => {
    const { policy, notifier, clock } = setup();
    policy.offer(notification(), live);
    clock.advance(3000);
    policy.offer(notification(), live);
    policy.offer(notification(), live);
    clock.advance(999);
    expect(policy.offer(notification(), live)).toBe('coalesced');
    clock.advance(1); // the window opened by the first single ends: its overflow is shown
    expect(notifier.requests.map((r) => r.kind)).toEqual(['single', 'single', 'single', 'single']);
  });

  it('keeps coalescing while the flood goes on, and shows singles again once it is over', () => {
    const { policy, notifier, clock } = setup();
    for (let i = 0; i < 5; i++) policy.offer(notification(), live);
    clock.advance(4000); // summary of 2
    expect(notifier.requests).toHaveLength(4);

    // Still flooding: nothing new shows alone, it waits for the next summary.
    clock.advance(1000);
    expect(policy.offer(notification(), live)).toBe('coalesced');
    expect(policy.offer(notification(), live)).toBe('coalesced');
    clock.advance(4000);
    expect(notifier.requests).toHaveLength(5);
    expect(notifier.requests[4]).toMatchObject({ kind: 'summary', count: 2 });

    // A whole quiet window later, the flood is over.
    clock.advance(4000);
    expect(policy.offer(notification(), live)).toBe('shown');
  });

  it('shows a lone overflow notification as itself rather than a summary of one', () => {
    const { policy, notifier, clock } = setup();
    const four = Array.from({ length: 4 }, () => notification());
    for (const n of four) policy.offer(n, live);
    clock.advance(4000);
    expect(notifier.singleIds).toEqual(four.map((n) => n.id));
    expect(notifier.summaries).toEqual([]);
  });

  it('turns a burst of 10,000 into a handful of toasts, accounting for every one', () => {
    const { policy, notifier, clock } = setup();
    const burst = Array.from({ length: 10_000 }, (_, i) =>
      notification({ severity: i % 1000 === 0 ? 'critical' : i % 7 === 0 ? 'warning' : 'info' }),
    );
    for (const n of burst) policy.offer(n, live);
    clock.advance(60_000);

    expect(notifier.requests.length).toBeLessThanOrEqual(7);
    expect(notifier.summaries).toHaveLength(1);
    expect(notifier.summaries[0]?.highestSeverity).toBe('critical');
    const shown = notifier.shownIds;
    expect(shown).toHaveLength(burst.length);
    expect(new Set(shown)).toEqual(new Set(burst.map((n) => n.id)));
  });

  it('shows criticals individually even mid-flood, up to three per window', () => {
    const { policy, notifier, clock } = setup();
    for (let i = 0; i < 20; i++) policy.offer(notification(), live);
    const criticals = Array.from({ length: 5 }, () => notification({ severity: 'critical' }));
    const outcomes = criticals.map((n) => policy.offer(n, live));
    expect(outcomes).toEqual(['shown', 'shown', 'shown', 'coalesced', 'coalesced']);
    clock.advance(4000);
    const [summary] = notifier.summaries;
    expect(summary?.count).toBe(17 + 2);
    expect(summary?.highestSeverity).toBe('critical');
    expect(summary?.silent).toBe(false);
  });

  it('takes the burst limits from its options', () => {
    const { policy, notifier, clock } = setup({ burst: { windowMs: 1000, maxSingles: 1 } });
    for (let i = 0; i < 3; i++) policy.offer(notification(), live);
    clock.advance(1000);
    expect(notifier.requests.map((r) => r.kind)).toEqual(['single', 'summary']);
  });
});

describe('ToastPolicy: catch-up', () => {
  it('summarises what arrived while away in one toast when catch-up ends', () => {
    const { policy, notifier } = setup();
    policy.beginCatchUp();
    const missed = Array.from({ length: 12 }, (_, i) =>
      notification({ severity: i === 5 ? 'critical' : 'info' }),
    );
    expect(missed.map((n) => policy.offer(n, catchUp))).toEqual(
      Array(12).fill('held-for-catch-up'),
    );
    expect(notifier.requests).toEqual([]);

    policy.endCatchUp();
    expect(notifier.requests).toHaveLength(1);
    expect(notifier.requests[0]).toMatchObject({
      kind: 'summary',
      title: '12 notifications while you were away',
      count: 12,
      ids: missed.map((n) => n.id),
      highestSeverity: 'critical',
    });
  });

  it('shows a single missed notification as itself', () => {
    const { policy, notifier } = setup();
    policy.beginCatchUp();
    const only = notification();
    policy.offer(only, catchUp);
    policy.endCatchUp();
    expect(notifier.requests).toMatchObject([{ kind: 'single', notification: only }]);
  });

  it('leaves out suppressed catch-up items, and shows nothing when none are left', () => {
    const { policy, notifier } = setup();
    policy.beginCatchUp();
    policy.offer({ ...notification(), read: true }, catchUp);
    policy.endCatchUp();
    expect(notifier.requests).toEqual([]);
  });

  it('keeps toasting live notifications during catch-up', () => {
    const { policy, notifier } = setup();
    policy.beginCatchUp();
    const liveOne = notification();
    expect(policy.offer(liveOne, live)).toBe('shown');
    expect(notifier.singleIds).toEqual([liveOne.id]);
  });

  it('treats catch-up items outside a catch-up as live, flood limits included', () => {
    const { policy, notifier } = setup();
    const outcomes = Array.from({ length: 4 }, () => policy.offer(notification(), catchUp));
    expect(outcomes).toEqual(['shown', 'shown', 'shown', 'coalesced']);
    expect(notifier.requests).toHaveLength(3);
  });

  it('toasts a notification at most once when catch-up repeats one received live', () => {
    const { policy, notifier } = setup();
    const n = notification();
    policy.offer(n, live);
    policy.beginCatchUp();
    expect(policy.offer({ ...n, read: false }, catchUp)).toBe('duplicate');
    policy.endCatchUp();
    expect(notifier.shownIds).toEqual([n.id]);
  });
});

describe('ToastPolicy: lifecycle', () => {
  it('takes back a notification waiting for a summary', () => {
    const { policy, notifier, clock } = setup();
    const burst = Array.from({ length: 6 }, () => notification());
    for (const n of burst) policy.offer(n, live);
    expect(policy.withdraw(burst[4]?.id ?? '')).toBe(true);
    expect(policy.withdraw(burst[0]?.id ?? '')).toBe(false); // already shown
    clock.advance(4000);
    expect(notifier.summaries[0]?.ids).toEqual([burst[3]?.id, burst[5]?.id]);
  });

  it('cancels the pending summary and shows nothing more once disposed', () => {
    const { policy, notifier, clock } = setup();
    for (let i = 0; i < 5; i++) policy.offer(notification(), live);
    expect(clock.pendingTimers).toBe(1);
    policy.dispose();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(10_000);
    expect(policy.offer(notification(), live)).toBe('disposed');
    expect(notifier.requests).toHaveLength(3);
  });

  it('keeps going when the notifier throws', () => {
    const clock = new FakeClock(MONDAY_NOON);
    const errors: string[] = [];
    let calls = 0;
    const policy = new ToastPolicy({
      notifier: {
        show: () => {
          calls++;
          throw new Error('OS said no');
        },
      },
      clock,
      settings: () => toastSettings(),
      localTime: utcLocalTime,
      logger: {
        debug: () => undefined,
        info: () => undefined,
        warn: () => undefined,
        error: (message) => errors.push(message),
        child() {
          return this;
        },
      },
    });
    expect(policy.offer(notification(), live)).toBe('shown');
    expect(policy.offer(notification(), live)).toBe('shown');
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
  });
});

describe('ToastPolicy: accounting', () => {
  type Step =
    | {
        kind: 'offer';
        severity: Severity;
        group: 'muted' | 'open' | 'none';
        expired: boolean;
        read: boolean;
        catchUp: boolean;
        repeat: number | null;
      }
    | { kind: 'advance'; ms: number }
    | { kind: 'begin-catch-up' }
    | { kind: 'end-catch-up' }
    | { kind: 'toggle-dnd' };

  /** True in about `percent` of cases: suppression is the exception, so floods actually form. */
  const sometimes = (percent: number) => fc.integer({ min: 1, max: 100 }).map((x) => x <= percent);

  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant('offer' as const),
        severity: fc.constantFrom<Severity>('info', 'info', 'warning', 'critical'),
        group: fc.constantFrom('muted' as const, 'open' as const, 'none' as const, 'none' as const),
        expired: sometimes(10),
        read: sometimes(10),
        catchUp: sometimes(30),
        repeat: fc.oneof(
          { weight: 9, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: fc.nat() },
        ),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.oneof(fc.nat({ max: 100 }), fc.nat({ max: 10_000 })),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('begin-catch-up' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('end-catch-up' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('toggle-dnd' as const) }) },
  );

  it('shows every toastable notification exactly once, alone or in a summary, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 300, size: 'max' }),
        fc.record({
          windowMs: fc.integer({ min: 1, max: 8000 }),
          maxSingles: fc.integer({ min: 0, max: 5 }),
          maxCriticalSingles: fc.integer({ min: 0, max: 5 }),
        }),
        fc.record({
          minimumToastSeverity: fc.constantFrom<Severity>('info', 'warning', 'critical'),
          criticalBypassesDnd: fc.boolean(),
          criticalBypassesQuiet: fc.boolean(),
          quietHours: fc.boolean(),
        }),
        (steps, burst, choices) => {
          const { policy, notifier, clock, changeSettings } = setup({
            burst,
            settings: {
              mutedGroups: ['muted'],
              minimumToastSeverity: choices.minimumToastSeverity,
              criticalBypassesDnd: choices.criticalBypassesDnd,
              criticalBypassesQuiet: choices.criticalBypassesQuiet,
              quietHours: QuietHoursSchema.parse({
                enabled: choices.quietHours,
                start: '12:01',
                end: '12:02',
              }),
            },
          });
          let dnd = false;
          const offered: Notification[] = [];
          const toastable = new Set<string>();

          for (const s of steps) {
            if (s.kind === 'advance') clock.advance(s.ms);
            else if (s.kind === 'begin-catch-up') policy.beginCatchUp();
            else if (s.kind === 'end-catch-up') policy.endCatchUp();
            else if (s.kind === 'toggle-dnd') {
              dnd = !dnd;
              changeSettings({ doNotDisturb: { mode: dnd ? 'on' : 'off', until: null } });
            } else {
              const earlier =
                s.repeat === null ? undefined : offered[s.repeat % Math.max(1, offered.length)];
              const n =
                earlier ??
                notification({
                  severity: s.severity,
                  target: s.group === 'none' ? { kind: 'user' } : { kind: 'group', group: s.group },
                  expiresAt: s.expired ? new Date(clock.now()).toISOString() : null,
                });
              const candidate = { ...n, read: s.read };
              const isFirstOffer = earlier === undefined;
              if (isFirstOffer && policy.decide(candidate, clock.now()) === 'toast')
                toastable.add(n.id);
              if (isFirstOffer) offered.push(n);
              policy.offer(candidate, { source: s.catchUp ? 'catch-up' : 'live' });
            }
          }
          policy.endCatchUp();
          clock.advance(10 * burst.windowMs + 1);

          const shown = notifier.shownIds;
          expect(shown).toHaveLength(new Set(shown).size);
          expect(new Set(shown)).toEqual(toastable);
          expect(clock.pendingTimers).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
