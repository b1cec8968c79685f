// The main-process side of the contract: every call's sender and arguments are checked before a
// handler runs, and every answer is an IpcResponse.
import type { z } from 'zod';
import { describeIssues } from '../core/schema/notification';
import { silentLogger, type Logger } from '../core/base/log';
import {
  invokeChannels,
  type InvokeChannel,
  type InvokeResult,
  type IpcResponse,
} from './contract';

export type IpcHandlers = {
  [C in InvokeChannel]: (
    args: z.output<(typeof invokeChannels)[C]['args']>,
  ) => Promise<InvokeResult<C>> | InvokeResult<C>;
};

export interface IpcRouterOptions {
  /** True for the app's own renderer (its file:// page or the dev server), false for anything else. */
  isTrustedSender: (senderUrl: string) => boolean;
  logger?: Logger;
}

export type IpcRouter = (
  channel: string,
  senderUrl: string,
  args: unknown,
) => Promise<IpcResponse<unknown>>;

const fail = (name: string, message: string): IpcResponse<never> => ({
  ok: false,
  error: { name, message },
});

export function createIpcRouter(handlers: IpcHandlers, options: IpcRouterOptions): IpcRouter {
  const logger = options.logger ?? silentLogger;
  return async (channel, senderUrl, args) => {
    if (!Object.hasOwn(invokeChannels, channel)) {
      logger.warn(`refused unknown IPC channel ${JSON.stringify(channel).slice(0, 80)}`);
      return fail('UnknownChannel', `There is no IPC channel "${channel.slice(0, 80)}".`);
    }
    const name = channel as InvokeChannel;
    if (!options.isTrustedSender(senderUrl)) {
      logger.warn(`refused ${name} from untrusted sender ${senderUrl.slice(0, 200)}`);
      return fail('UntrustedSender', 'This window may not call Herald.');
    }
    const spec = invokeChannels[name];
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) {
      logger.warn(`refused ${name}: ${describeIssues(parsed.error)}`);
      return fail('InvalidArguments', `${name}: ${describeIssues(parsed.error)}`);
    }
    try {
      const handler = handlers[name] as (a: unknown) => unknown;
      const value = await handler(parsed.data);
      return { ok: true, value };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      logger.warn(`${name} failed: ${err.message}`);
      return fail(err.name || 'Error', err.message);
    }
  };
}
