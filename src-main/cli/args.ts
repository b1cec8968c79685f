// Command-line parsing for `herald listen | diagnose | send`.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage:
  herald listen   --hub URL --user NAME [--password PW] [--subscribe GROUP]... [--data DIR]
                  [--keep-alive MS] [--server-timeout MS] [--verbose]
  herald diagnose --hub URL [--user NAME --password PW]
  herald send     --hub URL --user NAME [--password PW] --to user:ID|group:NAME|all
                  --title T [--body B] [--severity info|warning|critical] [--url URL]

The password may also come from HERALD_PASSWORD or, when neither is given, from stdin.
listen prints one JSON object per line on stdout; logs go to stderr.`;

const options = {
  hub: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  subscribe: { type: 'string', multiple: true },
  data: { type: 'string' },
  to: { type: 'string' },
  title: { type: 'string' },
  body: { type: 'string' },
  severity: { type: 'string' },
  url: { type: 'string' },
  'keep-alive': { type: 'string' },
  'server-timeout': { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Command = 'listen' | 'diagnose' | 'send';

export interface CliArgs {
  command: Command;
  hub: string;
  user: string | undefined;
  password: string | undefined;
  subscribe: string[];
  data: string | undefined;
  to: string | undefined;
  title: string | undefined;
  body: string | undefined;
  severity: string | undefined;
  url: string | undefined;
  keepAliveInMilliseconds: number | undefined;
  serverTimeoutInMilliseconds: number | undefined;
  verbose: boolean;
}

export function parseCli(argv: readonly string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const command = positionals[0];
  if (command !== 'listen' && command !== 'diagnose' && command !== 'send') {
    throw new UsageError(command ? `Unknown command "${command}".` : 'Name a command.');
  }
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
  if (!values.hub) throw new UsageError('--hub URL is required.');
  let hub: URL;
  try {
    hub = new URL(values.hub);
  } catch {
    throw new UsageError(`--hub must be a URL, not "${values.hub}".`);
  }
  if (hub.protocol !== 'http:' && hub.protocol !== 'https:')
    throw new UsageError('--hub must be an http or https URL.');
  if (command !== 'diagnose' && !values.user) throw new UsageError('--user NAME is required.');
  if (command === 'send' && (!values.to || !values.title))
    throw new UsageError('send needs --to and --title.');
  return {
    command,
    hub: hub.toString(),
    user: values.user,
    password: values.password,
    subscribe: values.subscribe ?? [],
    data: values.data,
    to: values.to,
    title: values.title,
    body: values.body,
    severity: values.severity,
    url: values.url,
    keepAliveInMilliseconds: milliseconds(values['keep-alive'], '--keep-alive'),
    serverTimeoutInMilliseconds: milliseconds(values['server-timeout'], '--server-timeout'),
    verbose: values.verbose ?? false,
  };
}

function milliseconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 3_600_000)
    throw new UsageError(`${name} must be a whole number of ms between 100 and 3600000.`);
  return n;
}

/** `user:ID`, `group:NAME` or `all` → a hub target. */
export function parseTarget(to: string): Record<string, string> {
  if (to === 'all') return { kind: 'all' };
  const [kind, ...rest] = to.split(':');
  const value = rest.join(':');
  if (kind === 'user' && value) return { kind: 'user', userId: value };
  if (kind === 'group' && value) return { kind: 'group', group: value };
  throw new UsageError(`--to must be user:ID, group:NAME or all, not "${to}".`);
}
