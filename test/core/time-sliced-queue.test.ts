import { describe, expect, it } from 'vitest';
import { TimeSlicedQueue } from '../../src-main/core/base/time-sliced-queue';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Simulates work that holds the thread.
  }
}

describe('TimeSlicedQueue', () => {
  it('runs every item once, in order', async () => {
    const ran: number[] = [];
    const queue = new TimeSlicedQueue<number>((n) => ran.push(n));
    for (let i = 0; i < 1000; i++) queue.push(i);
    await queue.whenIdle();
    expect(ran).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(queue.size).toBe(0);
  });

  it('lets other work run between slices of a long backlog', async () => {
    const order: string[] = [];
    const queue = new TimeSlicedQueue<number>(
      (n) => {
        busy(1);
        order.push(`item ${n}`);
      },
      { sliceInMilliseconds: 5 },
    );
    for (let i = 0; i < 40; i++) queue.push(i);
    setImmediate(() => order.push('other work'));
    await queue.whenIdle();
    const other = order.indexOf('other work');
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(order.length - 1);
  });

  it('reports an item that throws and carries on', async () => {
    const errors: unknown[] = [];
    const ran: number[] = [];
    const queue = new TimeSlicedQueue<number>(
      (n) => {
        if (n === 1) throw new Error('bad item');
        ran.push(n);
      },
      { onError: (error) => errors.push(error) },
    );
    [0, 1, 2].forEach((n) => queue.push(n));
    await queue.whenIdle();
    expect(ran).toEqual([0, 2]);
    expect(errors).toHaveLength(1);
  });

  it('drops pending work when disposed', async () => {
    const ran: number[] = [];
    const queue = new TimeSlicedQueue<number>((n) => ran.push(n));
    queue.push(1);
    queue.dispose();
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([]);
  });
});
