import type { Migration } from '../migrate.js';

/** The station, households and their members, versions, the audit trail and the change log. */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE station (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        label TEXT NOT NULL,
        centre_code TEXT NOT NULL,
        centre_name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'station' CHECK (role IN ('station', 'hub')),
        created_at TEXT NOT NULL,
        next_number INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE households (
        id TEXT PRIMARY KEY,
        registration_number TEXT NOT NULL UNIQUE,
        station_id TEXT NOT NULL,
        centre_code TEXT NOT NULL,
        arrived_at TEXT NOT NULL,
        arrival_date TEXT NOT NULL,
        registered_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        mode TEXT NOT NULL,
        origin_settlement TEXT NOT NULL DEFAULT '',
        origin_district TEXT NOT NULL DEFAULT '',
        arrival_means TEXT NOT NULL DEFAULT 'unknown',
        destination TEXT NOT NULL DEFAULT 'unknown',
        destination_details TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        phone_normalised TEXT,
        consent_tracing INTEGER NOT NULL DEFAULT 0,
        consent_basis TEXT NOT NULL DEFAULT 'consent',
        notes TEXT NOT NULL DEFAULT '',
        declared_size INTEGER,
        size INTEGER NOT NULL,
        head_name TEXT NOT NULL DEFAULT '',
        head_name_latin TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'voided')),
        void_reason TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX households_registered ON households (registered_at DESC);
      CREATE INDEX households_arrival_date ON households (arrival_date);
      CREATE INDEX households_phone ON households (phone_normalised);

      CREATE TABLE persons (
        id TEXT PRIMARY KEY,
        household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        relationship TEXT NOT NULL,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL DEFAULT '',
        patronymic TEXT NOT NULL DEFAULT '',
        given_name_latin TEXT NOT NULL DEFAULT '',
        family_name_latin TEXT NOT NULL DEFAULT '',
        patronymic_latin TEXT NOT NULL DEFAULT '',
        sex TEXT NOT NULL CHECK (sex IN ('F', 'M')),
        birth_kind TEXT NOT NULL,
        birth_value TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        nationality TEXT NOT NULL DEFAULT '',
        documents TEXT NOT NULL DEFAULT '[]',
        specific_needs TEXT NOT NULL DEFAULT '[]',
        phone TEXT NOT NULL DEFAULT '',
        phone_normalised TEXT,
        notes TEXT NOT NULL DEFAULT '',
        ref TEXT
      ) STRICT;
      CREATE INDEX persons_household ON persons (household_id, position);
      CREATE INDEX persons_phone ON persons (phone_normalised);

      -- Folded name keys (and numbers) that the search box and duplicate checks look up by prefix.
      CREATE TABLE search_keys (
        key TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
        kind TEXT NOT NULL
      ) STRICT;
      CREATE INDEX search_keys_key ON search_keys (key, person_id);
      CREATE INDEX search_keys_person ON search_keys (person_id);

      CREATE TABLE household_versions (
        household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        snapshot TEXT NOT NULL,
        PRIMARY KEY (household_id, version)
      ) STRICT;

      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        op TEXT NOT NULL
      ) STRICT;
      CREATE INDEX change_log_entity ON change_log (entity, entity_id);

      CREATE TABLE drafts (
        owner TEXT PRIMARY KEY,
        saved_at TEXT NOT NULL,
        payload TEXT NOT NULL
      ) STRICT;
    `);
  },
};
