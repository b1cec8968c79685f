// `herald diagnose`: a readable report for IT support — can this machine reach and use the hub?
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { z } from 'zod';
import { TokenClient, type TokenSet } from '../core/auth/token-client';
import { GroupListSchema, MissedPageSchema } from '../core/schema/notification';
import type { CliArgs } from './args';

type Outcome = 'ok' | 'warn' | 'fail' | 'skip';
export interface Check {
  name: string;
  outcome: Outcome;
  detail: string;
}

const NegotiateSchema = z.object({
  availableTransports: z.array(z.object({ transport: z.string() })).default([]),
});

const transports: Array<[string, HttpTransportType]> = [
  ['WebSockets', HttpTransportType.WebSockets],
  ['ServerSentEvents', HttpTransportType.ServerSentEvents],
  ['LongPolling', HttpTransportType.LongPolling],
];

export async function diagnose(args: CliArgs, password: string | undefined): Promise<Check[]> {
  const base = args.hub.endsWith('/') ? args.hub : `${args.hub}/`;
  const url = (path: string): string => new URL(path, base).toString();
  const checks: Check[] = [];
  const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
    const started = performance.now();
    const value = await work();
    return [value, Math.round(performance.now() - started)];
  };

  try {
    const [response, ms] = await timed(() =>
      fetch(url('healthz'), { signal: AbortSignal.timeout(10_000) }),
    );
    checks.push({
      name: 'reachable',
      outcome: response.ok ? 'ok' : 'warn',
      detail: `GET /healthz answered ${response.status} in ${ms} ms`,
    });
  } catch (error) {
    checks.push({
      name: 'reachable',
      outcome: 'fail',
      detail: `${url('healthz')}: ${describe(error)}`,
    });
    return checks;
  }

  const negotiateUrl = url('hubs/notifications/negotiate?negotiateVersion=1');
  try {
    const response = await fetch(negotiateUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    checks.push(
      response.status === 401
        ? {
            name: 'hub endpoint',
            outcome: 'ok',
            detail: '/hubs/notifications exists and requires sign-in (401)',
          }
        : {
            name: 'hub endpoint',
            outcome: 'warn',
            detail: `negotiate without a token answered ${response.status}, expected 401`,
          },
    );
  } catch (error) {
    checks.push({ name: 'hub endpoint', outcome: 'fail', detail: describe(error) });
  }

  if (!args.user || password === undefined) {
    checks.push({
      name: 'token',
      outcome: 'skip',
      detail: 'no --user/--password given; sign-in not checked',
    });
    return checks;
  }
  let tokens: TokenSet;
  try {
    const [value, ms] = await timed(() =>
      new TokenClient({ hubUrl: args.hub }).signIn(args.user ?? '', password),
    );
    tokens = value;
    const lifetime = Math.round((tokens.expiresAt - Date.now()) / 1000);
    checks.push({
      name: 'token',
      outcome: 'ok',
      detail: `signed in as ${args.user} in ${ms} ms; access token valid for ${lifetime} s`,
    });
  } catch (error) {
    checks.push({ name: 'token', outcome: 'fail', detail: describe(error) });
    return checks;
  }

  try {
    const response = await fetch(negotiateUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}` },
      signal: AbortSignal.timeout(10_000),
    });
    const body = NegotiateSchema.safeParse(await response.json().catch(() => undefined));
    const names = body.success ? body.data.availableTransports.map((t) => t.transport) : [];
    checks.push({
      name: 'negotiate',
      outcome: response.ok ? 'ok' : 'fail',
      detail: response.ok
        ? `transports offered: ${names.join(', ') || 'none'}`
        : `answered ${response.status}`,
    });
  } catch (error) {
    checks.push({ name: 'negotiate', outcome: 'fail', detail: describe(error) });
  }

  let anyTransport = false;
  for (const [name, transport] of transports) {
    const connection = new HubConnectionBuilder()
      .withUrl(url('hubs/notifications'), {
        transport,
        accessTokenFactory: () => tokens.accessToken,
      })
      .configureLogging(LogLevel.None)
      .build();
    try {
      const [, ms] = await timed(() => connection.start());
      anyTransport = true;
      checks.push({ name, outcome: 'ok', detail: `connected in ${ms} ms` });
      if (transport === HttpTransportType.WebSockets || !checks.some((c) => c.name === 'groups')) {
        await checkSession(connection.invoke.bind(connection), checks);
      }
    } catch (error) {
      checks.push({
        name,
        outcome: name === 'WebSockets' ? 'warn' : 'fail',
        detail: describe(error),
      });
    } finally {
      await connection.stop().catch(() => undefined);
    }
  }
  if (!anyTransport)
    checks.push({ name: 'transports', outcome: 'fail', detail: 'no transport could connect' });
  return checks;
}

async function checkSession(
  invoke: <T>(method: string, ...args: unknown[]) => Promise<T>,
  checks: Check[],
): Promise<void> {
  if (checks.some((c) => c.name === 'groups')) return;
  try {
    const groups = GroupListSchema.parse(await invoke<unknown>('ListGroups'));
    const names = groups.map((g) => (g.mandatory ? `${g.name} (mandatory)` : g.name));
    checks.push({
      name: 'groups',
      outcome: 'ok',
      detail: `${groups.length} available: ${names.join(', ') || 'none'}`,
    });
  } catch (error) {
    checks.push({ name: 'groups', outcome: 'fail', detail: describe(error) });
  }
  try {
    const page = MissedPageSchema.parse(await invoke<unknown>('GetMissed', 0, []));
    checks.push({
      name: 'history',
      outcome: 'ok',
      detail: `latest cursor ${page.latestCursor}${page.truncated ? '; the oldest history has been pruned' : ''}`,
    });
  } catch (error) {
    checks.push({ name: 'history', outcome: 'fail', detail: describe(error) });
  }
}

const marks: Record<Outcome, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

export function formatReport(hub: string, checks: readonly Check[]): string {
  const width = Math.max(...checks.map((c) => c.name.length), 8);
  const lines = [`Herald diagnose: ${hub}`, ''];
  for (const check of checks)
    lines.push(`  [${marks[check.outcome]}] ${check.name.padEnd(width)}  ${check.detail}`);
  const failed = checks.filter((c) => c.outcome === 'fail').length;
  const warned = checks.filter((c) => c.outcome === 'warn').length;
  lines.push(
    '',
    failed
      ? `Result: ${failed} check(s) failed.`
      : warned
        ? `Result: passed with ${warned} warning(s).`
        : 'Result: all checks passed.',
  );
  return lines.join('\n');
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
