import type { Migration } from '../migrate.js';

/**
 * Protection: operators (scrypt hashes, failed attempts, lockout), the registering operator's id on each version
 * (a registrar may edit only their own day's work), the audit trail's head (so removing the last events shows) and
 * triggers that keep the audit trail append-only for the app's own code.
 */
export const protection: Migration = {
  version: 2,
  name: 'protection',
  up(db) {
    db.exec(`
      CREATE TABLE operators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- Folded name (trimmed, lower case, NFC): sign-in is by name, and two operators cannot share one.
        name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('registrar', 'supervisor', 'admin')),
        secret_kind TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
        -- scrypt$N$r$p$salt$hash: the parameters travel with the hash, so they can be raised later.
        secret_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        locked_out INTEGER NOT NULL DEFAULT 0 CHECK (locked_out IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_sign_in_at TEXT
      ) STRICT;

      ALTER TABLE household_versions ADD COLUMN operator_id TEXT NOT NULL DEFAULT '';

      CREATE TABLE audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      INSERT INTO audit_head (id, seq, hash)
        SELECT 1, coalesce(max(seq), 0),
               coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${'0'.repeat(64)}')
        FROM audit_events;

      -- A family's record lists who looked at it: events by the record they concern.
      CREATE INDEX audit_events_entity ON audit_events (entity, entity_id) WHERE entity_id <> '';

      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        BEGIN SELECT RAISE(ABORT, 'The audit trail is append-only.'); END;
    `);
  },
};
