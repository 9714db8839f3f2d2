import type Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseOpenError } from './errors.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
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
  const latest = migrations.at(-1)?.version ?? 0;
  const current = Number(db.pragma('user_version', { simple: true }));
  const goal = target ?? latest;
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > goal) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return Number(db.pragma('user_version', { simple: true }));
}
