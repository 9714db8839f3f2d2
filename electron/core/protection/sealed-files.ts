import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeSecretFile } from '../batch/secret-file.js';
import { CoreError } from '../errors.js';

/**
 * The station's and hub's private keys (keys/station.key, hub.key, hub-signing.key) are kept the same way as the
 * database key: when that key is not lying plain in the folder (OS store, passphrase, recovery code), each file is
 * sealed with AES-256-GCM under a key derived from the database key, so whoever cannot open the database cannot
 * sign or decrypt batches either. The sealing key is known while the folder's core is open (registered by
 * openCore, forgotten at close).
 */

const SEAL_PREFIX = 'intake-sealed-v1:';
const sealing = new Map<string, Buffer>();
const holders = new Map<string, number>();

const keysFolderOf = (path: string): string => resolve(dirname(path));

export function registerSealing(keysFolder: string, databaseKey: Buffer): () => void {
  const folder = resolve(keysFolder);
  sealing.set(folder, createHmac('sha256', databaseKey).update('intake-desk key files').digest());
  holders.set(folder, (holders.get(folder) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(folder) ?? 1) - 1;
    holders.set(folder, left);
    if (left <= 0) {
      sealing.delete(folder);
      holders.delete(folder);
    }
  };
}

function seal(key: Buffer, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${SEAL_PREFIX}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}\n`;
}

/** Writes a private key file, sealed when the folder's database key is not plain on disk. */
export function writeKeyFileText(path: string, text: string): void {
  const key = sealing.get(keysFolderOf(path));
  writeSecretFile(path, key ? seal(key, text) : text);
}

/** Reads a private key file, sealed or not. */
export function readKeyFileText(path: string): string {
  const raw = readFileSync(path, 'utf8');
  if (!raw.startsWith(SEAL_PREFIX)) return raw;
  const key = sealing.get(keysFolderOf(path));
  if (!key) throw new CoreError('locked', `The key file ${path} is sealed; open the folder with its key first.`);
  const bytes = Buffer.from(raw.slice(SEAL_PREFIX.length).trim(), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    throw new CoreError('not_configured', `The key file ${path} is damaged or belongs to another folder. Restore it from the backup.`);
  }
}

export const isSealed = (path: string): boolean => existsSync(path) && readFileSync(path, 'utf8').startsWith(SEAL_PREFIX);

/** Seals the key files that are still plain (a folder whose database key just left keys/database.key). */
export function sealExisting(paths: readonly string[]): void {
  for (const path of paths) {
    if (existsSync(path) && !isSealed(path)) writeKeyFileText(path, readFileSync(path, 'utf8'));
  }
}
