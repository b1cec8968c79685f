// `node scripts/build-cli.mjs`: bundles the `herald` command line (src-main/cli/main.ts) into
// out/cli/herald.mjs, one ESM file for Node 20. The SignalR client and `ws` (which it requires)
// stay imports from node_modules; everything else, zod included, is bundled: loading zod as its
// hundred-odd modules costs about 7 MB more resident memory than loading it as part of one file.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const cliEntry = join(root, 'src-main', 'cli', 'main.ts');
export const cliBundle = join(root, 'out', 'cli', 'herald.mjs');
/** Packages loaded from node_modules at run time rather than bundled. */
const CLI_EXTERNAL = ['@microsoft/signalr', 'ws'];

/**
 * Builds out/cli/herald.mjs and returns its path.
 * @param {{ quiet?: boolean }} [options]
 * @returns {Promise<string>}
 */
export async function buildCli(options = {}) {
  /** @type {typeof import('esbuild')} */
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new Error(
      `esbuild could not be loaded (${error instanceof Error ? error.message : String(error)}). ` +
        'It comes with vite and tsx; run `npm ci` first.',
      { cause: error },
    );
  }
  mkdirSync(dirname(cliBundle), { recursive: true });
  const started = performance.now();
  const result = await esbuild.build({
    entryPoints: [cliEntry],
    outfile: cliBundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: CLI_EXTERNAL,
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  chmodSync(cliBundle, 0o755);
  if (!options.quiet) {
    const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
    process.stderr.write(
      `built ${cliBundle} (${(bytes / 1024).toFixed(0)} KiB) in ${(performance.now() - started).toFixed(0)} ms\n`,
    );
  }
  return cliBundle;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildCli().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
