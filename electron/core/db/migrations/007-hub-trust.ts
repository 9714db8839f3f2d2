import type { Migration } from '../migrate.js';

/**
 * Hub trust: which station owns each household (the one whose batch created it, kept after a deletion), deletion
 * marks per owning station, the station keys a hub administrator enrolled (or revoked), the stations that tried
 * without being enrolled, and how many batches were refused for each reason (the hub's screen shows them).
 */
export const hubTrust: Migration = {
  version: 7,
  name: 'hub-trust',
  up(db) {
    db.exec(`
      CREATE TABLE household_owners (
        household_id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        since TEXT NOT NULL,
        -- Set when a hub administrator moved a lost desk's households to its replacement.
        moved_from TEXT
      ) STRICT;
      CREATE INDEX household_owners_station ON household_owners (station_id);
      INSERT INTO household_owners (household_id, station_id, since) SELECT id, station_id, registered_at FROM households;
      INSERT OR IGNORE INTO household_owners (household_id, station_id, since) SELECT id, station_id, deleted_at FROM deleted_households;

      -- Deletion marks per station: a station's mark blocks only its own later versions of that household.
      CREATE TABLE station_deletions (
        station_id TEXT NOT NULL,
        household_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted_at TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        PRIMARY KEY (station_id, household_id)
      ) STRICT;
      INSERT INTO station_deletions SELECT station_id, id, version, deleted_at, batch_id FROM deleted_households;

      -- Station keys a hub administrator or supervisor enrolled; a revoked key's batches are refused.
      CREATE TABLE enrolled_keys (
        public_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        enrolled_at TEXT NOT NULL,
        enrolled_by TEXT NOT NULL,
        revoked_at TEXT,
        revoked_by TEXT,
        revoked_reason TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO enrolled_keys (public_key, fingerprint, enrolled_at, enrolled_by)
        SELECT public_key, fingerprint, first_seen_at, accepted_by FROM known_stations;

      -- Stations that sent a batch before being enrolled: what their manifest said, to enrol one after checking it.
      CREATE TABLE station_attempts (
        public_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        station_id TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        centre TEXT NOT NULL DEFAULT '',
        remote TEXT NOT NULL DEFAULT '',
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE hub_refusal_counts (
        code TEXT PRIMARY KEY,
        count INTEGER NOT NULL DEFAULT 0,
        last_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
