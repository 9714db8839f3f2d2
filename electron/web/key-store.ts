import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { SecretStore } from '../core/protection/app-keys.js';
import { writeSecretFile } from '../core/batch/secret-file.js';

/**
 * The harness's stand-ins for the OS key store, so that the browser tests walk the app's own start-up:
 * - `none`: a computer whose store keeps no secrets (Linux without a keyring: safeStorage's `basic_text`);
 * - `machine:FILE`: a store that seals with a secret kept in FILE, outside the data folder, as DPAPI or the
 *   Keychain keep theirs outside it: another FILE is another computer.
 */
export function harnessKeyStore(spec: string): SecretStore {
  if (spec === 'none') {
    return {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (text) => Buffer.from(text, 'utf8'),
      decryptString: (sealed) => sealed.toString('utf8'),
    };
  }
  const file = /^machine:(.+)$/.exec(spec)?.[1];
  if (!file) throw new Error(`--key-store is none or machine:FILE, not ${spec}`);
  if (!existsSync(file)) writeSecretFile(file, randomBytes(32).toString('hex'));
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
