// The 12 Clients accessors, each reaching exactly the expected connections, each exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubProcess } from '../harness/hub';
import { connectClient, settle, waitFor, type TestClient } from '../harness/clients';

let hub: HubProcess;
const c: Record<'a1' | 'a2' | 'b1' | 'b2' | 'c1' | 'd', TestClient> = {} as never;
type Name = keyof typeof c;
const everyone: Name[] = ['a1', 'a2', 'b1', 'b2', 'c1', 'd'];

beforeAll(async () => {
  hub = await HubProcess.start();
  c.a1 = await connectClient(hub, 'alice');
  c.a2 = await connectClient(hub, 'alice');
  c.b1 = await connectClient(hub, 'bob');
  c.b2 = await connectClient(hub, 'bob');
  c.c1 = await connectClient(hub, 'carol');
  c.d = await connectClient(hub, 'dispatch');
  const memberships: Record<Name, string[]> = {
    a1: ['eng', 'oncall'],
    a2: ['eng'],
    b1: ['eng', 'support'],
    b2: ['support'],
    c1: ['support', 'oncall'],
    d: ['eng'],
  };
  for (const name of everyone) {
    for (const group of memberships[name]) await c[name].connection.invoke('Subscribe', group);
  }
});

afterAll(async () => {
  await Promise.all(everyone.map((name) => c[name]?.stop()));
  await hub?.stop();
});

function countsFor(title: string): Record<Name, number> {
  const counts = {} as Record<Name, number>;
  for (const name of everyone) counts[name] = c[name].notifications().filter((n) => n.title === title).length;
  return counts;
}

const cases: Array<{ kind: string; target: () => Record<string, unknown>; expected: Name[] }> = [
  { kind: 'all', target: () => ({ kind: 'all' }), expected: everyone },
  { kind: 'caller', target: () => ({ kind: 'caller' }), expected: ['d'] },
  { kind: 'others', target: () => ({ kind: 'others' }), expected: ['a1', 'a2', 'b1', 'b2', 'c1'] },
  {
    kind: 'allExcept',
    target: () => ({ kind: 'allExcept', connectionIds: [c.a1.connectionId, c.b2.connectionId] }),
    expected: ['a2', 'b1', 'c1', 'd'],
  },
  { kind: 'client', target: () => ({ kind: 'client', connectionId: c.a2.connectionId }), expected: ['a2'] },
  {
    kind: 'clients',
    target: () => ({ kind: 'clients', connectionIds: [c.a1.connectionId, c.c1.connectionId] }),
    expected: ['a1', 'c1'],
  },
  { kind: 'user', target: () => ({ kind: 'user', userId: 'bob' }), expected: ['b1', 'b2'] },
  { kind: 'users', target: () => ({ kind: 'users', userIds: ['alice', 'carol'] }), expected: ['a1', 'a2', 'c1'] },
  { kind: 'group', target: () => ({ kind: 'group', group: 'eng' }), expected: ['a1', 'a2', 'b1', 'd'] },
  {
    kind: 'groupExcept',
    target: () => ({ kind: 'groupExcept', group: 'eng', connectionIds: [c.a2.connectionId] }),
    expected: ['a1', 'b1', 'd'],
  },
  {
    kind: 'groups',
    target: () => ({ kind: 'groups', groups: ['eng', 'oncall'] }),
    expected: ['a1', 'a2', 'b1', 'c1', 'd'],
  },
  { kind: 'othersInGroup', target: () => ({ kind: 'othersInGroup', group: 'eng' }), expected: ['a1', 'a2', 'b1'] },
];

describe('Send(target) through the hub method', () => {
  for (const { kind, target, expected } of cases) {
    it(`${kind} reaches exactly ${expected.join(', ')}`, async () => {
      const title = `matrix ${kind}`;
      const result = await c.d.connection.invoke<{ id: string; cursor: number }>('Send', target(), { title });
      expect(result.id).toEqual(expect.any(String));
      expect(result.cursor).toBeGreaterThan(0);
      await waitFor(() => expected.every((name) => countsFor(title)[name] >= 1), `${kind} to arrive`);
      await settle(250);
      const want = Object.fromEntries(everyone.map((name) => [name, expected.includes(name) ? 1 : 0]));
      expect(countsFor(title)).toEqual(want);
    });
  }

  it('describes the target on the delivered notification without connection or user ids', async () => {
    const title = 'matrix target description';
    await c.d.connection.invoke('Send', { kind: 'group', group: 'support' }, { title });
    await waitFor(() => countsFor(title).b2 === 1, 'the group message');
    const delivered = c.b2.notifications().find((n) => n.title === title);
    expect(delivered?.target).toEqual({ kind: 'group', group: 'support' });
    expect(delivered?.sender).toEqual({ id: 'dispatch', displayName: 'Dispatch' });
  });
});

describe('POST /api/notifications through IHubContext', () => {
  const httpCases = cases.filter((x) => !['caller', 'others', 'othersInGroup'].includes(x.kind));

  for (const { kind, target, expected } of httpCases) {
    it(`${kind} reaches exactly ${expected.join(', ')}`, async () => {
      const title = `http ${kind}`;
      const response = await hub.post({ target: target(), notification: { title } });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({ id: expect.any(String), cursor: expect.any(Number) });
      await waitFor(() => expected.every((name) => countsFor(title)[name] >= 1), `${kind} to arrive`);
      await settle(250);
      const want = Object.fromEntries(everyone.map((name) => [name, expected.includes(name) ? 1 : 0]));
      expect(countsFor(title)).toEqual(want);
    });
  }

  for (const kind of ['caller', 'others', 'othersInGroup']) {
    it(`refuses ${kind}, which needs a calling connection`, async () => {
      const target = kind === 'othersInGroup' ? { kind, group: 'eng' } : { kind };
      const response = await hub.post({ target, notification: { title: `http ${kind}` } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_target' });
    });
  }
});
