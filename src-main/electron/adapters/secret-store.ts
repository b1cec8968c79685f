// The SecretStore port over Electron's safeStorage, and the decision when it may be used.
import type { SecretStore } from '../../core/app/ports';

/** The part of Electron's `safeStorage` Herald uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which keyring backs the encryption key. */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Uint8Array;
  decryptString(cipherText: Buffer): string;
}

export interface SecretStorageStatus {
  available: boolean;
  /** Why not, for the log and the settings page; null when available. */
  reason: string | null;
}

/**
 * Whether tokens may be stored. On Linux without a keyring (GNOME Keyring, KWallet) Chromium
 * falls back to `basic_text`: a hard-coded key, which is plain text with extra steps — refused,
 * so Herald keeps nothing and asks the user to sign in each time. `unknown` means the app is
 * not ready yet: not available until it is.
 */
export function secretStorageStatus(input: {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  backend: string | null;
}): SecretStorageStatus {
  if (input.platform === 'linux') {
    if (input.backend === 'basic_text')
      return {
        available: false,
        reason:
          'No keyring (GNOME Keyring, KWallet) was found; Herald will not store your sign-in as plain text.',
      };
    if (input.backend === 'unknown' || input.backend === null)
      return { available: false, reason: 'The keyring is not ready yet.' };
  }
  if (!input.encryptionAvailable)
    return { available: false, reason: 'The operating system offers no encryption for secrets.' };
  return { available: true, reason: null };
}

export class SafeStorageSecretStore implements SecretStore {
  readonly #storage: SafeStorageLike;
  readonly #platform: NodeJS.Platform;

  constructor(storage: SafeStorageLike, platform: NodeJS.Platform) {
    this.#storage = storage;
    this.#platform = platform;
  }

  /** Asked each time: on Linux the keyring answers only after `ready`. */
  status(): SecretStorageStatus {
    return secretStorageStatus({
      platform: this.#platform,
      encryptionAvailable: this.#storage.isEncryptionAvailable(),
      backend: this.#platform === 'linux' ? this.#storage.getSelectedStorageBackend() : null,
    });
  }

  isAvailable(): boolean {
    return this.status().available;
  }

  encrypt(plainText: string): Uint8Array {
    const status = this.status();
    if (!status.available) throw new Error(`Secrets cannot be stored: ${status.reason}`);
    return new Uint8Array(this.#storage.encryptString(plainText));
  }

  decrypt(cipherText: Uint8Array): string {
    const status = this.status();
    if (!status.available) throw new Error(`Secrets cannot be read: ${status.reason}`);
    return this.#storage.decryptString(Buffer.from(cipherText));
  }
}
