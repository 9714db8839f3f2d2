import type { Migration } from '../migrate.js';

/**
 * Printing: every slip printed for a household (the first print and each reprint), so a reprint is marked as one
 * without reading the whole audit trail. The audit trail records the same act, hash-chained.
 */
export const printing: Migration = {
  version: 5,
  name: 'printing',
  up(db) {
    db.exec(`
      CREATE TABLE slip_prints (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        print_number INTEGER NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        language TEXT NOT NULL,
        layout TEXT NOT NULL,
        UNIQUE (household_id, print_number)
      ) STRICT;
    `);
  },
};
