import type { Migration } from '../migrate.js';

/**
 * Batches: what a station has cut from its change log (and where the files went), and what a hub has taken in
 * from each station (known stations, received batches, their audit events, deletions).
 */
export const batches: Migration = {
  version: 3,
  name: 'batches',
  up(db) {
    db.exec(`
      -- The station's Ed25519 public key; the private half is in keys/station.key in the data folder.
      ALTER TABLE station ADD COLUMN public_key TEXT;

      -- Batches this station cut. A range of its change log (and of its audit trail) leaves in exactly one batch.
      CREATE TABLE batches (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        sequence_from INTEGER NOT NULL,
        sequence_to INTEGER NOT NULL,
        audit_from INTEGER NOT NULL,
        audit_to INTEGER NOT NULL,
        households INTEGER NOT NULL,
        persons INTEGER NOT NULL,
        events INTEGER NOT NULL,
        deletions INTEGER NOT NULL DEFAULT 0,
        sha256 TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        hub_fingerprint TEXT NOT NULL,
        file_path TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'written' CHECK (status IN ('written', 'uploaded', 'acknowledged')),
        created_at TEXT NOT NULL,
        uploaded_at TEXT,
        acknowledged_at TEXT,
        receipt TEXT
      ) STRICT;
      CREATE UNIQUE INDEX batches_sequence ON batches (sequence_to);
      CREATE INDEX batches_status ON batches (status, created_at);

      -- Hub: stations whose batches it accepts, pinned to the key they first signed with.
      CREATE TABLE known_stations (
        station_id TEXT PRIMARY KEY,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        station_code TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        centre_code TEXT NOT NULL DEFAULT '',
        centre_name TEXT NOT NULL DEFAULT '',
        first_seen_at TEXT NOT NULL,
        accepted_by TEXT NOT NULL,
        last_import_at TEXT
      ) STRICT;

      -- Hub: every batch taken in, by id and file hash (the same id with other bytes is refused).
      CREATE TABLE received_batches (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL REFERENCES known_stations (station_id),
        sequence_from INTEGER NOT NULL,
        sequence_to INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        households INTEGER NOT NULL,
        persons INTEGER NOT NULL,
        events INTEGER NOT NULL,
        deletions INTEGER NOT NULL DEFAULT 0,
        applied INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        file_name TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX received_batches_station ON received_batches (station_id, sequence_from);

      -- Hub: each station's audit trail as it arrived, kept apart from the hub's own chain (verifiable per station).
      CREATE TABLE station_events (
        station_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        PRIMARY KEY (station_id, seq)
      ) STRICT;

      -- Hub: households deleted at their station (a request for erasure); an older copy never brings them back.
      CREATE TABLE deleted_households (
        id TEXT PRIMARY KEY,
        station_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted_at TEXT NOT NULL,
        batch_id TEXT NOT NULL
      ) STRICT;
    `);
  },
};
