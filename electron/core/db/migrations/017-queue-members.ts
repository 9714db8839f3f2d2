import type { Migration } from '../migrate.js';

/**
 * One centre, many desks (issue 17): the queue host's members, the tickets it leased to desks, and the desk events
 * it has applied; on a desk, its copy of its lease and the events it has not yet told the host
 * (docs/queue-host.md).
 *
 * A member is a station key a supervisor on the host admitted by its fingerprint read aloud; a key that asked and was
 * not admitted yet is `pending` (the host keeps a bounded number). A greeter member's ticket prefix is unique among
 * all members, past ones too: a number once printed is never printed again that day by anyone else.
 */
export const queueMembers: Migration = {
  version: 17,
  name: 'queue-members',
  up(db) {
    db.exec(`
      CREATE TABLE queue_members (
        public_key TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        -- The desk's name on the display, or the greeter's; what the key asked with until a supervisor names it.
        label TEXT NOT NULL DEFAULT '',
        role TEXT CHECK (role IS NULL OR role IN ('desk', 'greeter')),
        prefix TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'member', 'revoked')),
        asked_at TEXT NOT NULL,
        admitted_at TEXT,
        admitted_by TEXT,
        revoked_at TEXT,
        CHECK (status = 'pending' OR role IS NOT NULL),
        CHECK (role = 'greeter' OR prefix IS NULL)
      ) STRICT;
      CREATE UNIQUE INDEX queue_members_prefix ON queue_members (prefix) WHERE prefix IS NOT NULL;
      CREATE UNIQUE INDEX queue_members_label ON queue_members (label) WHERE status = 'member';

      -- On the host: tickets held for one desk, given to no other desk until returned or expired.
      CREATE TABLE queue_leases (
        ticket_id TEXT PRIMARY KEY REFERENCES queue_tickets (id) ON DELETE CASCADE,
        desk TEXT NOT NULL,
        member_key TEXT NOT NULL,
        leased_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX queue_leases_desk ON queue_leases (desk);

      -- On the host: every desk event applied (or refused) once, by its id; a resent event changes nothing.
      CREATE TABLE queue_applied (
        event_id TEXT PRIMARY KEY,
        member_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        ticket_id TEXT,
        at TEXT NOT NULL
      ) STRICT;

      -- On a desk: its copy of the lease the host gave it, and the ticket it is serving.
      CREATE TABLE queue_held (
        ticket_id TEXT PRIMARY KEY,
        ticket TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        priority INTEGER NOT NULL CHECK (priority IN (0, 1)),
        state TEXT NOT NULL CHECK (state IN ('leased', 'called')),
        usable_until TEXT NOT NULL
      ) STRICT;

      -- On a desk: what it did that the host has not acknowledged yet, in order.
      CREATE TABLE queue_outbox (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        event TEXT NOT NULL
      ) STRICT;
    `);
  },
};
