import type { DB } from '../../electron/core/db/open.js';

/**
 * Takes a file's pairs across centres back to how schema 17 stored them (migration 18 undone): persons, households,
 * stations and centres as text, the reasons as JSON. Empty: for tests that migrate a desk's file from an older version.
 */
export function asSchema17HubPairs(db: DB): void {
  db.exec(`DROP TABLE hub_pairs;
    CREATE TABLE hub_pairs (
      person_a TEXT NOT NULL, person_b TEXT NOT NULL, household_a TEXT NOT NULL, household_b TEXT NOT NULL,
      station_a TEXT NOT NULL, station_b TEXT NOT NULL, centre_a TEXT NOT NULL, centre_b TEXT NOT NULL,
      score REAL NOT NULL, reasons TEXT NOT NULL DEFAULT '[]', batch_id TEXT NOT NULL DEFAULT '', found_at TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'different')),
      decided_at TEXT, decided_by TEXT, note TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (person_a, person_b), CHECK (person_a < person_b), CHECK (station_a <> station_b)
    ) STRICT;
    CREATE INDEX hub_pairs_queue ON hub_pairs (status, found_at);
    CREATE INDEX hub_pairs_b ON hub_pairs (person_b);`);
}
