// The password comes from --password, HERALD_PASSWORD, or stdin — in that order.
import { UsageError } from './args';

export async function resolvePassword(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  stdin: NodeJS.ReadStream,
): Promise<string> {
  if (flag) return flag;
  if (env.HERALD_PASSWORD) return env.HERALD_PASSWORD;
  if (stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) {
    chunks.push(Buffer.from(chunk as Uint8Array));
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!password)
    throw new UsageError('No password: pass --password, set HERALD_PASSWORD, or pipe it on stdin.');
  return password;
}
