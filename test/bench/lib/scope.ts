// One benchmark's resources: child processes, hubs and anything else it must release. Closing the
// scope (on success, failure, timeout or Ctrl-C) releases everything, newest first.
import { spawn, type ChildProcess } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HubProcess, type HubOptions } from '../../harness/hub';
import type { ChildMessage, ParentMessage } from './protocol';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const childrenDir = join(root, 'test', 'bench', 'children');
/** tsx's loader, resolved once so children run with any working directory. */
export const tsxLoader = import.meta.resolve('tsx');

/** Every child any scope started and has not reaped: the last-resort kill on exit. */
const live = new Set<ChildProcess>();

export function killEveryChildNow(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

/**
 * `BENCH_PROFILE=herald-core npm run bench -- ingest`: children whose name contains the value run
 * with --cpu-prof; the profiles land in out/bench-profiles (open them in Chrome DevTools).
 */
function profileArgs(name: string): string[] {
  const wanted = process.env.BENCH_PROFILE;
  if (!wanted || !name.includes(wanted)) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(root, 'out', 'bench-profiles')}`];
}

/**
 * `BENCH_BACKOFF='{"baseInMilliseconds":4000}' npm run bench -- reconnect storm`: Herald's
 * sessions in those benchmarks use this Backoff instead of the app's default, to try a change.
 */
export function backoffOverride(): Record<string, number> | undefined {
  const raw = process.env.BENCH_BACKOFF;
  return raw ? (JSON.parse(raw) as Record<string, number>) : undefined;
}

export class BenchAborted extends Error {
  constructor(why: string) {
    super(why);
    this.name = 'BenchAborted';
  }
}

export interface SpawnOptions {
  /** Extra arguments to node before the entry (e.g. --expose-gc). */
  nodeArgs?: string[];
  /** Run a .ts entry through tsx (default for .ts files). */
  tsx?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Open an IPC channel (default true for entries in test/bench/children). */
  ipc?: boolean;
  cwd?: string;
}

/** A child process started by a scope: IPC messages in arrival order, stderr kept for errors. */
export class Child {
  readonly process: ChildProcess;
  readonly name: string;
  readonly messages: ChildMessage[] = [];
  readonly exited: Promise<number | null>;
  #stderr = '';
  #stdout = '';
  #waiters: Array<{ test: (m: ChildMessage) => boolean; resolve: (m: ChildMessage) => void }> = [];
  #exitCode: number | null | undefined;
  #lineListeners: Array<(line: string) => void> = [];

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.process = child;
    child.on('message', (message: ChildMessage) => {
      this.messages.push(message);
      for (const waiter of [...this.#waiters]) {
        if (waiter.test(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    });
    let partial = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      this.#stdout = (this.#stdout + text).slice(-20_000);
      partial += text;
      let newline = partial.indexOf('\n');
      while (newline >= 0) {
        const line = partial.slice(0, newline);
        partial = partial.slice(newline + 1);
        for (const listener of this.#lineListeners) listener(line);
        newline = partial.indexOf('\n');
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-20_000);
    });
    this.exited = new Promise((r) =>
      child.once('exit', (code) => {
        this.#exitCode = code;
        live.delete(child);
        r(code);
      }),
    );
  }

  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid`);
    return pid;
  }

  get stderr(): string {
    return this.#stderr;
  }

  get stdout(): string {
    return this.#stdout;
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** Calls `listener` with every whole line the child writes to stdout. */
  onLine(listener: (line: string) => void): void {
    this.#lineListeners.push(listener);
  }

  send(message: ParentMessage): void {
    if (this.process.connected) this.process.send(message);
  }

  /** The first message (already received or still to come) that passes `test`. */
  next<T extends ChildMessage['type']>(
    type: T,
    signal: AbortSignal,
    timeoutMs: number,
    test: (m: Extract<ChildMessage, { type: T }>) => boolean = () => true,
    after = 0,
  ): Promise<Extract<ChildMessage, { type: T }>> {
    const matches = (m: ChildMessage): boolean =>
      m.type === type && test(m as Extract<ChildMessage, { type: T }>);
    for (let i = after; i < this.messages.length; i++) {
      const m = this.messages[i] as ChildMessage;
      if (matches(m)) return Promise.resolve(m as Extract<ChildMessage, { type: T }>);
    }
    return new Promise((resolvePromise, reject) => {
      const waiter = {
        test: matches,
        resolve: (m: ChildMessage) => {
          cleanup();
          resolvePromise(m as Extract<ChildMessage, { type: T }>);
        },
      };
      const fail = (why: string): void => {
        cleanup();
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        reject(new BenchAborted(`${this.name}: ${why}\n${this.#stderr.slice(-2000)}`));
      };
      const timer = setTimeout(
        () => fail(`no "${type}" message within ${timeoutMs} ms`),
        timeoutMs,
      );
      const onAbort = (): void => fail('aborted');
      const onExit = (code: number | null): void =>
        fail(`exited (${code}) before sending "${type}"`);
      const cleanup = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.process.off('exit', onExit);
      };
      if (signal.aborted) {
        fail('aborted');
        return;
      }
      signal.addEventListener('abort', onAbort);
      if (!this.running) {
        fail(`exited (${this.#exitCode}) before sending "${type}"`);
        return;
      }
      this.process.once('exit', onExit);
      this.#waiters.push(waiter);
    });
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.running) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export class Scope {
  readonly #controller = new AbortController();
  readonly #cleanups: Array<() => unknown> = [];
  readonly name: string;

  constructor(name: string) {
    this.name = name;
    // Every wait listens for the abort; many run at once (500 storm clients, polls).
    setMaxListeners(1000, this.#controller.signal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  abort(why: string): void {
    this.#controller.abort(new BenchAborted(why));
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw new BenchAborted(`${this.name} aborted`);
  }

  /** Runs `fn` when the scope closes (newest first). */
  defer(fn: () => unknown): void {
    this.#cleanups.push(fn);
  }

  /** Starts a child: `entry` is a path under test/bench/children or absolute. */
  spawn(name: string, entry: string, args: string[] = [], options: SpawnOptions = {}): Child {
    this.throwIfAborted();
    const file = entry.startsWith('/') ? entry : join(childrenDir, entry);
    const useTsx = options.tsx ?? file.endsWith('.ts');
    const ipc = options.ipc ?? file.startsWith(childrenDir);
    const argv = [
      ...profileArgs(name),
      ...(options.nodeArgs ?? []),
      ...(useTsx ? ['--import', tsxLoader] : []),
      file,
    ];
    const child = spawn(process.execPath, [...argv, ...args], {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    const handle = new Child(name, child);
    this.defer(() => handle.stop());
    return handle;
  }

  /** Starts the reference hub on a free loopback port with a temporary data directory. */
  async hub(options: HubOptions = {}): Promise<HubProcess> {
    this.throwIfAborted();
    const hub = await HubProcess.start(options);
    this.defer(() => hub.stop());
    return hub;
  }

  /** Releases everything, newest first; never throws. */
  async close(): Promise<void> {
    while (this.#cleanups.length > 0) {
      const fn = this.#cleanups.pop() as () => unknown;
      try {
        await fn();
      } catch (error) {
        process.stderr.write(`[bench] cleanup in ${this.name} failed: ${String(error)}\n`);
      }
    }
  }
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (signal?.aborted) {
      reject(new BenchAborted('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new BenchAborted('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Polls `predicate` every `everyMs` until it holds; rejects after `timeoutMs` or on abort. */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  signal: AbortSignal,
  timeoutMs: number,
  everyMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new BenchAborted(`timed out waiting for ${what}`);
    await sleep(everyMs, signal);
  }
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable across processes. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
