// Builds the renderer (once per test run, and only when its sources changed) and serves
// out/renderer over http on 127.0.0.1 with the page's own Content-Security-Policy as a header.
import {
  createReadStream,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { InlineConfig } from 'vite';
import { CONTENT_TYPES } from '../../src-main/electron/adapters/app-protocol';
import { contentSecurityPolicy } from '../../src-main/electron/adapters/web-security';

const root = resolve(import.meta.dirname, '../..');
export const rendererOutDir = join(root, 'out', 'renderer');
const stampFile = join(rendererOutDir, '.e2e-build-stamp');
/** What the stamp starts with: a build older than this rule (or a dev build) is redone. */
const STAMP_PREFIX = 'production ';

/** Files whose change means the renderer must be built again. */
const buildInputs = [
  join(root, 'src-renderer'),
  join(root, 'src-main', 'ipc', 'contract.ts'),
  join(root, 'svelte.config.js'),
  join(root, 'electron.vite.config.ts'),
  join(root, 'package-lock.json'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

let building: Promise<void> | undefined;

/**
 * Builds the renderer with the `renderer` section of electron.vite.config.ts (the same Vite and
 * Svelte setup the app ships with). Skipped when out/renderer is newer than every input.
 */
export function buildRenderer(): Promise<void> {
  building ??= (async () => {
    const inputsChanged = buildInputs.reduce((t, p) => Math.max(t, newestMtime(p)), 0);
    if (
      existsSync(stampFile) &&
      statSync(stampFile).mtimeMs > inputsChanged &&
      readFileSync(stampFile, 'utf8').startsWith(STAMP_PREFIX)
    )
      return;
    const { build } = await import('vite');
    const { default: config } = (await import('../../electron.vite.config')) as {
      default: { renderer?: InlineConfig };
    };
    if (!config.renderer) throw new Error('electron.vite.config.ts has no renderer section.');
    // Vite and the Svelte plugin take production from NODE_ENV, which vitest sets to `test`:
    // without this the tests (and a benchmark run after them) would get Svelte's dev build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        ...config.renderer,
        configFile: false,
        base: './',
        mode: 'production',
        logLevel: 'warn',
        // out/renderer lies outside the renderer's root; old hashed bundles would pile up.
        build: { ...config.renderer.build, emptyOutDir: true },
      });
    } finally {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
    }
    writeFileSync(stampFile, `${STAMP_PREFIX}${new Date().toISOString()}`);
  })();
  return building;
}

/** The CSP the built page declares in its <meta>. */
export function metaCsp(): string {
  const html = readFileSync(join(rendererOutDir, 'index.html'), 'utf8');
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('out/renderer/index.html declares no Content-Security-Policy.');
  return match[1];
}

export interface RendererServer {
  /** `http://127.0.0.1:<port>/`, the page's address. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves out/renderer (building it first) on a free loopback port, with the Content-Security-
 * Policy header the app's protocol handler sends.
 */
export async function serveRenderer(): Promise<RendererServer> {
  await buildRenderer();
  const csp = contentSecurityPolicy();
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const relative = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^[/\\]+/, '');
    const file = resolve(rendererOutDir, relative);
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      !file.startsWith(rendererOutDir + sep) ||
      !existsSync(file) ||
      !statSync(file).isFile() ||
      file === stampFile
    ) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
