// Thousands of malformed hub payloads: each is refused with a reason, none is stored, and the
// ingest keeps working for the valid ones that follow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InboxStore } from '../../src-main/core/inbox/inbox-store';
import { NotificationIngest } from '../../src-main/core/session/notification-ingest';

let dir: string;
let inbox: InboxStore;
let ingest: NotificationIngest;
let counter = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'herald-ingest-'));
  inbox = await InboxStore.open(dir);
  ingest = new NotificationIngest({ inbox });
});

afterAll(() => {
  ingest.dispose();
  inbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function valid(): Record<string, unknown> {
  counter += 1;
  return {
    id: `n-${counter}`,
    cursor: counter,
    title: `Title ${counter}`,
    body: 'Body',
    severity: 'info',
    sentAt: '2026-11-23T10:00:00.000Z',
    sender: { id: 'dispatch', displayName: 'Dispatch' },
    target: { kind: 'group', group: 'eng' },
    url: 'https://intranet.example.com/x',
    actions: [{ id: 'open', label: 'Open', url: 'https://example.com' }],
    requireAck: false,
    expiresAt: null,
    tags: ['ops'],
  };
}

/** One field of a valid notification replaced by something wrong for it. */
const corruption = fc.oneof(
  fc.record({
    field: fc.constant('id'),
    value: fc.oneof(
      fc.constant(''),
      fc.string({ minLength: 129, maxLength: 300 }),
      fc.integer(),
      fc.constant(null),
    ),
  }),
  fc.record({
    field: fc.constant('cursor'),
    value: fc.oneof(
      fc.double({ noInteger: true }),
      fc.integer({ max: 0 }),
      fc.string(),
      fc.constant(Number.MAX_SAFE_INTEGER + 2),
    ),
  }),
  fc.record({
    field: fc.constant('title'),
    value: fc.oneof(
      fc.constant(''),
      fc.string({ minLength: 201, maxLength: 400 }),
      fc.boolean(),
      fc.constant(undefined),
    ),
  }),
  fc.record({
    field: fc.constant('body'),
    value: fc.oneof(fc.string({ minLength: 4001, maxLength: 4100 }), fc.integer(), fc.object()),
  }),
  fc.record({
    field: fc.constant('severity'),
    value: fc.oneof(fc.constantFrom('panic', 'INFO', '', 'critical '), fc.integer()),
  }),
  fc.record({
    field: fc.constant('sentAt'),
    value: fc.oneof(fc.constantFrom('yesterday', '2026-13-45T99:00:00Z', ''), fc.integer()),
  }),
  fc.record({
    field: fc.constant('sender'),
    value: fc.oneof(fc.constant(null), fc.string(), fc.record({ id: fc.integer() })),
  }),
  fc.record({
    field: fc.constant('target'),
    value: fc.oneof(
      fc.constant(null),
      fc.record({ kind: fc.constantFrom('grp', 'everyone', '') }),
      fc.record({ kind: fc.constant('group'), group: fc.constantFrom('a b', '', 'x'.repeat(65)) }),
    ),
  }),
  fc.record({
    field: fc.constant('url'),
    value: fc.oneof(
      fc.constantFrom(
        'javascript:alert(1)',
        'file:///etc/passwd',
        'data:text/html,<b>x</b>',
        'vbscript:x',
        'not a url',
        '//evil.example.com',
        `https://x.com/${'a'.repeat(2048)}`,
      ),
      fc.integer(),
    ),
  }),
  fc.record({
    field: fc.constant('actions'),
    value: fc.oneof(
      fc.array(fc.record({ id: fc.constant('a'), label: fc.constant('A') }), {
        minLength: 4,
        maxLength: 10,
      }),
      fc.constant([{ id: 'a', label: 'A', url: 'javascript:void(0)' }]),
      fc.constant([{ id: 'has space', label: 'A' }]),
      fc.constant('open'),
    ),
  }),
  fc.record({
    field: fc.constant('tags'),
    value: fc.oneof(
      fc.array(fc.constant('t'), { minLength: 11, maxLength: 20 }),
      fc.constant(['x'.repeat(33)]),
      fc.constant(['']),
    ),
  }),
  fc.record({
    field: fc.constant('requireAck'),
    value: fc.oneof(fc.constantFrom('yes', 1, 0), fc.object()),
  }),
);

describe('NotificationIngest', () => {
  it('refuses every corrupted notification with a reason naming the field, and stores none', () => {
    fc.assert(
      fc.property(corruption, ({ field, value }) => {
        const payload = { ...valid(), [field]: value };
        const outcome = ingest.live(payload);
        expect(outcome.kind).toBe('rejected');
        if (outcome.kind === 'rejected') expect(outcome.reason).toContain(field);
        expect(inbox.has(payload.id as string)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses arbitrary values without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), (payload) => {
        const outcome = ingest.live(payload);
        expect(outcome.kind).toBe('rejected');
        expect(ingest.missed(payload).kind).toBe('rejected');
      }),
      { numRuns: 2000 },
    );
  });

  it('still stores valid notifications after all of that, each exactly once', () => {
    const notification = valid();
    expect(ingest.live(notification).kind).toBe('stored');
    expect(ingest.live(notification).kind).toBe('duplicate');
    expect(ingest.missed({ ...notification, read: true, acknowledged: false }).kind).toBe(
      'duplicate',
    );
    expect(inbox.get(notification.id as string)?.title).toBe(notification.title);
  });

  it('ignores unknown extra fields from a newer hub', () => {
    const notification = { ...valid(), priorityColour: 'red' };
    const outcome = ingest.live(notification);
    expect(outcome.kind).toBe('stored');
    if (outcome.kind === 'stored')
      expect(outcome.notification).not.toHaveProperty('priorityColour');
  });
});
