import type { Migration } from '../migrate.js';
import { filePerson, FILED_COLUMNS, type FiledPerson } from '../../duplicates/blocks.js';

/**
 * Duplicate blocks stored compactly (duplicates/blocks.ts), for a hub of a million persons: at 100,000 persons
 * `dup_blocks` took 130 MB and its index by person 102 MB, more than half the file. Each person gets a number
 * (`persons.n`, kept by the write path across the household's versions); a block and its year become one integer
 * key; the person index goes (the write path deletes the keys it works out from the row it replaces). Every person
 * already in the file is filed again, in slices, with progress.
 */
/** Persons filed per step. */
const STEP = 10_000;

interface Row extends Omit<FiledPerson, 'exact'> {
  n: number;
  exact: number;
}

export const dupKeys: Migration = {
  version: 14,
  name: 'dup-keys',
  *up(db) {
    db.exec(`
      DROP TABLE dup_blocks;
      ALTER TABLE persons ADD COLUMN n INTEGER;
      UPDATE persons SET n = rowid;
      CREATE UNIQUE INDEX persons_n ON persons (n);
      CREATE TABLE dup_keys (
        -- The block's 44-bit hash, then the year of birth in the low 8 bits: a range of years is a range of keys.
        key INTEGER NOT NULL,
        -- The person's number (persons.n). No foreign key: it would need an index by person, as large as the table.
        person INTEGER NOT NULL,
        -- The other name's cut key the block was made from, hashed (0: none): a namesake is read under one block.
        other INTEGER NOT NULL DEFAULT 0,
        -- The date of birth as yyyymmdd when it is known to the day, else 0: births that cannot agree go unread.
        born INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (key, person)
      ) STRICT, WITHOUT ROWID;
    `);
    const total = db.prepare<[], number>('SELECT count(*) FROM persons').pluck().get()!;
    const persons = db.prepare<[number, number], Row>(`SELECT n, ${FILED_COLUMNS} FROM persons WHERE n > ? ORDER BY n LIMIT ?`);
    // In slices by number, so a file of a million persons shows how far it is and is never held whole in memory.
    let after = 0;
    for (let done = 0; ;) {
      const rows = persons.all(after, STEP);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.n;
      for (const { n, exact, ...p } of rows) filePerson(db, n, { ...p, exact: exact === 1 });
      done += rows.length;
      yield { done, total };
    }
  },
};
