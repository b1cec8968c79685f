// Runs `herald listen` (the CLI) as a child process and collects its JSON lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliEntry = join(root, 'src-main', 'cli', 'main.ts');

export type ListenerEvent = { type: string } & Record<string, unknown>;

export class Listener {
  readonly events: ListenerEvent[] = [];
  readonly stderr: string[] = [];
  readonly #child: ChildProcess;
  readonly exited: Promise<number | null>;

  private constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', cliEntry, 'listen', ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = this.#child;
    if (!child.stdout || !child.stderr) throw new Error('listener has no pipes');
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as ListenerEvent);
      } catch {
        throw new Error(`listen printed a line that is not JSON: ${line}`);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.exited = new Promise((r) => child.once('exit', (code) => r(code)));
  }

  static start(args: string[], env: NodeJS.ProcessEnv = {}): Listener {
    return new Listener(args, env);
  }

  notifications(): ListenerEvent[] {
    return this.events.filter((e) => e.type === 'notification');
  }

  states(): string[] {
    return this.events.filter((e) => e.type === 'state').map((e) => String(e.state));
  }

  async waitFor(
    predicate: (events: ListenerEvent[]) => boolean,
    what: string,
    ms = 20_000,
  ): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this.events)) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${what}; events: ${JSON.stringify(this.events.slice(-10))}\n${this.stderr.join('').slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.#child.kill(signal);
    return this.exited;
  }
}
