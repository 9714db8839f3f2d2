import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { openCore } from '../../../electron/core/index.js';
import { keyringPath, plainKeyPath, replacePassphrase, replaceRecoveryCode } from '../../../electron/core/protection/database-keys.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { initDataDir } from '../../../electron/core/station.js';
import { givenKeyProvider } from '../../../electron/core/db/key-provider.js';
import { appKeyProvider, keyState, osStoreUsable, unwrapDatabaseKey } from '../../../electron/core/protection/app-keys.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

vi.mock('electron', () => ({}));

/**
 * The app's key store with Electron's safeStorage replaced by a store that really encrypts with a secret of its own
 * "machine" (AES-GCM), so that a folder carried to another machine cannot be unsealed there, as with DPAPI or the
 * Keychain. `basic_text` is the Linux fallback without a keyring.
 */
function machineStore(backend: 'gnome_libsecret' | 'basic_text' = 'gnome_libsecret') {
  const secret = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(text: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', secret, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

afterEach(cleanupTemp);
const SETUP = { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' };

function firstRun(store: ReturnType<typeof machineStore>, passphrase?: string) {
  const dataDir = join(tempDir(), 'desk');
  const codes: string[] = [];
  const keys = appKeyProvider(dataDir, store, { passphrase, onRecoveryCode: (c) => codes.push(c) });
  const core = openCore({ dataDir, setup: SETUP, keys });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, 5, 3, 1);
  core.close();
  return { dataDir, codes };
}

const households = (dataDir: string, keys: Parameters<typeof openCore>[0]['keys']) => {
  const core = openCore({ dataDir, keys });
  try {
    return core.ctx.db.prepare('SELECT count(*) FROM households').pluck().get();
  } finally {
    core.close();
  }
};

describe('the app key store', () => {
  it('keeps the key sealed by the OS store only, shows a recovery code once, and seals the signing key too', () => {
    const store = machineStore();
    const { dataDir, codes } = firstRun(store);
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5}){5}$/);
    expect(existsSync(plainKeyPath(dataDir))).toBe(false);
    expect(readdirSync(join(dataDir, 'keys')).sort()).toEqual(['database-key.json', 'station.key']);
    // The station's private signing key is not lying plain beside it.
    expect(readFileSync(join(dataDir, 'keys', 'station.key'), 'utf8')).not.toContain('privateKey');
    expect(keyState(dataDir, store)).toBe('ready');
    expect(households(dataDir, appKeyProvider(dataDir, store, { onRecoveryCode: () => {} }))).toBe(5);
    // A second start shows no new code.
    expect(codes).toHaveLength(1);
  });

  it('on another machine only the recovery code opens the file, and then the key is sealed for that machine', () => {
    const { dataDir, codes } = firstRun(machineStore());
    const elsewhere = machineStore();
    expect(keyState(dataDir, elsewhere)).toBe('recovery');
    expect(() => openCore({ dataDir, keys: appKeyProvider(dataDir, elsewhere, { onRecoveryCode: () => {} }) })).toThrow(/locked/);
    expect(() =>
      households(dataDir, appKeyProvider(dataDir, elsewhere, { recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-F', onRecoveryCode: () => {} })),
    ).toThrow(/recovery code does not open/);
    // Typed from paper: lower case and spaces do not matter.
    const typed = codes[0]!.toLowerCase().replaceAll('-', ' ');
    expect(households(dataDir, appKeyProvider(dataDir, elsewhere, { recoveryCode: typed, onRecoveryCode: () => {} }))).toBe(5);
    expect(keyState(dataDir, elsewhere)).toBe('ready');
  });

  it('where the store is basic_text, a start-up passphrase wraps the key; a wrong one is refused clearly', () => {
    const store = machineStore('basic_text');
    expect(osStoreUsable(store, 'linux')).toBe(false);
    const dataDir = join(tempDir(), 'desk');
    expect(keyState(dataDir, store)).toBe('set-passphrase');
    expect(() => openCore({ dataDir, setup: SETUP, keys: appKeyProvider(dataDir, store, { onRecoveryCode: () => {} }) })).toThrow(/start-up passphrase/);
    const { dataDir: desk } = firstRun(store, 'blue river at dawn');
    expect(keyState(desk, store)).toBe('passphrase');
    expect(JSON.parse(readFileSync(keyringPath(desk), 'utf8'))).not.toHaveProperty('osStore');
    expect(() => households(desk, appKeyProvider(desk, store, { passphrase: 'blue river at dusk', onRecoveryCode: () => {} }))).toThrow(
      'This passphrase does not open the data file.',
    );
    expect(households(desk, appKeyProvider(desk, store, { passphrase: 'blue river at dawn', onRecoveryCode: () => {} }))).toBe(5);
  });

  it('an administrator changes the passphrase and makes a new recovery code: the old ones stop working', () => {
    const store = machineStore('basic_text');
    const { dataDir, codes } = firstRun(store, 'blue river at dawn');
    const open = (o: { passphrase?: string; recoveryCode?: string }) => households(dataDir, appKeyProvider(dataDir, store, { ...o, onRecoveryCode: () => {} }));
    const key = appKeyProvider(dataDir, store, { passphrase: 'blue river at dawn', onRecoveryCode: () => {} }).load()!;
    replacePassphrase(dataDir, key, 'green hills in May');
    const fresh = replaceRecoveryCode(dataDir, key);
    expect(() => open({ passphrase: 'blue river at dawn' })).toThrow(/passphrase does not open/);
    expect(open({ passphrase: 'green hills in May' })).toBe(5);
    expect(() => open({ recoveryCode: codes[0]! })).toThrow(/recovery code does not open/);
    expect(open({ recoveryCode: fresh })).toBe(5);
  });

  it("moves a CLI-made folder's key into the OS store at the first start and deletes the plain key file", () => {
    const dataDir = join(tempDir(), 'desk');
    initDataDir(dataDir, SETUP);
    const plainKey = readFileSync(plainKeyPath(dataDir), 'utf8');
    const store = machineStore();
    const codes: string[] = [];
    expect(households(dataDir, appKeyProvider(dataDir, store, { onRecoveryCode: (c) => codes.push(c) }))).toBe(0);
    expect(existsSync(plainKeyPath(dataDir))).toBe(false);
    expect(codes).toHaveLength(1);
    expect(readFileSync(keyringPath(dataDir), 'utf8')).not.toContain(plainKey.trim());
    expect(households(dataDir, appKeyProvider(dataDir, store, { onRecoveryCode: () => {} }))).toBe(0);
  });
});

describe('the key handed to the core workers as bytes', () => {
  it('opens the folder in two workers with the key the main process unwrapped, and never replaces a missing one', () => {
    const store = machineStore();
    const { dataDir } = firstRun(store);
    const given = unwrapDatabaseKey(dataDir, appKeyProvider(dataDir, store, { onRecoveryCode: () => {} }));
    expect(given?.bytes.length).toBe(32);
    // Structured-cloned to each worker: both open the encrypted file with it, at the same time.
    const cloned = structuredClone(given!);
    const first = openCore({ dataDir, keys: givenKeyProvider(given!) });
    try {
      expect(households(dataDir, givenKeyProvider(cloned))).toBe(5);
    } finally {
      first.close();
    }
    // On another machine the store cannot unseal it: the main process says so, and keeps the keyring as it was.
    const ringBefore = readFileSync(keyringPath(dataDir), 'utf8');
    expect(() => unwrapDatabaseKey(dataDir, appKeyProvider(dataDir, machineStore(), { onRecoveryCode: () => {} }))).toThrow(/locked/);
    expect(readFileSync(keyringPath(dataDir), 'utf8')).toBe(ringBefore);
    // A provider that has no key for an encrypted file is never asked to make one (it would not open the file).
    let made = 0;
    const lost = { sealsKeyFiles: false, load: () => undefined, create: () => (made++, randomBytes(32)) };
    expect(unwrapDatabaseKey(dataDir, lost)).toBeUndefined();
    expect(made).toBe(0);
    // A new folder gets its key now, in the main process, before the worker creates the file with it.
    expect(unwrapDatabaseKey(join(tempDir(), 'new'), lost)?.bytes.length).toBe(32);
    expect(made).toBe(1);
  });
});
