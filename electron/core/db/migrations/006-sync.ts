import type { Migration } from '../migrate.js';

/**
 * Sync: the outbox's memory of each batch on its way to the hub (attempts, when to try again, the last error, a
 * refusal and its reason) and of the connection as a whole (last checked, last success), so a restart continues
 * where it stopped. The batch itself, its status and the hub's receipt stay in `batches` (migration 003).
 */
export const sync: Migration = {
  version: 6,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_outbox (
        batch_id TEXT PRIMARY KEY REFERENCES batches (id) ON DELETE CASCADE,
        -- waiting: sent until the hub acknowledges it; refused: the hub said no for a reason that will not change.
        state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_attempt_at TEXT,
        last_error TEXT,
        last_error_code TEXT,
        -- The hub's code and reason, in its words, when it refused the batch.
        refused_code TEXT,
        refused_reason TEXT,
        refused_at TEXT
      ) STRICT;

      CREATE TABLE sync_status (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        -- 1 when the hub answered the last check, 0 when it did not, NULL before the first check.
        online INTEGER,
        last_checked_at TEXT,
        last_success_at TEXT,
        -- After a failed check, the next automatic attempt waits until then (backoff).
        next_attempt_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_error_code TEXT,
        last_error_at TEXT
      ) STRICT;
      INSERT INTO sync_status (id) VALUES (1);
    `);
  },
};
