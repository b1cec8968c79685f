import { describe, expect, it } from 'vitest';
import { NotificationSchema, type Notification } from '../../src-main/core/schema/notification';
import type { SingleToastRequest, SummaryToastRequest } from '../../src-main/core/toast/notifier';
import {
  ToastPresenter,
  type ToastCommands,
  type ToastSpec,
} from '../../src-main/electron/adapters/toast-presenter';
import { ToastNotifier } from '../../src-main/electron/adapters/toast-notifier';
import { createLineLogger } from '../../src-main/core/base/log';

function notification(overrides: Record<string, unknown> = {}): Notification {
  return NotificationSchema.parse({
    id: 'n-1',
    cursor: 1,
    title: 'Deploy finished',
    body: 'Version 4.2 is live.',
    severity: 'info',
    sentAt: '2025-01-06T09:00:00Z',
    sender: { id: 'ci', displayName: 'CI' },
    target: { kind: 'group', group: 'ops' },
    ...overrides,
  });
}

function single(n: Notification, overrides: Partial<SingleToastRequest> = {}): SingleToastRequest {
  const critical = n.severity === 'critical';
  return {
    kind: 'single',
    notification: n,
    silent: false,
    sticky: critical || n.requireAck,
    urgency: critical ? 'critical' : 'normal',
    ...overrides,
  };
}

function summary(overrides: Partial<SummaryToastRequest> = {}): SummaryToastRequest {
  return {
    kind: 'summary',
    title: '12 notifications while you were away',
    body: 'Disk full\nDeploy finished\nLunch\nand 9 more',
    count: 12,
    ids: ['a', 'b'],
    highestSeverity: 'warning',
    silent: true,
    ...overrides,
  };
}

function setUp(platform: NodeJS.Platform) {
  const calls: string[] = [];
  const commands: ToastCommands = {
    reveal: (id) => calls.push(`reveal ${id}`),
    showInbox: () => calls.push('show inbox'),
    acknowledge: (id) => calls.push(`acknowledge ${id}`),
    openExternal: (url) => calls.push(`open ${url}`),
  };
  return { presenter: new ToastPresenter({ platform, commands }), calls };
}

const labels = (spec: ToastSpec): string[] => spec.actions.map((a) => a.text);

describe('ToastPresenter', () => {
  it('makes a critical notification urgent and sticky', () => {
    const { presenter } = setUp('win32');
    const spec = presenter.present(single(notification({ severity: 'critical' })));
    expect(spec).toMatchObject({
      title: 'Deploy finished',
      body: 'Version 4.2 is live.',
      urgency: 'critical',
      timeoutType: 'never',
    });
  });

  it('lets an info notification time out normally, with the policy’s sound setting', () => {
    const { presenter } = setUp('win32');
    const spec = presenter.present(single(notification(), { silent: true }));
    expect(spec).toMatchObject({ urgency: 'normal', timeoutType: 'default', silent: true });
  });

  it('keeps a notification that needs an acknowledgement on screen', () => {
    const { presenter } = setUp('linux');
    const spec = presenter.present(single(notification({ requireAck: true })));
    expect(spec).toMatchObject({ urgency: 'normal', timeoutType: 'never' });
  });

  it('reveals the item when a single toast is clicked', () => {
    const { presenter, calls } = setUp('darwin');
    presenter.present(single(notification())).onClick();
    expect(calls).toEqual(['reveal n-1']);
  });

  it('shows the inbox when a summary toast is clicked, without buttons', () => {
    const { presenter, calls } = setUp('darwin');
    const spec = presenter.present(summary());
    spec.onClick();
    expect(calls).toEqual(['show inbox']);
    expect(spec).toMatchObject({
      title: '12 notifications while you were away',
      silent: true,
      urgency: 'normal',
      timeoutType: 'default',
      actions: [],
    });
  });

  it('keeps a summary with a critical notification in it on screen', () => {
    const { presenter } = setUp('linux');
    expect(presenter.present(summary({ highestSeverity: 'critical' }))).toMatchObject({
      urgency: 'critical',
      timeoutType: 'never',
    });
  });

  it('offers Acknowledge and Open link buttons on macOS and Windows', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const { presenter, calls } = setUp(platform);
      const n = notification({ requireAck: true, url: 'https://status.example.com/incident/7' });
      const spec = presenter.present(single(n));
      expect(labels(spec)).toEqual(['Acknowledge', 'Open link']);
      for (const action of spec.actions) action.run();
      expect(calls).toEqual(['acknowledge n-1', 'open https://status.example.com/incident/7']);
    }
  });

  it('adds the notification’s own link actions, once per link, at most three buttons', () => {
    const { presenter } = setUp('darwin');
    const n = notification({
      requireAck: true,
      url: 'https://example.com/a',
      actions: [
        { id: 'same', label: 'Same link', url: 'https://example.com/a' },
        { id: 'runbook', label: 'Runbook', url: 'https://example.com/runbook' },
        { id: 'ticket', label: 'Ticket', url: 'https://example.com/ticket' },
      ],
    });
    expect(labels(presenter.present(single(n)))).toEqual(['Acknowledge', 'Open link', 'Runbook']);
  });

  it('offers no link button for anything but http(s)', () => {
    const { presenter } = setUp('darwin');
    // The schema refuses these already; the presenter does not rely on it.
    const n = {
      ...notification(),
      url: 'javascript:alert(1)',
      actions: [{ id: 'f', label: 'File', url: 'file:///etc/passwd' }],
    };
    expect(labels(presenter.present(single(n)))).toEqual([]);
  });

  it('offers no buttons on Linux', () => {
    const { presenter } = setUp('linux');
    const n = notification({ requireAck: true, url: 'https://example.com/' });
    expect(presenter.present(single(n)).actions).toEqual([]);
  });

  it('escapes markup in Linux bodies and nowhere else', () => {
    const body = 'Use <b>staging</b> & <a href="https://evil.example">this</a>';
    expect(setUp('linux').presenter.present(single(notification({ body }))).body).toBe(
      'Use &lt;b&gt;staging&lt;/b&gt; &amp; &lt;a href="https://evil.example"&gt;this&lt;/a&gt;',
    );
    expect(setUp('darwin').presenter.present(single(notification({ body }))).body).toBe(body);
  });
});

describe('ToastNotifier', () => {
  it('hands the display the spec, and logs a click that fails instead of throwing', () => {
    const lines: string[] = [];
    const presenter = new ToastPresenter({
      platform: 'darwin',
      commands: {
        reveal: () => {
          throw new Error('window gone');
        },
        showInbox: () => undefined,
        acknowledge: () => undefined,
        openExternal: () => undefined,
      },
    });
    const shown: ToastSpec[] = [];
    const notifier = new ToastNotifier(
      presenter,
      { show: (spec) => shown.push(spec) },
      createLineLogger((line) => lines.push(line)),
    );
    notifier.show(single(notification()));
    expect(shown).toHaveLength(1);
    expect(() => shown[0]?.onClick()).not.toThrow();
    expect(lines.join('\n')).toContain('window gone');
  });

  it('never throws when the display fails', () => {
    const notifier = new ToastNotifier(setUp('linux').presenter, {
      show: () => {
        throw new Error('no notification daemon');
      },
    });
    expect(() => notifier.show(summary())).not.toThrow();
  });
});
