import type { Migration } from '../migrate.js';

/**
 * At a hub: likely pairs of persons registered at two stations, found when a batch is imported, and the links a
 * hub supervisor made between them. A link is the hub's own record, never a household version: no station's later
 * version can collide with it or undo it, and it is carried back to no station.
 */
export const hubLinks: Migration = {
  version: 10,
  name: 'hub-links',
  up(db) {
    db.exec(`
      -- One row per pair (person_a < person_b) of persons from two stations that may be one person.
      -- 'linked': one person (counted once in the hub's figures); 'different': two people; 'open': not decided yet.
      CREATE TABLE hub_pairs (
        person_a TEXT NOT NULL,
        person_b TEXT NOT NULL,
        household_a TEXT NOT NULL,
        household_b TEXT NOT NULL,
        station_a TEXT NOT NULL,
        station_b TEXT NOT NULL,
        centre_a TEXT NOT NULL,
        centre_b TEXT NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        batch_id TEXT NOT NULL DEFAULT '',
        found_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'different')),
        decided_at TEXT,
        decided_by TEXT,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (person_a, person_b),
        CHECK (person_a < person_b),
        CHECK (station_a <> station_b)
      ) STRICT;
      CREATE INDEX hub_pairs_queue ON hub_pairs (status, found_at);
      CREATE INDEX hub_pairs_b ON hub_pairs (person_b);
    `);
  },
};
