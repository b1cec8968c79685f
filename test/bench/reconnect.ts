// Reconnect after a hub crash: the hub is SIGKILLed and restarted; from the hub answering
// /healthz again (polled every 10 ms) to Herald's session having reconnected, rejoined its
// groups and caught up (HubSession.onDidSync). Five rounds; a bare SignalR client with the
// default reconnect policy doing the same rejoin + catch-up by hand runs alongside.
import { DEFAULT_BACKOFF_DESCRIPTION } from '../../src-main/core/session/backoff';
import { fmt, type Bench } from './lib/bench';
import { waitHealthy } from './lib/http';
import type { ChildMessage } from './lib/protocol';
import { backoffOverride, sleep, wallNow, type Child, type Scope } from './lib/scope';
import { median, round } from './lib/stats';

const ROUNDS = 5;
const WAIT_MS = 30_000;

function syncCount(child: Child): number {
  return child.messages.filter((m) => m.type === 'synced').length;
}

/** The next 'synced' after `count` syncs, or null when the client gave up or `timeoutMs` passed. */
async function nextSync(child: Child, count: number, scope: Scope, timeoutMs: number) {
  // Messages before the count-th sync cannot be the answer; a 'closed' after it can.
  let from = 0;
  for (let seen = 0; from < child.messages.length && seen < count; from++) {
    if ((child.messages[from] as ChildMessage).type === 'synced') seen++;
  }
  const deadline = Date.now() + timeoutMs;
  // The message carries its own timestamp, so polling adds no error to the measurement.
  while (Date.now() < deadline) {
    for (let i = from; i < child.messages.length; i++) {
      const m = child.messages[i] as ChildMessage;
      if (m.type === 'synced' && m.count > count) return m;
      if (m.type === 'closed') return null;
    }
    await sleep(10, scope.signal);
  }
  return null;
}

export const reconnectBench: Bench = {
  name: 'reconnect',
  description: `hub SIGKILL + restart → /healthz → Herald reconnected, rejoined, caught up (${ROUNDS} rounds)`,
  timeoutMs: 180_000,
  async run(scope, log) {
    const hub = await scope.hub();
    const config = { hubUrl: hub.url, user: 'alice', mode: 'reconnect', groups: ['eng', 'oncall'] };
    const override = backoffOverride();
    const herald = scope.spawn('herald-core', 'herald-core.ts', [
      JSON.stringify(override ? { ...config, backoff: override } : config),
    ]);
    const bare = scope.spawn('bare-client', 'bare-client.ts', [JSON.stringify(config)]);
    await Promise.all([
      herald.next('synced', scope.signal, 30_000),
      bare.next('synced', scope.signal, 30_000),
    ]);
    const herald_ms: Array<number | null> = [];
    const baseline_ms: Array<number | null> = [];
    const downtime_ms: number[] = [];
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      await sleep(1000, scope.signal);
      const h0 = syncCount(herald);
      const b0 = syncCount(bare);
      const killedAt = wallNow();
      await hub.kill();
      const restarted = hub.restart();
      restarted.catch(() => undefined);
      const healthyAt = await waitHealthy(hub.url, scope.signal, 30_000, 10);
      await restarted;
      downtime_ms.push(round(healthyAt - killedAt, 0));
      const [h, b] = await Promise.all([
        nextSync(herald, h0, scope, WAIT_MS),
        nextSync(bare, b0, scope, WAIT_MS),
      ]);
      herald_ms.push(h ? round(h.at - healthyAt, 0) : null);
      baseline_ms.push(b ? round(b.at - healthyAt, 0) : null);
      log(
        `round ${round_ + 1}: hub down ${round(healthyAt - killedAt, 0)} ms; Herald ${h ? round(h.at - healthyAt, 0) : 'not back'} ms, bare ${b ? round(b.at - healthyAt, 0) : 'not back'} ms after /healthz`,
      );
      if (!b) {
        // SignalR's default policy gave up (or is still waiting): start the bare client afresh.
        bare.send({ type: 'reconnect' });
        await bare.next('synced', scope.signal, 30_000, (m) => m.count > b0);
      }
    }
    const done = herald_ms.filter((v): v is number => v !== null);
    const baseDone = baseline_ms.filter((v): v is number => v !== null);
    const reconnect = done.length === ROUNDS ? round(median(done), 0) : Number.NaN;
    const baseline = baseDone.length > 0 ? round(median(baseDone), 0) : Number.NaN;
    const ratio = round(reconnect / baseline);
    return {
      json: {
        reconnect_ms: reconnect,
        reconnect_runs_ms: herald_ms,
        baseline_reconnect_ms: baseline,
        baseline_reconnect_runs_ms: baseline_ms,
        reconnect_detail: {
          hub_downtime_ms: downtime_ms,
          herald_backoff: override ?? `HubSupervisor default (${DEFAULT_BACKOFF_DESCRIPTION})`,
        },
      },
      rows: [
        {
          metric: 'reconnect after hub restart (median of 5)',
          value: `${fmt(reconnect, 'ms', 0)} (runs ${herald_ms.map((v) => v ?? '✗').join(', ')})`,
          target: '≤ 2,000 ms',
          pass: reconnect <= 2000,
          ratio,
        },
        {
          metric: '  bare client, default policy + rejoin',
          value: `${fmt(baseline, 'ms', 0)} (runs ${baseline_ms.map((v) => v ?? '✗').join(', ')})`,
          target: '(baseline, same restarts)',
        },
      ],
    };
  },
};
