import type { Migration } from '../migrate.js';

/**
 * Blocking keys for duplicate detection, as first stored: each person filed under their family name's key joined to
 * their given name's key and its one-deletion neighbours, and the other way round, with the year of birth. This
 * migration also filed every person already held; migration 014 replaced the table with a compact one and files
 * every person there, so a file this old now gets the table empty and is filed once, by 014.
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
        exact_date TEXT NOT NULL DEFAULT '',
        other TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (block, birth_year, person_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX dup_blocks_person ON dup_blocks (person_id);
    `);
  },
};
