import type { Migration } from '../migrate.js';

/**
 * The crowd at the door (issue 17): tickets issued by greeters, called by desks, and the calls the waiting-area
 * display shows. A new role, greeter (issues tickets and nothing else), so the operators' role check is rebuilt.
 *
 * A ticket's head name is typed at the door to pre-fill the intake form; the day's end blanks it unless the ticket
 * became a registration. The priority reasons are kept for the supervisor's figures and never leave the host in a
 * display or a printed ticket.
 */
export const queue: Migration = {
  version: 13,
  name: 'queue',
  up(db) {
    db.exec(`
      CREATE TABLE operators_with_greeters (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('greeter', 'registrar', 'supervisor', 'admin')),
        secret_kind TEXT NOT NULL CHECK (secret_kind IN ('password', 'pin')),
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
      INSERT INTO operators_with_greeters SELECT * FROM operators;
      DROP TABLE operators;
      ALTER TABLE operators_with_greeters RENAME TO operators;

      CREATE TABLE queue_tickets (
        id TEXT PRIMARY KEY,
        -- Printed: the greeter's prefix and a number of the day (A-007). Carried tickets keep theirs.
        prefix TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 0),
        day TEXT NOT NULL,
        -- The ticket's place in the queue: a skip, a missed call or a carry to the next day keeps it.
        issued_at TEXT NOT NULL,
        issued_by TEXT NOT NULL,
        household_size INTEGER NOT NULL CHECK (household_size BETWEEN 1 AND 30),
        language TEXT NOT NULL CHECK (language IN ('hy', 'ru', 'en')),
        priority_reasons TEXT NOT NULL DEFAULT '',
        head_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'waiting'
          CHECK (status IN ('waiting', 'called', 'served', 'no_show', 'cancelled', 'closed')),
        for_desk TEXT,
        skipped_by TEXT NOT NULL DEFAULT '',
        first_called_at TEXT,
        called_at TEXT,
        called_desk TEXT,
        calls INTEGER NOT NULL DEFAULT 0,
        finished_at TEXT,
        household_id TEXT,
        -- The day a ticket carried to the next morning was issued on; it is counted as issued on that day only.
        carried_from TEXT,
        UNIQUE (prefix, day, seq)
      ) STRICT;
      CREATE INDEX queue_tickets_open ON queue_tickets (day, status);

      -- Every call and recall, for the display and the desks' throughput; no names.
      CREATE TABLE queue_calls (
        seq INTEGER PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES queue_tickets (id) ON DELETE CASCADE,
        desk TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
