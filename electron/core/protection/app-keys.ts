import { unlinkSync, existsSync } from 'node:fs';
import type { GivenKey, KeyProvider } from '../db/key-provider.js';
import { databaseFile, fileState } from '../db/file-state.js';
import { CoreError } from '../errors.js';
import {
  newDatabaseKey,
  plainKeyPath,
  readKeyring,
  readPlainKey,
  replacePassphrase,
  replaceRecoveryCode,
  unwrapWithPassphrase,
  unwrapWithRecoveryCode,
  writeKeyring,
} from './database-keys.js';

/**
 * The app's key provider: the database key sealed by the OS key store (Electron safeStorage: DPAPI, Keychain,
 * libsecret). Where that store is only the weak fallback (`basic_text`: Linux without a keyring), a start-up
 * passphrase the administrator types wraps the key instead. A recovery code, shown once at the first run, opens the
 * file on any machine. A folder made by the CLI (keys/database.key) is moved into the store at the first start and
 * the plain key file deleted: from then on the CLI needs the recovery code or the passphrase.
 */

/** The part of Electron's safeStorage used here, by shape (core never imports electron). */
export interface SecretStore {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend(): string;
}
type Store = SecretStore;

/** The store keeps secrets only when it is a real one: `basic_text` encrypts with a key written in Chromium's source. */
export function osStoreUsable(store: Store, platform: NodeJS.Platform = process.platform): boolean {
  if (!store.isEncryptionAvailable()) return false;
  return platform !== 'linux' || store.getSelectedStorageBackend() !== 'basic_text';
}

export type KeyState =
  /** Opens without asking: the OS store holds the key (or the folder is new and the store is usable). */
  | 'ready'
  /** The start-up passphrase must be typed. */
  | 'passphrase'
  /** No real OS store and no passphrase yet: the administrator sets one (first run, or a CLI-made folder). */
  | 'set-passphrase'
  /** The key is sealed for another machine's store and no passphrase wraps it: only the recovery code opens it. */
  | 'recovery';

export function keyState(dataDir: string, store: Store): KeyState {
  const usable = osStoreUsable(store);
  const ring = readKeyring(dataDir);
  if (ring?.osStore && usable) {
    try {
      store.decryptString(Buffer.from(ring.osStore, 'base64'));
      return 'ready';
    } catch {
      // Sealed by another machine's (or account's) store.
    }
  }
  if (ring?.passphrase) return 'passphrase';
  if (ring?.recovery) return 'recovery';
  return usable ? 'ready' : 'set-passphrase';
}

export interface AppKeyOptions {
  /** The start-up passphrase, as typed (to open, or to set when the state is 'set-passphrase'). */
  passphrase?: string;
  /** The recovery code, as typed on the recovery screen. */
  recoveryCode?: string;
  /** Told a new recovery code, to show once to the administrator. */
  onRecoveryCode: (code: string) => void;
}

export function appKeyProvider(dataDir: string, store: Store, options: AppKeyOptions): KeyProvider {
  const usable = osStoreUsable(store);
  /** Keeps the key as this machine can: sealed by the OS store, or wrapped by the passphrase just set. */
  const keep = (key: Buffer): void => {
    if (usable) {
      writeKeyring(dataDir, { ...(readKeyring(dataDir) ?? { version: 1 }), osStore: store.encryptString(key.toString('hex')).toString('base64') });
    } else if (options.passphrase) {
      replacePassphrase(dataDir, key, options.passphrase);
    } else if (!readKeyring(dataDir)?.passphrase) {
      throw new CoreError('locked', 'Set a start-up passphrase first: this computer has no key store that keeps secrets.');
    }
    if (!readKeyring(dataDir)?.recovery) options.onRecoveryCode(replaceRecoveryCode(dataDir, key));
  };
  const fromStore = (): Buffer | undefined => {
    const sealed = readKeyring(dataDir)?.osStore;
    if (!sealed || !usable) return undefined;
    try {
      return Buffer.from(store.decryptString(Buffer.from(sealed, 'base64')), 'hex');
    } catch {
      return undefined;
    }
  };
  return {
    sealsKeyFiles: true,
    load() {
      const sealed = fromStore();
      if (sealed) return sealed;
      const ring = readKeyring(dataDir);
      if (options.passphrase && ring?.passphrase) {
        const key = unwrapWithPassphrase(ring.passphrase, options.passphrase);
        if (!key)
          throw new CoreError('unauthenticated', 'This passphrase does not open the data file.', [
            { path: 'passphrase', code: 'keys.passphrase.wrong', message: 'Wrong passphrase' },
          ]);
        if (usable && !ring.osStore) keep(key);
        return key;
      }
      if (options.recoveryCode && ring?.recovery) {
        const key = unwrapWithRecoveryCode(ring.recovery, options.recoveryCode);
        if (!key)
          throw new CoreError('unauthenticated', 'This recovery code does not open the data file.', [
            { path: 'recoveryCode', code: 'keys.recovery.wrong', message: 'Wrong recovery code' },
          ]);
        // A new machine: the key is sealed for this machine's store (or the passphrase set now).
        keep(key);
        return key;
      }
      const plain = readPlainKey(dataDir);
      if (plain) {
        // A folder made by the CLI or an earlier version: into the store, and the plain key file goes.
        keep(plain);
        unlinkSync(plainKeyPath(dataDir));
        return plain;
      }
      if (ring) throw new CoreError('locked', 'The data file is locked: type the start-up passphrase or the recovery code.');
      return undefined;
    },
    create() {
      const key = newDatabaseKey();
      keep(key);
      if (existsSync(plainKeyPath(dataDir))) unlinkSync(plainKeyPath(dataDir));
      return key;
    },
  };
}

/**
 * The app's start-up: whether the file opens by itself, and a provider for what the administrator typed on the
 * start-up screen. Recovery codes made while opening (the first run, a folder moved into the store, a new machine)
 * are handed to `onRecoveryCode`, to be shown once to an administrator.
 */
export interface KeyGate {
  state(): KeyState;
  /** False where the OS store keeps no secrets: opening by recovery code then sets a start-up passphrase too. */
  storeUsable(): boolean;
  provider(typed: { passphrase?: string; newPassphrase?: string; recoveryCode?: string }, onRecoveryCode: (code: string) => void): KeyProvider;
}

export function appKeyGate(dataDir: string, store: SecretStore): KeyGate {
  return {
    state: () => keyState(dataDir, store),
    storeUsable: () => osStoreUsable(store),
    provider: (typed, onRecoveryCode) =>
      appKeyProvider(dataDir, store, { passphrase: typed.newPassphrase ?? typed.passphrase, recoveryCode: typed.recoveryCode, onRecoveryCode }),
  };
}

/**
 * The key as bytes for the core's worker, which cannot reach the OS key store: the one the provider keeps, else a new
 * one made now (a new folder, or a plain file from an older version that the worker encrypts with it). An encrypted
 * file without its key gets none: a new key would not open it, and the worker says what is missing.
 */
export function unwrapDatabaseKey(dataDir: string, keys: KeyProvider): GivenKey | undefined {
  const key = keys.load() ?? (fileState(databaseFile(dataDir)) === 'encrypted' ? undefined : keys.create());
  return key ? { bytes: new Uint8Array(key), sealsKeyFiles: keys.sealsKeyFiles } : undefined;
}
