// Per-test resources that are always released: hubs, core clients and temp dirs started through
// a scope are stopped in reverse order by `release()` (call it in afterEach).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreClient, type CoreClientOptions } from './core-client';
import { HubProcess, type HubOptions } from './hub';

export class TestScope {
  readonly #cleanups: Array<() => Promise<void> | void> = [];

  defer(cleanup: () => Promise<void> | void): void {
    this.#cleanups.push(cleanup);
  }

  async hub(options: HubOptions = {}): Promise<HubProcess> {
    const hub = await HubProcess.start(options);
    this.defer(() => hub.stop());
    return hub;
  }

  async client(options: CoreClientOptions): Promise<CoreClient> {
    const client = await CoreClient.start(options);
    this.defer(() => client.stop());
    return client;
  }

  tempDir(prefix = 'herald-test-'): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    this.defer(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  async release(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) await cleanup();
  }
}
