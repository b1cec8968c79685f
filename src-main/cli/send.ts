// `herald send`: one notification through the hub's send API.
import { TokenClient } from '../core/auth/token-client';
import { parseTarget, type CliArgs } from './args';

export async function send(
  args: CliArgs,
  password: string,
  writeLine: (line: string) => void,
): Promise<number> {
  const client = new TokenClient({ hubUrl: args.hub });
  const tokens = await client.signIn(args.user ?? '', password);
  const notification: Record<string, string> = { title: args.title ?? '' };
  if (args.body !== undefined) notification.body = args.body;
  if (args.severity !== undefined) notification.severity = args.severity;
  if (args.url !== undefined) notification.url = args.url;
  const response = await fetch(
    new URL('api/notifications', args.hub.endsWith('/') ? args.hub : `${args.hub}/`),
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.accessToken}`,
      },
      body: JSON.stringify({ target: parseTarget(args.to ?? ''), notification }),
      signal: AbortSignal.timeout(15_000),
    },
  );
  const text = await response.text();
  if (response.status === 202) {
    writeLine(text);
    return 0;
  }
  let message = text;
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: print it as it came.
  }
  throw new Error(
    `The hub refused the notification (${response.status}): ${message || response.statusText}`,
  );
}
