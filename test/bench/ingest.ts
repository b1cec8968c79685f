// A burst of 10,000 notifications of about 1 KB, end to end into Herald's persisted inbox: rate,
// toasts the real ToastPolicy produced, and the event loop's delay in Herald's process meanwhile.
// A bare SignalR client receives the same burst. The burst goes through the hub's batch API
// (100 per request, 8 requests in flight on keep-alive sockets): one POST per notification tops
// out around 2,500–3,500/s on a 2-core machine, so the hub, not the client, would be measured.
import { fmt, type Bench, type Row } from './lib/bench';
import { text } from './lib/content';
import { batchBurst, createSender } from './lib/http';
import { startHubWithArgs } from './lib/hub-args';
import type { IngestReport } from './lib/protocol';
import { BenchAborted, sleep, type Child, type Scope } from './lib/scope';
import { round } from './lib/stats';

const COUNT = 10_000;
const BATCH = 100;
const CONCURRENCY = 8;
const WARMUP = 3000;
/** The burst is given up on (and the rate taken from what arrived) after this long. */
const BURST_LIMIT_MS = 30_000;
/** ToastPolicy's default burst window is 4 s: its summary follows at most that long after. */
const TOAST_SETTLE_MS = 4_500;

function notification(i: number, userId = 'alice', prefix = 'I'): unknown {
  return {
    target: { kind: 'user', userId },
    notification: {
      title: `${prefix}-${i} ${text(50, i)}`,
      body: text(900, i),
      severity: i % 100 === 0 ? 'warning' : 'info',
      tags: ['bench', 'burst'],
    },
  };
}

async function ask<T extends 'toasts' | 'burst-progress'>(child: Child, type: T, scope: Scope) {
  const after = child.messages.length;
  child.send({ type });
  return child.next(type, scope.signal, 10_000, undefined, after);
}

/** Waits for the receiver's 'ingest-done' until `deadline`; after that, what arrived so far. */
async function outcome(child: Child, scope: Scope, deadline: number): Promise<IngestReport> {
  try {
    return await child.next('ingest-done', scope.signal, Math.max(1, deadline - Date.now()));
  } catch (error) {
    if (scope.signal.aborted || !(error instanceof BenchAborted)) throw error;
    return ask(child, 'burst-progress', scope);
  }
}

/**
 * `app`: the reference hub as configured (32 MB stateful-reconnect buffer). `default-buffer`
 * (diagnostic, run by name): the hub with ASP.NET Core's default 100 KB buffer, as an
 * organisation's own hub may well be, with Herald as the app runs it (stateful reconnect on).
 */
export function ingestBenchFor(variant: 'app' | 'default-buffer'): Bench {
  const app = variant === 'app';
  return {
    name: app ? 'ingest' : 'ingest-default-buffer',
    description: app
      ? `${COUNT} × ~1 KB burst (batch API, ${BATCH} × ${CONCURRENCY} in flight) into the persisted inbox`
      : 'diagnostic: the same against a hub with ASP.NET Core’s default 100 KB reconnect buffer',
    timeoutMs: 180_000,
    async run(scope, log) {
      const hub = app
        ? await scope.hub()
        : await startHubWithArgs(scope, ['--reconnect-buffer', '100000']);
      const config = { hubUrl: hub.url, user: 'alice', mode: 'ingest' };
      const herald = scope.spawn('herald-core', 'herald-core.ts', [JSON.stringify(config)]);
      const bare = scope.spawn('bare-client', 'bare-client.ts', [JSON.stringify(config)]);
      await Promise.all([
        herald.next('synced', scope.signal, 30_000),
        bare.next('synced', scope.signal, 30_000),
      ]);
      const sender = await createSender(hub.url, CONCURRENCY);
      const send = (count: number, item: (i: number) => unknown, signal: AbortSignal) =>
        batchBurst(sender, count, BATCH, CONCURRENCY, item, signal);
      scope.defer(() => sender.close());
      // Warm the hub (its JIT takes a few thousand requests to reach full speed) and the sockets
      // with notifications nobody connected receives (bob), so the toast policy starts calm.
      await send(WARMUP, (i) => notification(i, 'bob', 'W'), scope.signal);
      const toastsBefore = await ask(herald, 'toasts', scope);

      for (const child of [herald, bare]) child.send({ type: 'burst-start', expect: COUNT });
      await sleep(50, scope.signal);
      log(`sending ${COUNT} (${BATCH} per request, ${CONCURRENCY} in flight)`);
      const deadline = Date.now() + BURST_LIMIT_MS;
      const stopSending = new AbortController();
      const giveUp = setTimeout(() => stopSending.abort(), BURST_LIMIT_MS);
      scope.signal.addEventListener('abort', () => stopSending.abort());
      const sent = await send(COUNT, (i) => notification(i), stopSending.signal).catch(
        () => undefined,
      );
      clearTimeout(giveUp);
      const firstSendAt = sent?.firstSendAt ?? Number.NaN;
      if (sent) {
        log(
          `hub accepted all in ${round(sent.lastAcceptedAt - sent.firstSendAt, 0)} ms, ${sent.failures} failures`,
        );
      } else log(`the hub had not accepted all ${COUNT} after ${BURST_LIMIT_MS / 1000} s`);
      const [h, b] = await Promise.all([
        outcome(herald, scope, deadline),
        outcome(bare, scope, deadline),
      ]);
      const complete = h.count >= COUNT;
      if (!complete) {
        log(`incomplete after ${BURST_LIMIT_MS / 1000} s: Herald ${h.count}, bare ${b.count}`);
      }
      // The burst's first send is also when the orchestrator recorded its clock; both are wall clock.
      const start = Number.isFinite(firstSendAt) ? firstSendAt : Math.min(h.firstAt, b.firstAt);
      await sleep(TOAST_SETTLE_MS, scope.signal);
      const toastsAfter = await ask(herald, 'toasts', scope);

      // Catch-up: the same 10,000 already in the hub's history (sent to carol, who is offline),
      // then a fresh Herald signs in as carol and pages through GetMissed. No live delivery.
      log(`catch-up: storing ${COUNT} for an offline user, then signing in`);
      await send(COUNT, (i) => notification(i, 'carol', 'C'), scope.signal);
      const catcher = scope.spawn('herald-core-catch-up', 'herald-core.ts', [
        JSON.stringify({ hubUrl: hub.url, user: 'carol', mode: 'ingest' }),
      ]);
      const caughtUp = await catcher.next('synced', scope.signal, 60_000).catch(() => undefined);
      const connected = await catcher.next('connected', scope.signal, 1000).catch(() => undefined);
      const catchUpMs = caughtUp && connected ? caughtUp.at - connected.at : Number.NaN;
      const catchUp = caughtUp ? round(caughtUp.caughtUp / (catchUpMs / 1000), 0) : Number.NaN;
      const catchUpToasts = await ask(catcher, 'toasts', scope);
      log(
        caughtUp
          ? `catch-up: ${caughtUp.caughtUp} in ${round(catchUpMs, 0)} ms (${catchUp}/s), ${catchUpToasts.count} toast(s)`
          : 'catch-up did not finish within 60 s',
      );

      const ingest = round(h.count / ((h.lastAt - start) / 1000), 0);
      const baseline = round(b.count / ((b.lastAt - start) / 1000), 0);
      const hubRate = sent ? round(COUNT / ((sent.lastAcceptedAt - start) / 1000), 0) : Number.NaN;
      const toasts = toastsAfter.count - toastsBefore.count;
      const singles = toastsAfter.singles - toastsBefore.singles;
      const summaries = toastsAfter.summaries - toastsBefore.summaries;
      const lag = round(h.lagP99Ms);
      // CPU each receiver spent per notification: what it could take if the hub were infinitely fast.
      const heraldCpuUs = round(h.cpuUs / Math.max(1, h.count), 0);
      const bareCpuUs = round(b.cpuUs / Math.max(1, b.count), 0);
      const ratio = round(ingest / baseline);
      const detail = {
        count: COUNT,
        stored: h.count,
        baseline_received: b.count,
        complete,
        batch: BATCH,
        concurrency: CONCURRENCY,
        send_failures: sent?.failures ?? null,
        herald_ms: round(h.lastAt - start, 0),
        baseline_ms: round(b.lastAt - start, 0),
        hub_ms: sent ? round(sent.lastAcceptedAt - start, 0) : null,
        hub_accept_per_s: hubRate,
        event_loop_lag_p50_ms: round(h.lagP50Ms),
        event_loop_lag_max_ms: round(h.lagMaxMs),
        baseline_event_loop_lag_p99_ms: round(b.lagP99Ms),
        cpu_us_per_notification: heraldCpuUs,
        baseline_cpu_us_per_notification: bareCpuUs,
        cpu_bound_capacity_per_s: round(1e6 / heraldCpuUs, 0),
        toasts_singles: singles,
        toasts_summaries: summaries,
        catch_up_items: caughtUp?.caughtUp ?? null,
        catch_up_ms: round(catchUpMs, 0),
        catch_up_toasts: catchUpToasts.count,
      };
      const label = app ? 'ingest' : 'ingest, hub with 100 KB buffer (diag)';
      const rows: Row[] = [
        {
          metric: `${label} (${COUNT / 1000}k × 1 KB → inbox)`,
          value: `${ingest.toFixed(0)} /s${complete ? '' : ` (${h.count} in ${BURST_LIMIT_MS / 1000} s)`}`,
          target: '≥ 5,000/s',
          pass: complete && ingest >= 5000,
          ratio,
        },
        {
          metric: '  bare client / hub accepted',
          value: `${baseline.toFixed(0)} /s / ${Number.isFinite(hubRate) ? hubRate.toFixed(0) : 'n/a'} /s`,
          target: '(baseline, same burst)',
        },
        {
          metric: '  CPU per notification, Herald / bare',
          value: `${heraldCpuUs} µs / ${bareCpuUs} µs (≈ ${round(1e6 / heraldCpuUs, 0)}/s per core)`,
          target: '(analysis)',
          ratio: round(heraldCpuUs / bareCpuUs),
        },
        {
          metric: '  catch-up of 10k after sign-in (GetMissed pages)',
          value: Number.isFinite(catchUp)
            ? `${catchUp.toFixed(0)} /s (${round(catchUpMs / 1000, 1)} s, ${catchUpToasts.count} toast)`
            : 'not within 60 s',
          target: '(analysis)',
        },
        {
          metric: '  burst toasts (default settings)',
          value: `${toasts} (${singles} single, ${summaries} summary)`,
          target: 'a handful (1–10)',
          pass: toasts >= 1 && toasts <= 10,
        },
        {
          metric: '  event loop lag p99 during burst',
          value: `${fmt(lag)} (bare ${fmt(b.lagP99Ms)})`,
          target: '≤ 50 ms',
          pass: lag <= 50,
          ratio: round(lag / b.lagP99Ms),
        },
      ];
      const json = {
        ingest_per_s: ingest,
        burst_toasts: toasts,
        event_loop_lag_p99_ms: lag,
        baseline_ingest_per_s: baseline,
        catch_up_per_s: catchUp,
        ingest_detail: detail,
      };
      return app ? { json, rows } : { json: { diagnostics_default_buffer_hub: json }, rows };
    },
  };
}

export const ingestBench = ingestBenchFor('app');
export const ingestDefaultBufferBench = ingestBenchFor('default-buffer');
