// Who is signed in, where, and their refresh token — encrypted, never in plain text.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../base/log';
import type { SecretStore } from './ports';

const AccountSchema = z.object({
  hubUrl: z.string().url().max(2048),
  userId: z.string().min(1).max(200),
  displayName: z.string().max(200).optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export class AccountStore {
  readonly #accountPath: string;
  readonly #tokenPath: string;

  constructor(
    private readonly dataDir: string,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
  ) {
    this.#accountPath = join(dataDir, 'account.json');
    this.#tokenPath = join(dataDir, 'session.bin');
  }

  /** The folder holding this account's inbox: one per hub and user, so accounts never mix. */
  inboxDir(account: Account): string {
    const key = createHash('sha256')
      .update(`${account.hubUrl}\n${account.userId}`)
      .digest('hex')
      .slice(0, 16);
    return join(this.dataDir, 'accounts', key);
  }

  /** The saved account and its refresh token, or undefined when there is none usable. */
  load(): { account: Account; refreshToken: string | null } | undefined {
    let account: Account;
    try {
      const parsed = AccountSchema.safeParse(JSON.parse(readFileSync(this.#accountPath, 'utf8')));
      if (!parsed.success) {
        this.logger.warn('account.json is not valid; signing in again is needed');
        return undefined;
      }
      account = parsed.data;
    } catch {
      return undefined;
    }
    if (!this.secrets.isAvailable()) return { account, refreshToken: null };
    try {
      return { account, refreshToken: this.secrets.decrypt(readFileSync(this.#tokenPath)) };
    } catch {
      return { account, refreshToken: null };
    }
  }

  /** Saves the account, and the refresh token only when it can be encrypted. */
  save(account: Account, refreshToken: string | null): void {
    mkdirSync(this.dataDir, { recursive: true });
    writeAtomically(this.#accountPath, JSON.stringify(account));
    if (refreshToken && this.secrets.isAvailable()) {
      writeAtomically(this.#tokenPath, this.secrets.encrypt(refreshToken));
    } else {
      rmSync(this.#tokenPath, { force: true });
    }
  }

  /** Forgets the refresh token (sign-out); the account stays so the form is prefilled. */
  forgetToken(): void {
    rmSync(this.#tokenPath, { force: true });
  }
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data, { mode: 0o600 });
  renameSync(temporary, path);
}
