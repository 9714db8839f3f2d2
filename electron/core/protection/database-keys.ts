import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { writeSecretFile } from '../batch/secret-file.js';
import { DATABASE_KEY_BYTES, type KeyProvider } from '../db/key-provider.js';
import { CoreError } from '../errors.js';

/**
 * The database key as a data folder keeps it, in keys/ (folder 0700, files 0600):
 * - keys/database.key: the key itself, hex. What `init` makes: every CLI command opens the folder without a
 *   prompt. Protects against other local accounts, not against a copy of the whole folder.
 * - keys/database-key.json: the key wrapped (scrypt, then AES-256-GCM) by a passphrase and by a recovery code,
 *   and, in the app, sealed by the OS key store. Opens only with one of those.
 */

export const plainKeyPath = (dataDir: string): string => join(dataDir, 'keys', 'database.key');
export const keyringPath = (dataDir: string): string => join(dataDir, 'keys', 'database-key.json');
/** The environment variable a recovery code is read from by the CLI. */
export const RECOVERY_ENV = 'INTAKE_RECOVERY_CODE';

export interface WrappedKey {
  N: number;
  r: number;
  p: number;
  salt: string;
  iv: string;
  tag: string;
  wrapped: string;
}

export interface Keyring {
  version: 1;
  /** The passphrase's wrap; `env` names the variable the CLI reads it from (the administrator chooses it). */
  passphrase?: WrappedKey & { env?: string };
  recovery?: WrappedKey;
  /** The key sealed by the app's OS key store (Electron safeStorage), base64; opaque to core. */
  osStore?: string;
}

/** scrypt cost for wrapping: about a tenth of a second once per start, far too slow for guessing a passphrase. */
const WRAP_SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

const normalise = (secret: string): string => secret.normalize('NFC');
/** Recovery codes are read back from paper: case, spaces and dashes do not matter. */
const normaliseRecovery = (code: string): string => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

function derive(secret: string, salt: Buffer, params: { N: number; r: number; p: number }): Buffer {
  return scryptSync(secret, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 });
}

export function wrapKey(key: Buffer, secret: string): WrappedKey {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(secret, salt, WRAP_SCRYPT), iv);
  const wrapped = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    ...WRAP_SCRYPT,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    wrapped: wrapped.toString('base64'),
  };
}

/** The key, or undefined when the secret is wrong (the GCM tag does not match). */
export function unwrapKey(entry: WrappedKey, secret: string): Buffer | undefined {
  if (![entry.N, entry.r, entry.p].every((x) => Number.isInteger(x) && x > 0) || entry.N > 2 ** 20) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', derive(secret, Buffer.from(entry.salt, 'base64'), entry), Buffer.from(entry.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(entry.wrapped, 'base64')), decipher.final()]);
    return key.length === DATABASE_KEY_BYTES ? key : undefined;
  } catch {
    return undefined;
  }
}

export const wrapWithPassphrase = (key: Buffer, passphrase: string): WrappedKey => wrapKey(key, normalise(passphrase));
export const unwrapWithPassphrase = (entry: WrappedKey, passphrase: string): Buffer | undefined => unwrapKey(entry, normalise(passphrase));
export const wrapWithRecoveryCode = (key: Buffer, code: string): WrappedKey => wrapKey(key, normaliseRecovery(code));
export const unwrapWithRecoveryCode = (entry: WrappedKey, code: string): Buffer | undefined => unwrapKey(entry, normaliseRecovery(code));

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 130 random bits as 26 letters and digits in groups of five (no I, L, O, U): easy to copy by hand. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(26);
  const chars = [...bytes].map((b) => CROCKFORD[b % 32]).join('');
  return chars.match(/.{1,5}/g)!.join('-');
}

export const MIN_PASSPHRASE_LENGTH = 10;

export function readKeyring(dataDir: string): Keyring | undefined {
  const path = keyringPath(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { version?: unknown };
    if (parsed.version !== 1) throw new Error('version');
    return parsed as Keyring;
  } catch {
    throw new CoreError('not_configured', `The key file ${path} is damaged. Restore the keys folder from the station's backup.`);
  }
}

export const writeKeyring = (dataDir: string, ring: Keyring): void => writeSecretFile(keyringPath(dataDir), `${JSON.stringify(ring, null, 2)}\n`);

export function readPlainKey(dataDir: string): Buffer | undefined {
  const path = plainKeyPath(dataDir);
  if (!existsSync(path)) return undefined;
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length !== DATABASE_KEY_BYTES) throw new CoreError('not_configured', `The key file ${path} is damaged. Restore it from the station's backup.`);
  return key;
}

export const writePlainKey = (dataDir: string, key: Buffer): void => writeSecretFile(plainKeyPath(dataDir), `${key.toString('hex')}\n`);
export const removePlainKey = (dataDir: string): void => {
  if (existsSync(plainKeyPath(dataDir))) unlinkSync(plainKeyPath(dataDir));
};

export const newDatabaseKey = (): Buffer => randomBytes(DATABASE_KEY_BYTES);

/** Adds (or replaces) the recovery wrap; the previous code stops working. Returns the new code, to be shown once. */
export function replaceRecoveryCode(dataDir: string, key: Buffer): string {
  const code = newRecoveryCode();
  writeKeyring(dataDir, { ...(readKeyring(dataDir) ?? { version: 1 }), recovery: wrapWithRecoveryCode(key, code) });
  return code;
}

/** Sets (or changes) the passphrase wrap; `env` is where the CLI will look for it. */
export function replacePassphrase(dataDir: string, key: Buffer, passphrase: string, env?: string): void {
  if (normalise(passphrase).length < MIN_PASSPHRASE_LENGTH) {
    throw new CoreError('invalid_input', `A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.`, [
      { path: 'passphrase', code: 'keys.passphrase.short', message: 'Passphrase too short', params: { min: MIN_PASSPHRASE_LENGTH } },
    ]);
  }
  const ring = readKeyring(dataDir) ?? { version: 1 };
  const keepEnv = env ?? ring.passphrase?.env;
  writeKeyring(dataDir, { ...ring, passphrase: { ...wrapWithPassphrase(key, passphrase), ...(keepEnv ? { env: keepEnv } : {}) } });
}

export interface FolderKeyOptions {
  env?: NodeJS.ProcessEnv;
  /** `init --passphrase-env NAME`: the new key is wrapped by the passphrase in that variable, never written plain. */
  passphraseEnv?: string;
  /** Told the recovery code made with a passphrase-protected folder (the CLI prints it once, on stderr). */
  onRecoveryCode?: (code: string) => void;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The CLI's and the harness's provider: keys/database.key, else the passphrase from the environment variable the
 * folder names, else a recovery code from INTAKE_RECOVERY_CODE. A folder whose key the app moved to the OS store
 * opens only with those two, and says so.
 */
export function folderKeys(dataDir: string, options: FolderKeyOptions = {}): KeyProvider {
  const env = options.env ?? process.env;
  if (options.passphraseEnv !== undefined && !ENV_NAME.test(options.passphraseEnv)) {
    throw new CoreError('invalid_input', 'The passphrase variable must be a name of letters, digits and _.');
  }
  const passphraseVariable = (): string | undefined => options.passphraseEnv ?? readKeyring(dataDir)?.passphrase?.env;
  return {
    sealsKeyFiles: options.passphraseEnv !== undefined || (!existsSync(plainKeyPath(dataDir)) && existsSync(keyringPath(dataDir))),
    load() {
      const plain = readPlainKey(dataDir);
      if (plain) return plain;
      const ring = readKeyring(dataDir);
      if (!ring) return undefined;
      const variable = passphraseVariable();
      const passphrase = variable ? env[variable] : undefined;
      if (ring.passphrase && passphrase) {
        const key = unwrapWithPassphrase(ring.passphrase, passphrase);
        if (key) return key;
        throw new CoreError('unauthenticated', `The passphrase in ${variable} does not open this folder.`);
      }
      const recovery = env[RECOVERY_ENV];
      if (ring.recovery && recovery) {
        const key = unwrapWithRecoveryCode(ring.recovery, recovery);
        if (key) return key;
        throw new CoreError('unauthenticated', `The recovery code in ${RECOVERY_ENV} does not open this folder.`);
      }
      const ways = [
        ring.passphrase ? (variable ? `the passphrase in the environment variable ${variable}` : 'its passphrase') : undefined,
        ring.recovery ? `its recovery code in ${RECOVERY_ENV}` : undefined,
      ]
        .filter(Boolean)
        .join(' or ');
      throw new CoreError(
        'locked',
        `This folder's key is kept by the app's key store${ring.passphrase ? ' or a passphrase' : ''}, not in keys/: the CLI opens it only with ${ways || 'its recovery code'}.`,
      );
    },
    create() {
      const key = newDatabaseKey();
      if (options.passphraseEnv === undefined) {
        writePlainKey(dataDir, key);
        return key;
      }
      const passphrase = env[options.passphraseEnv];
      if (!passphrase) throw new CoreError('invalid_input', `Set the passphrase in the environment variable ${options.passphraseEnv} first.`);
      replacePassphrase(dataDir, key, passphrase, options.passphraseEnv);
      const code = replaceRecoveryCode(dataDir, key);
      options.onRecoveryCode?.(code);
      return key;
    },
  };
}
