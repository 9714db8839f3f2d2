import type { Migration } from '../migrate.js';

/**
 * A batch a hub has taken in, not yet checked across centres (issue 14): its households are noted in the import's
 * own transaction and the note is taken away once the check has ended. At a million persons a large batch's check
 * runs for minutes after the commit; were the app closed meanwhile, the households it had not reached would never be
 * checked (taking the file again answers "already held"). The next import, of any batch or of the same one again,
 * checks what a note names first (duplicates/hub.ts, checkUnchecked).
 */
export const hubUnchecked: Migration = {
  version: 23,
  name: 'hub-unchecked',
  up(db) {
    db.exec(`
      CREATE TABLE hub_unchecked (
        batch_id TEXT NOT NULL,
        household_id TEXT NOT NULL,
        PRIMARY KEY (batch_id, household_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
