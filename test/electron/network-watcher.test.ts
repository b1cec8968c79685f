import { describe, expect, it } from 'vitest';
import { NetworkWatcher } from '../../src-main/electron/adapters/network-watcher';
import { FakeTimers } from './fakes';

function setUp(initiallyOnline = true) {
  const timers = new FakeTimers();
  const network = { online: initiallyOnline };
  const reported: boolean[] = [];
  const watcher = new NetworkWatcher({
    isOnline: () => network.online,
    onChange: (online) => reported.push(online),
    intervalInMilliseconds: 5000,
    timers,
  });
  return { timers, network, reported, watcher };
}

describe('NetworkWatcher', () => {
  it('reports the first reading on start', () => {
    const { watcher, reported } = setUp(false);
    watcher.start();
    expect(reported).toEqual([false]);
    expect(watcher.online).toBe(false);
  });

  it('reports online → offline → online, once each, on the next poll', () => {
    const { watcher, reported, network, timers } = setUp();
    watcher.start();
    timers.advance(15_000);
    expect(reported).toEqual([true]);

    network.online = false;
    timers.advance(4_999);
    expect(reported).toEqual([true]);
    timers.advance(1);
    expect(reported).toEqual([true, false]);
    timers.advance(20_000);
    expect(reported).toEqual([true, false]);

    network.online = true;
    timers.advance(5_000);
    expect(reported).toEqual([true, false, true]);
  });

  it('reads at once when asked (after resume)', () => {
    const { watcher, reported, network } = setUp();
    watcher.start();
    network.online = false;
    watcher.checkNow();
    expect(reported).toEqual([true, false]);
  });

  it('keeps the last reading when the reading fails', () => {
    const timers = new FakeTimers();
    const reported: boolean[] = [];
    let fail = false;
    const watcher = new NetworkWatcher({
      isOnline: () => {
        if (fail) throw new Error('not ready');
        return true;
      },
      onChange: (online) => reported.push(online),
      timers,
    });
    watcher.start();
    fail = true;
    timers.advance(10_000);
    expect(reported).toEqual([true]);
  });

  it('stops polling when disposed', () => {
    const { watcher, reported, network, timers } = setUp();
    watcher.start();
    watcher.dispose();
    network.online = false;
    timers.advance(60_000);
    expect(reported).toEqual([true]);
    expect(timers.pending).toBe(0);
  });
});
