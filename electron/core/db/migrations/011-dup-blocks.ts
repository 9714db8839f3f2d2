import type { Migration } from '../migrate.js';
import { blockNamesOf, indexBlocks } from '../../duplicates/blocks.js';

/**
 * Blocking keys for duplicate detection (duplicates/blocks.ts): each person filed under their family name's key
 * joined to their given name's key and its one-deletion neighbours, and the other way round, with the year of birth.
 * A check, at the desk or at a hub over a million persons, seeks a few dozen of them instead of reading every
 * person of a common family name. Kept by the one write path; rows go with their person (foreign key). Every person
 * already in the file is filed here.
 */
export const dupBlocks: Migration = {
  version: 11,
  name: 'dup-blocks',
  up(db) {
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
    const persons = db.prepare<unknown[], [string, string, string, string, string, string, string]>(
      'SELECT id, given_name, family_name, given_name_latin, family_name_latin, birth_date, birth_kind FROM persons',
    ).raw().iterate();
    const rows = [...persons];
    for (const [id, givenName, familyName, givenNameLatin, familyNameLatin, birth, kind] of rows) {
      indexBlocks(db, id, blockNamesOf({ givenName, familyName, givenNameLatin, familyNameLatin }), birth, kind === 'exact');
    }
  },
};
