import Database from 'better-sqlite3-multiple-ciphers';
import { immediateByDefault } from './immediate.js';
import { DatabaseOpenError } from './errors.js';
import { assertNotFromFuture, migrate } from './migrate.js';

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
}

/** Opens (and migrates) the station's database: one connection in the core worker, one in its job worker. */
export function openDatabase(file: string, options: OpenOptions = {}): DB {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
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
    // Deleted personal data is overwritten, not left in free pages.
    setPragma(db, 'secure_delete', 'ON', 1);
    migrate(db, MIGRATIONS, options.targetVersion);
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
