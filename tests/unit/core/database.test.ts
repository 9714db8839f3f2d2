import Database from 'better-sqlite3-multiple-ciphers';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../../electron/core/db/errors.js';
import { migrate } from '../../../electron/core/db/migrate.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/** The station's SQLite file: pragmas, schema versions, refusal of a newer file, transactional migrations, close. */

const LATEST = MIGRATIONS.at(-1)?.version ?? 0;
const handles: DB[] = [];

function open(file: string, options?: Parameters<typeof openDatabase>[1]): DB {
  const db = openDatabase(file, options);
  handles.push(db);
  return db;
}

function raw(file: string, options?: Database.Options): DB {
  const db = new Database(file, options);
  handles.push(db);
  return db;
}

afterEach(() => {
  for (const db of handles.splice(0)) if (db.open) db.close();
  cleanupTemp();
});

const fileIn = (dir: string) => join(dir, 'intake.sqlite');
const userVersion = (db: DB) => Number(db.pragma('user_version', { simple: true }));
const tableNames = (db: DB) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('openDatabase', () => {
  it('creates the file on disk and sets the pragmas that keep the data safe', () => {
    const file = fileIn(tempDir());
    const db = open(file);
    expect(existsSync(file)).toBe(true);
    expect(db.name).toBe(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('keeps WAL mode in the file itself: another plain connection sees it', () => {
    const file = fileIn(tempDir());
    closeDatabase(open(file));
    const other = raw(file, { readonly: true });
    expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('migrates a new file to the last migration and enforces foreign keys', () => {
    const file = fileIn(tempDir());
    const db = open(file);
    expect(LATEST).toBeGreaterThan(0);
    expect(userVersion(db)).toBe(LATEST);
    expect(() =>
      db
        .prepare(
          "INSERT INTO persons (id, household_id, position, relationship, given_name, sex, birth_kind, birth_value, birth_date) VALUES ('p', 'no-such-household', 0, 'head', 'A', 'F', 'exact', '2000-01-01', '2000-01-01')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('opening an up-to-date file again changes nothing in the schema', () => {
    const file = fileIn(tempDir());
    const first = open(file);
    const schema = first.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    closeDatabase(first);
    const second = open(file);
    expect(userVersion(second)).toBe(LATEST);
    expect(second.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all()).toEqual(schema);
  });

  it('refuses a file written by a newer app, with from_future, and leaves it as it was', () => {
    const file = fileIn(tempDir());
    closeDatabase(open(file));
    const future = raw(file);
    future.pragma(`user_version = ${LATEST + 1}`);
    future.close();
    const before = sha256(file);

    let thrown: unknown;
    try {
      open(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseOpenError);
    expect((thrown as DatabaseOpenError).code).toBe('from_future');
    expect((thrown as DatabaseOpenError).message).toContain(String(LATEST + 1));

    expect(sha256(file)).toBe(before);
    const check = raw(file, { readonly: true });
    expect(userVersion(check)).toBe(LATEST + 1);
    expect(tableNames(check)).not.toContain('x');
  });

  it('migrates only up to targetVersion when asked', () => {
    const file = fileIn(tempDir());
    const first = MIGRATIONS[0];
    if (!first) throw new Error('no migrations');
    const db = open(file, { targetVersion: first.version });
    expect(userVersion(db)).toBe(first.version);
    expect(tableNames(db)).toContain('households');
    closeDatabase(db);
    expect(userVersion(open(file))).toBe(LATEST);
  });
});

describe('migrate', () => {
  it('runs each migration in its own transaction: a failing one leaves the version before it and none of its changes', () => {
    const file = fileIn(tempDir());
    const db = open(file);
    const broken = {
      version: 99,
      name: 'broken',
      up: (d: DB) => {
        d.exec('CREATE TABLE x (a)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow('boom');
    expect(userVersion(db)).toBe(LATEST);
    expect(tableNames(db)).not.toContain('x');
  });

  it('keeps the migrations that succeeded before a failing one, each committed on its own', () => {
    const db = raw(fileIn(tempDir()));
    const [foundation] = MIGRATIONS;
    if (!foundation) throw new Error('no migrations');
    const broken = {
      version: foundation.version + 1,
      name: 'broken',
      up: (d: DB) => {
        d.exec('CREATE TABLE x (a)');
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [foundation, broken])).toThrow('boom');
    expect(userVersion(db)).toBe(foundation.version);
    expect(tableNames(db)).toEqual(expect.arrayContaining(['station', 'households', 'persons']));
    expect(tableNames(db)).not.toContain('x');
  });

  it('lists migrations as versions 1, 2, 3... with no gap', () => {
    // A gap filled later would never run on a file already past it: migrate() skips versions at or below user_version.
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });
});

describe('closeDatabase', () => {
  it('checkpoints the WAL into the main file, even while another connection keeps the file open', () => {
    const file = fileIn(tempDir());
    const db = open(file);
    // A second connection (the CLI beside the app): SQLite does not delete the WAL while it stays open.
    const reader = raw(file, { readonly: true });
    expect(reader.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(0);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 200; i++) insert.run(`k${i}`, 'x'.repeat(200));
    })();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);

    closeDatabase(db);
    expect(db.open).toBe(false);
    const wal = `${file}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    expect(reader.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(200);
    reader.close();

    // The rows are in the main file itself: a copy of that file alone, without its WAL, holds them.
    const copyFile = fileIn(tempDir());
    copyFileSync(file, copyFile);
    const copy = raw(copyFile, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(200);
  });

  it('is harmless on a connection already closed', () => {
    const db = open(fileIn(tempDir()));
    closeDatabase(db);
    expect(() => closeDatabase(db)).not.toThrow();
  });
});
