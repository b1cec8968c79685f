import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppProtocolHandler,
  resolveAppRequest,
} from '../../src-main/electron/adapters/app-protocol';

let root: string;
let rendererDir: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'herald-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Herald</title>');
  await writeFile(path.join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
  await writeFile(path.join(root, 'secret.txt'), 'not for the renderer');
  handler = createAppProtocolHandler({
    host: 'herald',
    rootDir: rendererDir,
    readFile: (file) => readFile(file),
    contentSecurityPolicy: "default-src 'none'",
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => handler({ url, method });

describe('app:// protocol', () => {
  it('serves the page with its CSP and type', async () => {
    const response = await get('app://herald/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Herald</title>');
  });

  it('serves / as index.html and scripts as JavaScript', async () => {
    expect((await get('app://herald/')).status).toBe(200);
    const script = await get('app://herald/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBeNull();
  });

  it.each([
    'app://herald/../secret.txt',
    'app://herald/%2e%2e/secret.txt',
    'app://herald/assets/..%2f..%2fsecret.txt',
    'app://herald/assets/..%5c..%5csecret.txt',
    'app://other/index.html',
    'app://herald/missing.js',
  ])('answers 404 for %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('not for the renderer');
  });

  it('refuses methods other than GET and HEAD, and malformed paths', async () => {
    expect((await get('app://herald/index.html', 'POST')).status).toBe(405);
    expect((await get('app://herald/%E0%A4%A.js')).status).toBe(400);
    expect((await get('app://herald/index.html%00.js')).status).toBe(400);
  });

  it('never resolves outside the folder', () => {
    const resolved = resolveAppRequest('app://herald/a/../../b', 'GET', {
      host: 'herald',
      rootDir: rendererDir,
    });
    expect(resolved.kind === 'file' ? resolved.path.startsWith(rendererDir) : true).toBe(true);
  });
});
