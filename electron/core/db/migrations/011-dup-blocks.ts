import type { Migration } from '../migrate.js';
import { blockNamesOf, indexBlocks } from '../../duplicates/blocks.js';

/**
 * Blocking keys for duplicate detection (duplicates/blocks.ts): each person filed under their family name's key
 * joined to their given name's key and its one-deletion neighbours, and the other way round, with the year of birth.
 * A check, at the desk or at a hub over a million persons, seeks a few dozen of them instead of reading every
 * person of a common family name. Kept by the one write path; rows go with their person (foreign key). Every person
 * already in the file is filed here.
 */
/** Persons filed per step. */
const STEP = 10_000;

export const dupBlocks: Migration = {
  version: 11,
  name: 'dup-blocks',
  *up(db) {
    db.exec(`
      CREATE TABLE dup_blocks (
        block TEXT NOT NULL,
        birth_year INTEGER NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
        -- The date of birth when it is known to the day, else '': a check skips births that cannot agree unread.
        exact_date TEXT NOT NULL DEFAULT '',
        -- The other name's cut key the block was made from: a namesake is read under one block, not every neighbour.
        other TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (block, birth_year, person_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX dup_blocks_person ON dup_blocks (person_id);
    `);
    const total = db.prepare<[], number>('SELECT count(*) FROM persons').pluck().get()!;
    const persons = db
      .prepare<[string, number], [string, string, string, string, string, string, string]>(
        'SELECT id, given_name, family_name, given_name_latin, family_name_latin, birth_date, birth_kind FROM persons WHERE id > ? ORDER BY id LIMIT ?',
      )
      .raw();
    // In slices by id, so a file of a million persons shows how far it is and is never held whole in memory.
    let after = '';
    for (let done = 0; ;) {
      const rows = persons.all(after, STEP);
      if (rows.length === 0) break;
      after = rows[rows.length - 1]![0];
      for (const [id, givenName, familyName, givenNameLatin, familyNameLatin, birth, kind] of rows) {
        indexBlocks(db, id, blockNamesOf({ givenName, familyName, givenNameLatin, familyNameLatin }), birth, kind === 'exact');
      }
      done += rows.length;
      yield { done, total };
    }
  },
};
