import { describe, expect, it } from 'vitest';
import { createIpcRouter, type IpcHandlers } from '../../src-main/ipc/router';
import { invokeChannels } from '../../src-main/ipc/contract';
import { createTrustedSenderCheck } from '../../src-main/electron/adapters/trusted-sender';
import { RENDERER_PAGE_URL } from '../../src-main/electron/app-identity';

const TRUSTED = RENDERER_PAGE_URL;

/** Handlers that record every call and answer nothing. */
function recordingHandlers(calls: string[]): IpcHandlers {
  return Object.fromEntries(
    Object.keys(invokeChannels).map((channel) => [
      channel,
      (args: unknown) => {
        calls.push(`${channel} ${JSON.stringify(args)}`);
        return undefined;
      },
    ]),
  ) as unknown as IpcHandlers;
}

function setUp() {
  const calls: string[] = [];
  const router = createIpcRouter(recordingHandlers(calls), {
    isTrustedSender: createTrustedSenderCheck({ rendererUrl: RENDERER_PAGE_URL }),
  });
  return { router, calls };
}

describe('the IPC router as main wires it', () => {
  it('runs a valid call from the renderer', async () => {
    const { router, calls } = setUp();
    await expect(router('inbox:markRead', TRUSTED, { ids: ['a'], read: true })).resolves.toEqual({
      ok: true,
      value: undefined,
    });
    expect(calls).toEqual(['inbox:markRead {"ids":["a"],"read":true}']);
  });

  it.each([
    ['ids that are not a list', { ids: 'x', read: true }],
    ['no ids', { ids: [], read: true }],
    ['a missing flag', { ids: ['a'] }],
    ['an extra field', { ids: ['a'], read: true, sql: 'drop table' }],
    ['no arguments', undefined],
  ])('refuses inbox:markRead with %s, without calling the handler', async (_what, args) => {
    const { router, calls } = setUp();
    const response = await router('inbox:markRead', TRUSTED, args);
    expect(response).toMatchObject({ ok: false, error: { name: 'InvalidArguments' } });
    expect(calls).toEqual([]);
  });

  it('refuses an http link for openExternal that is not http(s)', async () => {
    const { router, calls } = setUp();
    const response = await router('app:openExternal', TRUSTED, { url: 'file:///etc/passwd' });
    expect(response).toMatchObject({ ok: false, error: { name: 'InvalidArguments' } });
    expect(calls).toEqual([]);
  });

  it.each(['shell:exec', '__proto__', 'constructor', 'toString'])(
    'refuses the unknown channel %s',
    async (channel) => {
      const { router, calls } = setUp();
      const response = await router(channel, TRUSTED, undefined);
      expect(response).toMatchObject({ ok: false, error: { name: 'UnknownChannel' } });
      expect(calls).toEqual([]);
    },
  );

  it.each(['https://evil.example/', 'app://evil/index.html', 'about:blank', ''])(
    'refuses a valid call from the untrusted sender %j',
    async (sender) => {
      const { router, calls } = setUp();
      const response = await router('inbox:markRead', sender, { ids: ['a'], read: true });
      expect(response).toMatchObject({ ok: false, error: { name: 'UntrustedSender' } });
      expect(calls).toEqual([]);
    },
  );
});
