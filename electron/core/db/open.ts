import Database from 'better-sqlite3-multiple-ciphers';
import { immediateByDefault } from './immediate.js';
import { DatabaseOpenError } from './errors.js';
import { assertNotFromFuture, migrate } from './migrate.js';
import { privateFile, privateSidecars } from './private-files.js';

export { DatabaseOpenError };
import { MIGRATIONS } from './migrations/index.js';

export type DB = Database.Database;

/** SQLite before 3.51.3 can corrupt a WAL database when a checkpoint races a reset (the WAL-reset bug). */
export const MIN_SQLITE_VERSION = '3.51.3';

const versionNumber = (v: string): number => {
  const [a = 0, b = 0, c = 0] = v.split('.').map(Number);
  return a * 1_000_000 + b * 1_000 + c;
};

function setPragma(db: DB, name: string, value: string | number, expected: string | number = value): void {
  db.pragma(`${name} = ${value}`);
  const actual = db.pragma(name, { simple: true });
  if (String(actual).toLowerCase() !== String(expected).toLowerCase()) {
    throw new DatabaseOpenError('pragma_refused', `SQLite refused ${name}=${value} (it reports ${String(actual)}).`);
  }
}

export interface OpenOptions {
  /** Migrate up to this version only; tests use it to seed an older schema. */
  targetVersion?: number;
  readonly?: boolean;
  /**
   * The file's 256-bit key: the file is SQLCipher 4 (cipher 'sqlcipher', legacy 4), WAL included, so standard
   * SQLCipher tools open it with the key. Without one the file is plain: only tests of single pieces and the
   * benchmark's plain comparison open files that way; every station and hub file is opened with its key.
   */
  key?: Buffer;
}

/** Sets the SQLCipher 4 scheme and the raw key (no passphrase derivation: the key is random already). */
export function applyKey(db: DB, key: Buffer, pragma: 'key' | 'rekey' = 'key'): void {
  if (key.length !== 32) throw new DatabaseOpenError('wrong_key', 'A data file key is 32 bytes.');
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`${pragma} = "x'${key.toString('hex')}'"`);
}

/** Opens (and migrates) the station's database: one connection in the core worker, one in its job worker. */
export function openDatabase(file: string, options: OpenOptions = {}): DB {
  if (options.key && !options.readonly) privateFile(file);
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    if (options.key) {
      applyKey(db, options.key);
      try {
        db.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch {
        throw new DatabaseOpenError('wrong_key', "This key does not open the data file (a wrong key, or not this folder's file).");
      }
    }
    const sqliteVersion = String(db.prepare('select sqlite_version() as v').pluck().get());
    if (versionNumber(sqliteVersion) < versionNumber(MIN_SQLITE_VERSION)) {
      throw new DatabaseOpenError(
        'sqlite_too_old',
        `This build uses SQLite ${sqliteVersion}; ${MIN_SQLITE_VERSION} or newer is required to keep the data safe.`,
      );
    }
    // A file from a newer app is refused before any pragma changes its header.
    assertNotFromFuture(db, MIGRATIONS);
    if (!options.readonly) {
      // WAL lets readers work while a registration is written.
      setPragma(db, 'journal_mode', 'WAL', 'wal');
      // FULL: a commit survives a pulled plug (better-sqlite3's WAL default is NORMAL).
      setPragma(db, 'synchronous', 'FULL', 2);
    }
    // Members never outlive their household.
    setPragma(db, 'foreign_keys', 'ON', 1);
    // Another process (the CLI beside the app) may hold the write lock for a moment.
    db.pragma('busy_timeout = 5000');
    // Every page read from disk is decrypted and its HMAC checked: 64 MiB of decrypted pages kept in memory (the
    // default is 2 MiB) keeps search and the duplicate check off the cipher.
    if (options.key) db.pragma('cache_size = -65536');
    // Deleted personal data is overwritten, not left in free pages.
    setPragma(db, 'secure_delete', 'ON', 1);
    migrate(db, MIGRATIONS, options.targetVersion);
    if (options.key && !options.readonly) privateSidecars(file);
    if (!options.readonly) immediateByDefault(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Flushes the WAL into the main file and lets SQLite refresh its statistics before the app quits. */
export function closeDatabase(db: DB): void {
  if (!db.open) return;
  if (!db.readonly) {
    db.pragma('optimize');
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  db.close();
}
