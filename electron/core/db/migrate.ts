import type Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseOpenError } from './errors.js';

/** How far one migration has come: rows (or any unit it counts) done of total. */
export interface MigrationStep {
  done: number;
  total: number;
}

export interface Migration {
  version: number;
  name: string;
  /**
   * Changes the schema (inside the transaction the runner opens). A migration that walks every row of a large file
   * is a generator: it yields how far it is every few thousand rows, and the runner in steps lets the station answer
   * (and show the progress) in between.
   */
  up(db: Database.Database): void | Iterable<MigrationStep>;
}

/** What a file's first start on a new version shows: migration `migration` of `migrations`, and how far it is. */
export interface UpgradeProgress extends MigrationStep {
  migration: number;
  migrations: number;
}

const schemaVersion = (db: Database.Database): number => Number(db.pragma('user_version', { simple: true }));

/** The migrations a file still needs to reach `target` (by default the latest), in order. */
export function pendingMigrations(db: Database.Database, migrations: readonly Migration[], target?: number): Migration[] {
  const current = schemaVersion(db);
  const goal = target ?? migrations.at(-1)?.version ?? 0;
  return migrations.filter((m) => m.version > current && m.version <= goal);
}

/** Runs one migration's body to its end. */
export function runMigration(db: Database.Database, migration: Migration): void {
  const steps = migration.up(db);
  if (steps) for (const _ of steps) continue;
}

export function assertNotFromFuture(db: Database.Database, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) {
    throw new DatabaseOpenError(
      'from_future',
      `This data file was written by a newer version of the app (schema ${current}; this app knows ${latest}). Update the app; the file was not changed.`,
    );
  }
}

/** Applies ordered migrations, each in its own transaction, tracked in `user_version`. */
export function migrate(db: Database.Database, migrations: readonly Migration[], target?: number): number {
  assertNotFromFuture(db, migrations);
  for (const migration of pendingMigrations(db, migrations, target)) {
    db.transaction(() => {
      runMigration(db, migration);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return schemaVersion(db);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The same migrations, with the event loop turned between steps: each migration still in one transaction (all of it
 * or none, as `migrate`), its progress reported before it starts, at every step it yields, and when it is done.
 */
export async function migrateInSteps(
  db: Database.Database,
  migrations: readonly Migration[],
  onProgress: (progress: UpgradeProgress) => void,
): Promise<number> {
  assertNotFromFuture(db, migrations);
  const pending = pendingMigrations(db, migrations);
  for (const [i, migration] of pending.entries()) {
    const at = { migration: i + 1, migrations: pending.length };
    onProgress({ ...at, done: 0, total: 1 });
    db.exec('BEGIN IMMEDIATE');
    try {
      const steps = migration.up(db);
      if (steps) {
        for (const step of steps) {
          onProgress({ ...at, ...step });
          await nextTurn();
        }
      }
      db.pragma(`user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
    onProgress({ ...at, done: 1, total: 1 });
    await nextTurn();
  }
  return schemaVersion(db);
}
