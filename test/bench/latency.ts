// Delivery latency at a steady 200 notifications per second: from the hub's `sentAt` to Herald's
// core having validated, stored and handed the notification to the toast policy, next to a bare
// SignalR client receiving the same notifications in the same moment.
import { fmt, type Bench, type Row } from './lib/bench';
import { text } from './lib/content';
import { createSender, paced } from './lib/http';
import { startHubWithArgs } from './lib/hub-args';
import type { Samples } from './lib/protocol';
import { sleep, until, type Child, type Scope } from './lib/scope';
import { percentile, round, summarize } from './lib/stats';

const RATE = 200;
const COUNT = 2000;
const WARMUP = 200;

function notification(prefix: string, i: number): unknown {
  return {
    target: { kind: 'user', userId: 'alice' },
    notification: {
      title: `${prefix}-${i} ${text(40, i)}`,
      body: text(200, i + 1),
      severity: i % 25 === 0 ? 'warning' : 'info',
      tags: ['bench'],
    },
  };
}

async function samplesOf(child: Child, scope: Scope): Promise<Samples> {
  const after = child.messages.length;
  child.send({ type: 'report' });
  return (await child.next('samples', scope.signal, 10_000, undefined, after)).samples;
}

function latencies(s: Samples): number[] {
  return s.at.map((at, i) => at - (s.sentAt[i] as number));
}

/**
 * `app`: the reference hub as configured, Herald's core as the app runs it (HubSupervisor's
 * defaults, stateful reconnect on). `default-buffer` (diagnostic, run by name): the hub with
 * ASP.NET Core's default 100 KB stateful-reconnect buffer, as an organisation's hub may be.
 */
export function latencyBenchFor(variant: 'app' | 'default-buffer'): Bench {
  const app = variant === 'app';
  return {
    name: app ? 'latency' : 'latency-default-buffer',
    description: app
      ? `hub sentAt → handed to the toast policy, ${COUNT} at ${RATE}/s, vs a bare SignalR client`
      : 'diagnostic: the same against a hub with ASP.NET Core’s default 100 KB reconnect buffer',
    timeoutMs: 90_000,
    async run(scope, log) {
      const hub = app
        ? await scope.hub()
        : await startHubWithArgs(scope, ['--reconnect-buffer', '100000']);
      const config = { hubUrl: hub.url, user: 'alice', mode: 'latency' };
      const herald = scope.spawn('herald-core', 'herald-core.ts', [JSON.stringify(config)]);
      const bare = scope.spawn('bare-client', 'bare-client.ts', [JSON.stringify(config)]);
      await Promise.all([
        herald.next('synced', scope.signal, 30_000),
        bare.next('synced', scope.signal, 30_000),
      ]);
      const sender = await createSender(hub.url, 16);
      scope.defer(() => sender.close());

      log(`warm-up: ${WARMUP} at ${RATE}/s`);
      await paced(sender, WARMUP, RATE, (i) => notification('W', i), scope.signal);
      await sleep(1000, scope.signal);

      log(`measuring: ${COUNT} at ${RATE}/s`);
      const sent = await paced(sender, COUNT, RATE, (i) => notification('L', i), scope.signal);
      let heraldSamples: Samples = { cursors: [], sentAt: [], at: [] };
      let bareSamples: Samples = { cursors: [], sentAt: [], at: [] };
      await until(
        async () => {
          [heraldSamples, bareSamples] = await Promise.all([
            samplesOf(herald, scope),
            samplesOf(bare, scope),
          ]);
          return heraldSamples.at.length >= COUNT && bareSamples.at.length >= COUNT;
        },
        `${COUNT} notifications at both clients`,
        scope.signal,
        20_000,
        250,
      ).catch((error: unknown) => {
        log(
          `incomplete: herald ${heraldSamples.at.length}, bare ${bareSamples.at.length}: ${String(error)}`,
        );
      });

      const heraldMs = latencies(heraldSamples);
      const bareMs = latencies(bareSamples);
      // Per notification: how much later Herald was done than the bare client had it.
      const bareAt = new Map(bareSamples.cursors.map((c, i) => [c, bareSamples.at[i] as number]));
      const overhead: number[] = [];
      heraldSamples.cursors.forEach((c, i) => {
        const b = bareAt.get(c);
        if (b !== undefined) overhead.push((heraldSamples.at[i] as number) - b);
      });

      const latency = summarize(heraldMs);
      const baseline = summarize(bareMs);
      const ratio = round(latency.p99 / baseline.p99);
      const complete = heraldMs.length >= COUNT && bareMs.length >= COUNT;
      const pass = complete && latency.p99 <= 10 && latency.p99 <= 1.5 * baseline.p99;
      const detail = {
        overhead_ms: summarize(overhead),
        received: { herald: heraldMs.length, baseline: bareMs.length, sent: COUNT },
        send: {
          failures: sent.failures,
          late_sends: sent.lateSends,
          elapsed_ms: round(sent.elapsedMs, 0),
        },
      };
      const label = app ? 'latency' : 'latency, hub with 100 KB buffer (diag)';
      const rows: Row[] = [
        {
          metric: `${label} p50 / p99 / max`,
          value: `${fmt(latency.p50)} / ${fmt(latency.p99)} / ${fmt(latency.max)}`,
          target: 'p99 ≤ 10 ms and ≤ 1.5× bare',
          pass,
          ratio,
        },
        {
          metric: '  bare client p50 / p99 / max',
          value: `${fmt(baseline.p50)} / ${fmt(baseline.p99)} / ${fmt(baseline.max)}`,
          target: '(baseline, same run)',
        },
        {
          metric: '  Herald − bare, same notification p50 / p99',
          value: `${fmt(percentile(overhead, 50), 'ms', 2)} / ${fmt(percentile(overhead, 99), 'ms', 2)}`,
          target: '(analysis)',
        },
      ];
      if (app) {
        return {
          json: {
            latency_ms: latency,
            baseline_latency_ms: baseline,
            latency_p99_ratio: ratio,
            latency_detail: detail,
          },
          rows,
        };
      }
      return {
        json: {
          diagnostics_default_buffer_hub: {
            latency_ms: latency,
            baseline_latency_ms: baseline,
            latency_p99_ratio: ratio,
            latency_detail: detail,
          },
        },
        rows,
      };
    },
  };
}

export const latencyBench = latencyBenchFor('app');
export const latencyDefaultBufferBench = latencyBenchFor('default-buffer');
