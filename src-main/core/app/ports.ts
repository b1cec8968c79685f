// What the app core needs from the platform. Electron implements these in src-main/electron;
// tests and the CLI use small Node implementations.
import type { Notifier } from '../toast/notifier';

/** Encrypts secrets at rest with the OS keyring (Electron's safeStorage). */
export interface SecretStore {
  /** False when the OS has no keyring backend; Herald then refuses to store tokens at all. */
  isAvailable(): boolean;
  encrypt(plainText: string): Uint8Array;
  decrypt(cipherText: Uint8Array): string;
}

/** Starts Herald when the user logs in. */
export interface LoginItem {
  setEnabled(enabled: boolean): Promise<void>;
}

export interface AppPlatform {
  secrets: SecretStore;
  notifier: Notifier;
  loginItem: LoginItem;
  /** Opens an http(s) URL in the default browser. The caller has already checked the scheme. */
  openExternal(url: string): Promise<void>;
  openLogFolder(): Promise<void>;
  versions: {
    app: string;
    electron: string | null;
    chrome: string | null;
    node: string;
    platform: string;
  };
}
