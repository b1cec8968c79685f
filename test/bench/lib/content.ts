// Deterministic notification and inbox content of a given size.
import type { Notification } from '../../../src-main/core/schema/notification';

const WORDS = (
  'deploy finished rollout region eu west service latency budget incident review ' +
  'maintenance window tonight database failover completed payroll reminder badge ' +
  'office closed holiday schedule security patch laptop restart required team offsite ' +
  'quarterly results town hall recording available please acknowledge policy update'
).split(' ');

/** About `chars` characters of words, varied by `seed`. */
export function text(chars: number, seed: number): string {
  let out = '';
  let i = seed * 7919;
  while (out.length < chars) {
    out += `${WORDS[i % WORDS.length] as string} `;
    i = (i * 31 + 17) >>> 0;
  }
  return out.slice(0, chars).trimEnd();
}

/** A stored notification of roughly `bytes` bytes of JSON (inbox fixtures). */
export function storedNotification(n: number, bytes: number, baseMs: number): Notification {
  const skeleton: Notification = {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    cursor: n,
    title: `Inbox item ${n}: ${text(30, n)}`,
    body: '',
    severity: n % 50 === 0 ? 'critical' : n % 7 === 0 ? 'warning' : 'info',
    sentAt: new Date(baseMs + n * 1000).toISOString(),
    sender: { id: 'dispatch', displayName: 'Dispatch' },
    target: n % 3 === 0 ? { kind: 'group', group: 'eng' } : { kind: 'user' },
    url: n % 5 === 0 ? `https://intranet.example.com/items/${n}` : null,
    actions: [],
    requireAck: n % 40 === 0,
    expiresAt: null,
    tags: n % 4 === 0 ? ['ops'] : [],
  };
  const room = bytes - JSON.stringify(skeleton).length;
  return { ...skeleton, body: text(Math.max(0, room), n) };
}
