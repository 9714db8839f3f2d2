import type { Migration } from '../migrate.js';

/**
 * Whether a person's household has nobody else, in the duplicate scorer's copy (issue 14). A hub's check keeps a pair
 * likely on its own score when either household is a person registered alone (duplicates/hub.ts, `queued`), and read
 * that of the held households from the persons table: some 12,000 seeks in the household index for each 2,000
 * persons checked at a million, a sixteenth of the check. Now it comes with the row the check reads anyway; the write
 * path sets it with the rest of the row (households/write.ts), at every version.
 */
export const dupPersonsAlone: Migration = {
  version: 25,
  name: 'dup-persons-alone',
  up(db) {
    db.exec(`
      ALTER TABLE dup_persons ADD COLUMN alone INTEGER NOT NULL DEFAULT 0 CHECK (alone IN (0, 1));
      UPDATE dup_persons SET alone = 1
      WHERE household_id IN (SELECT household_id FROM persons GROUP BY household_id HAVING count(*) = 1);
    `);
  },
};
