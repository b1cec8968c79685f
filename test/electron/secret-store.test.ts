import { describe, expect, it } from 'vitest';
import {
  SafeStorageSecretStore,
  secretStorageStatus,
  type SafeStorageLike,
} from '../../src-main/electron/adapters/secret-store';

/** Reverses the text: enough to tell encrypted from plain. */
class FakeSafeStorage implements SafeStorageLike {
  constructor(
    public encryptionAvailable: boolean,
    public backend: string,
  ) {}
  isEncryptionAvailable(): boolean {
    return this.encryptionAvailable;
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
  encryptString(plainText: string): Uint8Array {
    return Buffer.from([...plainText].reverse().join(''), 'utf8');
  }
  decryptString(cipherText: Buffer): string {
    return [...cipherText.toString('utf8')].reverse().join('');
  }
}

describe('secretStorageStatus', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'accepts the %s keyring on Linux',
    (backend) => {
      expect(
        secretStorageStatus({ platform: 'linux', encryptionAvailable: true, backend }).available,
      ).toBe(true);
    },
  );

  it('refuses the plain-text fallback on Linux, even though "encryption" is available', () => {
    const status = secretStorageStatus({
      platform: 'linux',
      encryptionAvailable: true,
      backend: 'basic_text',
    });
    expect(status.available).toBe(false);
    expect(status.reason).toMatch(/plain text/);
  });

  it('is not available on Linux before the keyring is known', () => {
    expect(
      secretStorageStatus({ platform: 'linux', encryptionAvailable: true, backend: 'unknown' })
        .available,
    ).toBe(false);
  });

  it('follows encryption availability on Windows and macOS', () => {
    for (const platform of ['win32', 'darwin'] as const) {
      expect(
        secretStorageStatus({ platform, encryptionAvailable: true, backend: null }).available,
      ).toBe(true);
      expect(
        secretStorageStatus({ platform, encryptionAvailable: false, backend: null }).available,
      ).toBe(false);
    }
  });
});

describe('SafeStorageSecretStore', () => {
  it('round-trips a secret through the keyring', () => {
    const store = new SafeStorageSecretStore(new FakeSafeStorage(true, 'gnome_libsecret'), 'linux');
    const cipher = store.encrypt('refresh-token');
    expect(Buffer.from(cipher).toString('utf8')).not.toBe('refresh-token');
    expect(store.decrypt(cipher)).toBe('refresh-token');
  });

  it('refuses to encrypt with the plain-text fallback', () => {
    const store = new SafeStorageSecretStore(new FakeSafeStorage(true, 'basic_text'), 'linux');
    expect(store.isAvailable()).toBe(false);
    expect(() => store.encrypt('refresh-token')).toThrow(/plain text/);
  });

  it('asks again each time (Linux answers only after ready)', () => {
    const storage = new FakeSafeStorage(false, 'unknown');
    const store = new SafeStorageSecretStore(storage, 'linux');
    expect(store.isAvailable()).toBe(false);
    storage.encryptionAvailable = true;
    storage.backend = 'kwallet6';
    expect(store.isAvailable()).toBe(true);
  });

  it('never asks Windows for a Linux backend', () => {
    const storage = new FakeSafeStorage(true, 'basic_text');
    expect(new SafeStorageSecretStore(storage, 'win32').isAvailable()).toBe(true);
  });
});
