import type { DB } from '../../electron/core/db/open.js';

/**
 * Takes a file's duplicate keys back to how schema 13 stored them (migration 14 undone): the old blocks table, no
 * person numbers, no keys. For tests of migration 14 on a file with data.
 */
export function asSchema13DuplicateBlocks(db: DB): void {
  db.exec(`DROP TABLE dup_keys; DROP INDEX persons_n; ALTER TABLE persons DROP COLUMN n;
    CREATE TABLE dup_blocks (block TEXT NOT NULL, birth_year INTEGER NOT NULL, person_id TEXT NOT NULL, PRIMARY KEY (block, birth_year, person_id)) WITHOUT ROWID;`);
}
