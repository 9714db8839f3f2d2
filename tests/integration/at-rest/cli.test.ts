import { spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { openCore } from '../../../electron/core/index.js';
import { plainKeyPath } from '../../../electron/core/protection/database-keys.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { appKeyProvider } from '../../../electron/core/protection/app-keys.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { bundled } from '../../helpers/bundled.js';

/**
 * The CLI on encrypted folders: `init` makes a folder every command opens without a prompt; `check` runs SQLite's
 * integrity and foreign-key checks and the audit verification; a passphrase comes from the variable the
 * administrator names; a folder whose key the app moved into the OS store opens only with the recovery code.
 */

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
afterEach(cleanupTemp);

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...bundled('cli'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

describe('check', () => {
  it('exits 0 on a sound folder and 1 with the first problem on stderr once a row points nowhere or the trail was edited', async () => {
    const dir = join(tempDir(), 'desk');
    expect((await cli(['init', '--data', dir, '--json'])).code).toBe(0);
    const core = openCore({ dataDir: dir });
    seedHouseholds(core.ctx, SYSTEM_ACTOR, 20, 2, 1);
    core.close();
    const sound = await cli(['check', '--data', dir, '--json']);
    expect(sound.code).toBe(0);
    expect(JSON.parse(sound.out)).toMatchObject({ ok: true, integrity: ['ok'], foreignKeys: [], audit: { ok: true, events: 20 } });

    const db = openWithFolderKey(dir);
    db.pragma('foreign_keys = OFF');
    db.prepare("UPDATE persons SET household_id = 'nobody' WHERE rowid = (SELECT min(rowid) FROM persons)").run();
    db.close();
    const broken = await cli(['check', '--data', dir]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^check: foreign_key_check: a row \d+ of persons points to a missing households\n$/);

    const db2 = openWithFolderKey(dir);
    db2.pragma('foreign_keys = OFF');
    db2.prepare("UPDATE persons SET household_id = (SELECT id FROM households LIMIT 1) WHERE household_id = 'nobody'").run();
    db2.exec('DROP TRIGGER IF EXISTS audit_events_no_update');
    db2.prepare("UPDATE audit_events SET operator = 'someone else' WHERE seq = 3").run();
    db2.close();
    const edited = await cli(['check', '--data', dir]);
    expect(edited.code).toBe(1);
    expect(edited.err).toBe('check: audit trail broken at event 3: changed\n');
  }, 120_000);
});

describe('where the key comes from', () => {
  it('a passphrase from the variable the administrator named: no key lies in the folder, a wrong one is refused', async () => {
    const dir = join(tempDir(), 'hub');
    const made = await cli(['init', '--data', dir, '--role', 'hub', '--passphrase-env', 'HUB_PASS', '--json'], { HUB_PASS: 'long enough passphrase' });
    expect(made.code).toBe(0);
    expect(JSON.parse(made.out)).toMatchObject({ role: 'hub' });
    const code = /\n([0-9A-Z-]{31})\n/.exec(made.err)?.[1];
    expect(code).toBeDefined();
    expect(existsSync(plainKeyPath(dir))).toBe(false);
    expect(readFileSync(join(dir, 'keys', 'station.key'), 'utf8')).not.toContain('privateKey');

    expect(JSON.parse((await cli(['stats', '--data', dir, '--json'], { HUB_PASS: 'long enough passphrase' })).out)).toMatchObject({ households: 0 });
    const wrong = await cli(['stats', '--data', dir, '--json'], { HUB_PASS: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toBe('stats: The passphrase in HUB_PASS does not open this folder.\n');
    const none = await cli(['stats', '--data', dir, '--json']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/the passphrase in the environment variable HUB_PASS or its recovery code in INTAKE_RECOVERY_CODE/);
    expect((await cli(['hub-key', '--data', dir], { INTAKE_RECOVERY_CODE: code! })).code).toBe(0);
  }, 120_000);

  it('after the app moved the key into the OS store, the CLI says so and opens the folder with the recovery code', async () => {
    const dir = join(tempDir(), 'desk');
    expect((await cli(['init', '--data', dir])).code).toBe(0);
    const secret = randomBytes(32);
    const store = {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret' as const,
      encryptString: (t: string) => {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', secret, iv);
        const body = Buffer.concat([c.update(t), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), body]);
      },
      decryptString: (b: Buffer) => {
        const d = createDecipheriv('aes-256-gcm', secret, b.subarray(0, 12));
        d.setAuthTag(b.subarray(12, 28));
        return Buffer.concat([d.update(b.subarray(28)), d.final()]).toString();
      },
    };
    let code = '';
    openCore({ dataDir: dir, keys: appKeyProvider(dir, store, { onRecoveryCode: (c) => (code = c) }) }).close();
    expect(existsSync(plainKeyPath(dir))).toBe(false);

    const refused = await cli(['stats', '--data', dir, '--json']);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toBe(
      "stats: This folder's key is kept by the app's key store, not in keys/: the CLI opens it only with its recovery code in INTAKE_RECOVERY_CODE.\n",
    );
    const opened = await cli(['stats', '--data', dir, '--json'], { INTAKE_RECOVERY_CODE: code });
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.out)).toMatchObject({ households: 0 });
  }, 120_000);
});
