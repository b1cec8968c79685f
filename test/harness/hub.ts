// Starts the real reference hub (hub/) on a free loopback port with a temporary data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHubBuilt } from '../../scripts/hub-build.mjs';
import { freePort } from './ports';

export interface HubUser {
  id: string;
  password: string;
  displayName: string;
  roles?: string[];
}

export interface HubGroup {
  name: string;
  displayName: string;
  description?: string;
  mandatory?: boolean;
  members?: string[];
}

export interface HubConfig {
  users: HubUser[];
  groups: HubGroup[];
}

export interface HubOptions {
  /** A fixed port (e.g. one a client is already retrying against); a free one otherwise. */
  port?: number;
  config?: HubConfig;
  tokenLifetimeSeconds?: number;
  refreshLifetimeSeconds?: number;
  keepAliveSeconds?: number;
  historyLimit?: number;
  missedPage?: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

/** Users and groups most suites share: three employees, one sender, overlapping groups. */
export const defaultConfig: HubConfig = {
  users: [
    { id: 'alice', password: 'alice-pw', displayName: 'Alice Martin' },
    { id: 'bob', password: 'bob-pw', displayName: 'Bob Chen' },
    { id: 'carol', password: 'carol-pw', displayName: 'Carol Diaz' },
    { id: 'dispatch', password: 'dispatch-pw', displayName: 'Dispatch', roles: ['sender'] },
  ],
  groups: [
    { name: 'news', displayName: 'Company news', mandatory: true },
    { name: 'eng', displayName: 'Engineering', members: ['alice', 'bob', 'dispatch'] },
    { name: 'support', displayName: 'Support', members: ['bob', 'carol', 'dispatch'] },
    { name: 'oncall', displayName: 'On call', description: 'Pager rota' },
    { name: 'leaders', displayName: 'Leadership', members: ['carol'] },
  ],
};

const running = new Set<HubProcess>();

/** A running reference hub. Always `stop()` it (suites do so in afterAll/afterEach). */
export class HubProcess {
  readonly url: string;
  readonly dataDir: string;
  #child: ChildProcess | undefined;
  #stderr: string[] = [];
  readonly #args: string[];
  readonly #ownsDataDir: boolean;

  private constructor(port: number, dataDir: string, ownsDataDir: boolean, args: string[]) {
    this.url = `http://127.0.0.1:${port}`;
    this.dataDir = dataDir;
    this.#ownsDataDir = ownsDataDir;
    this.#args = args;
  }

  static async start(options: HubOptions = {}): Promise<HubProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-hub-'));
    const configPath = join(dataDir, 'config.json');
    writeFileSync(configPath, JSON.stringify(options.config ?? defaultConfig));
    const port = options.port ?? (await freePort());
    const args = [
      '--urls',
      `http://127.0.0.1:${port}`,
      '--data',
      join(dataDir, 'data'),
      '--config',
      configPath,
    ];
    if (options.tokenLifetimeSeconds !== undefined)
      args.push('--token-lifetime', String(options.tokenLifetimeSeconds));
    if (options.refreshLifetimeSeconds !== undefined)
      args.push('--refresh-lifetime', String(options.refreshLifetimeSeconds));
    if (options.keepAliveSeconds !== undefined)
      args.push('--keep-alive', String(options.keepAliveSeconds));
    if (options.historyLimit !== undefined)
      args.push('--history-limit', String(options.historyLimit));
    if (options.missedPage !== undefined) args.push('--missed-page', String(options.missedPage));
    const hub = new HubProcess(port, dataDir, true, args);
    running.add(hub);
    await hub.#launch();
    return hub;
  }

  /** What the hub wrote to stderr, for failure messages. */
  get log(): string {
    return this.#stderr.join('');
  }

  get running(): boolean {
    return this.#child !== undefined;
  }

  async #launch(): Promise<void> {
    const dll = ensureHubBuilt({ quiet: true });
    const child = spawn('dotnet', [dll, ...this.#args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.#stderr.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.#stderr.push(chunk.toString()));
    child.on('exit', () => {
      if (this.#child === child) this.#child = undefined;
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (this.#child !== child) throw new Error(`The hub exited during start-up:\n${this.log}`);
      if (await this.healthy()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`The hub did not answer /healthz within 30 s:\n${this.log}`);
  }

  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(1000) });
      return response.status === 200;
    } catch {
      return false;
    }
  }

  /** Kills the hub without warning (a crash), leaving its data directory in place. */
  async kill(): Promise<void> {
    await this.#terminate('SIGKILL');
  }

  /** Starts the hub again on the same port and data directory. */
  async restart(): Promise<void> {
    if (this.#child) await this.#terminate('SIGKILL');
    await this.#launch();
  }

  /** Stops the hub (SIGTERM, then SIGKILL after 5 s) and removes its data directory. */
  async stop(): Promise<void> {
    await this.#terminate('SIGTERM');
    running.delete(this);
    if (this.#ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async #terminate(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.#child = undefined;
  }

  async token(userId: string, password?: string): Promise<TokenResponse> {
    const pw = password ?? `${userId}-pw`;
    const response = await fetch(`${this.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'password', username: userId, password: pw }),
    });
    if (response.status !== 200)
      throw new Error(`sign-in of ${userId} failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as TokenResponse;
  }

  /** POST /api/notifications as `sender`; returns the status and parsed body. */
  async post(body: unknown, sender = 'dispatch'): Promise<{ status: number; body: unknown }> {
    const { access_token } = await this.token(sender);
    const response = await fetch(`${this.url}/api/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
}

/** Stops every hub still running; a safety net for suites that failed half-way. */
export async function stopAllHubs(): Promise<void> {
  await Promise.all([...running].map((hub) => hub.stop()));
}
