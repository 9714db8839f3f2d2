import type { Migration } from '../migrate.js';
import { fileBlocks, FILED_COLUMNS, type FiledPerson } from '../../duplicates/blocks.js';

/**
 * Duplicate blocks without the namesakes' neighbourhoods (duplicates/blocks.ts, `filingOf`), for a hub of a million
 * persons (issues 14 and 16). Migration 014 filed each person under every block one deletion away from their names:
 * some 19 rows a person, 443 MB of a 1.47 GB hub, and a check at the hub read about 270 rows of namesakes under its
 * neighbour blocks for every 13 it kept. Now `dup_keys` holds a person under their names' own blocks only (about five
 * rows), without the `other` column that left those namesakes out, and `dup_names` holds each name's neighbourhood
 * once, whoever carries it. Every person is filed again, in slices, with progress.
 */
/** Persons filed per step. */
const STEP = 10_000;

interface Row extends Omit<FiledPerson, 'exact'> {
  n: number;
  exact: number;
}

export const dupNames: Migration = {
  version: 21,
  name: 'dup-names',
  *up(db) {
    db.exec(`
      DROP TABLE dup_keys;
      CREATE TABLE dup_keys (
        -- The block's 44-bit hash, then the year of birth in the low 8 bits: a range of years is a range of keys.
        key INTEGER NOT NULL,
        -- The person's number (persons.n). No foreign key: it would need an index by person, as large as the table.
        person INTEGER NOT NULL,
        -- The date of birth as yyyymmdd when it is known to the day, else 0: births that cannot agree go unread.
        born INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (key, person)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE dup_names (
        -- A block one deletion away from a name's block (its hash, no year).
        near INTEGER NOT NULL,
        -- That name's block (its hash, no year): the persons filed there are read with a range of years.
        block INTEGER NOT NULL,
        PRIMARY KEY (near, block)
      ) STRICT, WITHOUT ROWID;
    `);
    const total = db.prepare<[], number>('SELECT count(*) FROM persons').pluck().get()!;
    const persons = db.prepare<[number, number], Row>(`SELECT n, ${FILED_COLUMNS} FROM persons WHERE n > ? ORDER BY n LIMIT ?`);
    let after = 0;
    for (let done = 0; ;) {
      const rows = persons.all(after, STEP);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.n;
      for (const { n, exact, ...p } of rows) fileBlocks(db, n, { ...p, exact: exact === 1 });
      done += rows.length;
      yield { done, total };
    }
  },
};
