// `herald listen`: the core session with Node adapters, one JSON object per line on stdout.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/base/log';
import { RefreshingTokenSource } from '../core/auth/token-source';
import { TokenClient } from '../core/auth/token-client';
import { InboxStore } from '../core/inbox/inbox-store';
import { HubSession } from '../core/session/hub-session';
import { HubSupervisor, SessionState } from '../core/session/hub-supervisor';
import type { CliArgs } from './args';

export interface ListenIo {
  writeLine(line: string): void;
  logger: Logger;
  /** Resolves when the process is asked to stop (SIGINT / SIGTERM). */
  stopSignal: Promise<string>;
}

/** Runs until stopped or signed out. Resolves with the exit code. */
export async function listen(args: CliArgs, password: string, io: ListenIo): Promise<number> {
  const user = args.user ?? '';
  const temporary = args.data ? undefined : mkdtempSync(join(tmpdir(), 'herald-listen-'));
  const inbox = await InboxStore.open(args.data ?? temporary ?? '', {
    logger: io.logger.child('inbox'),
    // Nothing here filters the inbox by content.
    checkInBackground: false,
  });
  for (const problem of inbox.problems)
    io.logger.warn(`inbox: ${problem.file}: ${problem.message}`);
  if (args.subscribe.length > 0) {
    inbox.setDesiredGroups([...new Set([...inbox.desiredGroups, ...args.subscribe])].sort());
  }
  const client = new TokenClient({ hubUrl: args.hub });
  const tokens = new RefreshingTokenSource({ client, signIn: () => client.signIn(user, password) });
  const supervisor = new HubSupervisor({
    hubUrl: args.hub,
    tokens,
    logger: io.logger.child('supervisor'),
    keepAliveIntervalInMilliseconds: args.keepAliveInMilliseconds,
    serverTimeoutInMilliseconds: args.serverTimeoutInMilliseconds,
  });
  const session = new HubSession({ supervisor, inbox, logger: io.logger.child('session') });
  const emit = (value: Record<string, unknown>): void => io.writeLine(JSON.stringify(value));

  let signedOut: (reason: string) => void = () => undefined;
  const signedOutPromise = new Promise<string>((resolve) => (signedOut = resolve));
  supervisor.onDidChangeState((change) => {
    emit({
      type: 'state',
      state: change.state,
      ...(change.reason ? { reason: change.reason } : {}),
      ...(change.nextRetryAt ? { nextRetryAt: new Date(change.nextRetryAt).toISOString() } : {}),
    });
    if (change.state === SessionState.SignedOut) signedOut(change.reason ?? 'signed out');
  });
  session.onDidReceive(({ notification: n, source }) => {
    emit({
      type: 'notification',
      id: n.id,
      cursor: n.cursor,
      title: n.title,
      severity: n.severity,
      target: n.target,
      source,
    });
  });
  session.onDidDetectGap((gap) => emit({ type: 'gap', ...gap }));
  session.onDidSync(({ joined, caughtUp }) => emit({ type: 'synced', groups: joined, caughtUp }));
  session.subscriptions.onDidChange((groups) => {
    for (const group of groups) {
      if (group.state === 'refused')
        emit({ type: 'group', group: group.name, state: 'refused', reason: group.reason });
    }
  });
  session.onDidRejectPayload((rejected) => emit({ type: 'rejected', ...rejected }));

  supervisor.start();
  const outcome = await Promise.race([
    io.stopSignal.then((signal) => ({ kind: 'signal' as const, signal })),
    signedOutPromise.then((reason) => ({ kind: 'signed-out' as const, reason })),
  ]);
  await supervisor.stop(outcome.kind === 'signal' ? `Received ${outcome.signal}.` : outcome.reason);
  session.dispose();
  supervisor.dispose();
  inbox.close();
  if (temporary) rmSync(temporary, { recursive: true, force: true });
  return outcome.kind === 'signal' ? 0 : 3;
}
