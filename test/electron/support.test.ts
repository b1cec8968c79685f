import { EventEmitter } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLineLogger } from '../../src-main/core/base/log';
import { installGlobalErrorHandler } from '../../src-main/electron/adapters/error-handler';
import { createScopedLogger } from '../../src-main/electron/adapters/scoped-logger';

const root = path.resolve(import.meta.dirname, '../..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the no-Electron rule', () => {
  it.each(['src-main/electron/adapters', 'src-main/preload', 'test/electron'])(
    'holds for %s (except the preload entry point)',
    async (dir) => {
      const offenders: string[] = [];
      for (const file of await sources(dir)) {
        if (file.endsWith(path.join('preload', 'index.ts'))) continue;
        const text = await readFile(file, 'utf8');
        if (/from\s+['"]electron(-log)?(\/[^'"]*)?['"]|require\(\s*['"]electron/.test(text))
          offenders.push(path.relative(root, file));
      }
      expect(offenders).toEqual([]);
    },
  );
});

describe('installGlobalErrorHandler', () => {
  it('logs uncaught exceptions and unhandled rejections', () => {
    const lines: string[] = [];
    const events = new EventEmitter();
    installGlobalErrorHandler(
      events,
      createLineLogger((line) => lines.push(line)),
    );
    events.emit('uncaughtException', new Error('boom'));
    events.emit('unhandledRejection', 'nope');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ERROR uncaught exception: Error: boom/);
    expect(lines[1]).toMatch(/ERROR unhandled rejection: nope/);
  });
});

describe('createScopedLogger', () => {
  it('prefixes lines with nested scopes and passes details through', () => {
    const written: unknown[][] = [];
    const sink = {
      debug: (...p: unknown[]) => written.push(['debug', ...p]),
      info: (...p: unknown[]) => written.push(['info', ...p]),
      warn: (...p: unknown[]) => written.push(['warn', ...p]),
      error: (...p: unknown[]) => written.push(['error', ...p]),
    };
    const error = new Error('x');
    createScopedLogger(sink).child('app').child('ada').warn('reconnecting', error);
    expect(written).toEqual([['warn', '[app:ada] reconnecting', error]]);
  });
});
