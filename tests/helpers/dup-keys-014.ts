import type { DB } from '../../electron/core/db/open.js';
import { FILED_COLUMNS, filePerson, type FiledPerson } from '../../electron/core/duplicates/blocks.js';

/**
 * Takes a file's duplicate keys back to how migration 014 filed them (migration 021 undone): every block of the
 * names' deletion neighbourhoods with the `other` column, no `dup_names`. For tests of migration 021 on a file with data.
 */
export function asMigration014Keys(db: DB): void {
  db.exec(`DROP TABLE dup_names; DROP TABLE dup_keys;
    CREATE TABLE dup_keys (key INTEGER NOT NULL, person INTEGER NOT NULL, other INTEGER NOT NULL DEFAULT 0, born INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (key, person)) STRICT, WITHOUT ROWID;`);
  const persons = db.prepare(`SELECT n, ${FILED_COLUMNS} FROM persons`).all() as (Omit<FiledPerson, 'exact'> & { n: number; exact: number })[];
  for (const { n, exact, ...p } of persons) filePerson(db, n, { ...p, exact: exact === 1 });
}
