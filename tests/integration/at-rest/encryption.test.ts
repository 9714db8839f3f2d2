import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../electron/api/views-protection.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { applyKey } from '../../../electron/core/db/open.js';
import { encryptingPath, fileState } from '../../../electron/core/db/station-file.js';
import { openCore } from '../../../electron/core/index.js';
import { plainKeyPath, readPlainKey } from '../../../electron/core/protection/database-keys.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { databasePath } from '../../../electron/core/station.js';
import { givenKeyProvider } from '../../../electron/core/db/key-provider.js';
import { appKeyGate, unwrapDatabaseKey } from '../../../electron/core/protection/app-keys.js';
import { openDesk } from '../../../electron/handlers/desk.js';
import { harnessKeyStore } from '../../../electron/web/key-store.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/**
 * The station's file at rest, on real files: unreadable without its key (plain SQLite, Python, `strings`), readable
 * by SQLCipher 4 settings with it, private whatever the umask, and a plain file from an older version encrypted at
 * the first start without ever leaving the folder without one whole readable file, kill -9 at any moment.
 */

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const SEEDED_NAMES = ['Grigoryan', 'Григорян', 'Գրիգորյան', 'Hovhannisyan', 'Оганесян', 'Sargsyan'];

afterEach(cleanupTemp);

function seededFolder(households: number): string {
  const dataDir = join(tempDir(), 'desk');
  const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, households, 7, 3);
  core.close();
  return dataDir;
}

const mode = (path: string): number => statSync(path).mode & 0o777;
const python = (file: string) =>
  spawnSync(
    'python3',
    [
      '-c',
      'import sqlite3,sys\ntry:\n  print(sqlite3.connect(sys.argv[1]).execute("select count(*) from sqlite_master").fetchone())\nexcept Exception as e:\n  print(e)',
      file,
    ],
    { encoding: 'utf8' },
  ).stdout.trim();
const strings = (file: string) => execFileSync('strings', ['-n', '4', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

describe('the file at rest', () => {
  it('a copied folder opens to nothing readable without the key: plain SQLite, Python and strings find no name', () => {
    const dataDir = seededFolder(300);
    const core = openCore({ dataDir });
    // Keep a WAL with fresh pages in it while the copy is taken, as a running desk would.
    core.ctx.db.pragma('wal_autocheckpoint = 0');
    seedHouseholds(core.ctx, SYSTEM_ACTOR, 50, 8, 1);
    const copy = join(tempDir(), 'copied');
    cpSync(dataDir, copy, { recursive: true });
    core.close();
    const file = databasePath(copy);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(100_000);

    for (const part of [file, `${file}-wal`]) {
      const text = strings(part);
      for (const name of SEEDED_NAMES) expect(text.includes(name), `${name} in ${part}`).toBe(false);
    }
    const plain = new Database(file, { readonly: true });
    expect(() => plain.prepare('SELECT count(*) FROM households').get()).toThrow(/file is not a database/);
    plain.close();
    expect(python(file)).toBe('file is not a database');
    expect(fileState(file)).toBe('encrypted');

    // With the key and SQLCipher 4's settings (as the sqlcipher tool would be told), everything is there.
    const keyed = new Database(file);
    keyed.pragma("cipher = 'sqlcipher'");
    keyed.pragma('legacy = 4');
    keyed.pragma(`key = "x'${readPlainKey(copy)!.toString('hex')}'"`);
    expect(keyed.prepare('SELECT count(*) FROM households').pluck().get()).toBe(350);
    expect(keyed.pragma('cipher', { simple: true })).toBe('sqlcipher');
    keyed.close();
  });

  it('a wrong key is refused with a clear message, and nothing is written', () => {
    const dataDir = seededFolder(5);
    const before = readFileSync(databasePath(dataDir));
    const wrong = { sealsKeyFiles: false, load: () => Buffer.alloc(32, 7), create: () => Buffer.alloc(32, 7) };
    expect(() => openCore({ dataDir, keys: wrong })).toThrow(/does not open the data file/);
    expect(readFileSync(databasePath(dataDir)).equals(before)).toBe(true);
  });

  it('keeps the folder 0700 and the database, WAL, SHM and key files 0600 even with a umask of 000', () => {
    const old = process.umask(0);
    try {
      const dataDir = seededFolder(3);
      const core = openCore({ dataDir });
      seedHouseholds(core.ctx, SYSTEM_ACTOR, 2, 9, 1);
      const file = databasePath(dataDir);
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'keys'))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`, plainKeyPath(dataDir), join(dataDir, 'keys', 'station.key')]) {
        expect(existsSync(path), path).toBe(true);
        expect(mode(path), path).toBe(0o600);
      }
      core.close();
    } finally {
      process.umask(old);
    }
  });
});

/** A folder as the previous version left it: a plain file in WAL mode, with un-checkpointed pages in its WAL. */
function plainLegacyFolder(households: number): { dataDir: string; households: number } {
  const source = seededFolder(households);
  const file = databasePath(source);
  const db = openWithFolderKey(source);
  db.pragma('journal_mode = DELETE');
  db.pragma("rekey = ''");
  db.close();
  unlinkSync(plainKeyPath(source));
  const plain = new Database(file);
  plain.pragma('journal_mode = WAL');
  plain.pragma('wal_autocheckpoint = 0');
  plain.prepare("UPDATE station SET label = 'Desk 1 (old version)'").run();
  const dataDir = join(tempDir(), 'legacy');
  cpSync(source, dataDir, { recursive: true });
  plain.close();
  expect(fileState(databasePath(dataDir))).toBe('plain');
  expect(statSync(`${databasePath(dataDir)}-wal`).size).toBeGreaterThan(0);
  return { dataDir, households };
}

function runChild(dataDir: string, options: { killAfterMs?: number; killAt?: string } = {}): Promise<{ out: string; killed: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/at-rest-open.ts', dataDir], {
      cwd: ROOT,
      env: { ...process.env, ...(options.killAt ? { KILL_AT: options.killAt } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The random kill counts from the moment the child has loaded and starts opening (its first report).
      if (options.killAfterMs !== undefined && out.split('\n').length === 2) setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') fail(new Error(`child failed (${code}): ${err}`));
      else done({ out, killed: signal === 'SIGKILL' });
    });
  });
}

/** After whatever happened, the folder opens with every household, encrypted, with nothing plain left beside it. */
function expectWhole(dataDir: string, households: number): void {
  const file = databasePath(dataDir);
  const core = openCore({ dataDir });
  expect(core.ctx.db.prepare('SELECT count(*) FROM households').pluck().get()).toBe(households);
  expect(core.ctx.db.prepare('SELECT label FROM station').pluck().get()).toBe('Desk 1 (old version)');
  core.close();
  expect(fileState(file)).toBe('encrypted');
  expect(existsSync(encryptingPath(file))).toBe(false);
  expect(readdirSync(dataDir).filter((f) => f.includes('encrypting'))).toEqual([]);
  expect(python(file)).toBe('file is not a database');
}

describe('the first start of the new version on a plain file', () => {
  it('encrypts it in place, reports its progress, and removes the plain file and its WAL', async () => {
    const { dataDir, households } = plainLegacyFolder(400);
    const { out, killed } = await runChild(dataDir);
    expect(killed).toBe(false);
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(expect.arrayContaining(['copy', 'encrypt', 'verify', 'swap', 'done', 'opened']));
    expect(out).toContain(`opened ${households}`);
    expectWhole(dataDir, households);
    const text = strings(databasePath(dataDir));
    for (const name of SEEDED_NAMES) expect(text.includes(name)).toBe(false);
  });

  it.each(['copy', 'encrypt', 'verify', 'swap'])(
    'killed (-9) right after the %s step, the next start finds one readable file with everything',
    async (phase) => {
      const { dataDir, households } = plainLegacyFolder(60);
      const { killed } = await runChild(dataDir, { killAt: phase });
      expect(killed).toBe(true);
      const state = fileState(databasePath(dataDir));
      expect(['plain', 'encrypted']).toContain(state);
      // Whatever the state, it is one whole file: plain SQLite reads a plain one, the key reads an encrypted one.
      if (state === 'plain')
        expect(new Database(databasePath(dataDir), { readonly: true }).prepare('SELECT count(*) FROM households').pluck().get()).toBe(households);
      expectWhole(dataDir, households);
    },
  );

  it('killed (-9) at random moments in several runs, the next start always finds every household', async () => {
    const { dataDir: probe } = plainLegacyFolder(400);
    const started = Date.now();
    await runChild(probe);
    const span = Math.max(50, Date.now() - started);
    for (let run = 0; run < 4; run++) {
      const { dataDir, households } = plainLegacyFolder(400);
      await runChild(dataDir, { killAfterMs: Math.floor(Math.random() * span) });
      expectWhole(dataDir, households);
    }
  }, 180_000);
});

describe('a key from somewhere else', () => {
  it('the raw key alone (SQLCipher 4, no key derivation) opens the file: what a SQLCipher tool needs', () => {
    const dataDir = seededFolder(2);
    const db = new Database(databasePath(dataDir), { readonly: true });
    applyKey(db, readPlainKey(dataDir)!);
    expect(db.prepare('SELECT count(*) FROM households').pluck().get()).toBe(2);
    db.close();
  });
});

describe('the desk at the first start of this version on an older plain file', () => {
  it('encrypts in steps, tells the window how far it has come, and opens with every household when done', async () => {
    const { dataDir, households } = plainLegacyFolder(300);
    const seen: string[] = [];
    const store = join(tempDir('intake-machine-'), 'store');
    // The key as the app's main process unwraps it (the OS key store's stand-in), handed to the desk.
    const given = unwrapDatabaseKey(
      dataDir,
      appKeyGate(dataDir, harnessKeyStore(`machine:${store}`)).provider({}, () => {}),
    )!;
    const desk = openDesk({ dataDir, keys: givenKeyProvider(given), purgeEveryHours: 0, onProgress: (p) => seen.push(p.phase) });
    try {
      // Opened at once, answering while the file is encrypted: the window shows the progress.
      const first = await desk.dispatcher.invoke('session.status', {});
      expect(first.ok && (first.value as SessionView).encrypting).toMatchObject({ phase: 'copy' });
      const refused = await desk.dispatcher.invoke('household.recent', {});
      expect(refused.ok ? 'ok' : refused.error.code).toBe('locked');
      for (let i = 0; i < 600; i++) {
        const status = await desk.dispatcher.invoke('session.status', {});
        if (status.ok && !(status.value as SessionView).encrypting) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(seen).toEqual(expect.arrayContaining(['copy', 'encrypt', 'verify', 'swap', 'done']));
      const status = await desk.dispatcher.invoke('session.status', {});
      expect(status.ok && (status.value as SessionView)).toMatchObject({ setup: 'admin', unlock: null });
      expect(status.ok && (status.value as SessionView).encrypting).toBeFalsy();
      expect(fileState(databasePath(dataDir))).toBe('encrypted');
      expect(
        existsSync(`${databasePath(dataDir)}-wal`) &&
          statSync(`${databasePath(dataDir)}-wal`).size > 0 &&
          fileState(`${databasePath(dataDir)}-wal`) === 'plain',
      ).toBe(false);
      expect(Number(desk.core()!.ctx.db.prepare('SELECT count(*) FROM households').pluck().get())).toBe(households);
    } finally {
      desk.close();
    }
  });
});
