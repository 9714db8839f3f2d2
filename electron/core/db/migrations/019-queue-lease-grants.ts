import type { Migration } from '../migrate.js';

/**
 * What the queue host leased to which desk, and when (issue 17; docs/queue-host.md, rule 4): a call a desk made while
 * cut off is applied only if the ticket was leased to that desk at the call's time. `queue_leases` holds the leases
 * in force and loses a row when the ticket is called or the lease ends; a grant stays a day, so a desk back after its
 * lease ended is still judged by the lease it had. Filled from the leases in force.
 *
 * And `queue_applied` (the desk events applied, by id) gains an index by time: it is pruned past an age.
 *
 * On a greeter: the tickets it issued while cut off from the host, numbered from its own prefix's block for offline
 * use (5001 and up, the day's numbers online stay below), to be sent to the host when it answers.
 */
export const queueLeaseGrants: Migration = {
  version: 19,
  name: 'queue-lease-grants',
  up(db) {
    db.exec(`
      CREATE TABLE queue_lease_grants (
        ticket_id TEXT NOT NULL,
        member_key TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        -- Moved on at each renewal, as the lease's expires_at.
        until TEXT NOT NULL,
        PRIMARY KEY (ticket_id, member_key, granted_at)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX queue_lease_grants_until ON queue_lease_grants (until);
      INSERT INTO queue_lease_grants (ticket_id, member_key, granted_at, until) SELECT ticket_id, member_key, leased_at, expires_at FROM queue_leases;
      CREATE INDEX queue_applied_at ON queue_applied (at);
      ALTER TABLE queue_members ADD COLUMN last_seen_at TEXT;

      CREATE TABLE queue_door_outbox (
        ticket_id TEXT PRIMARY KEY,
        prefix TEXT NOT NULL,
        day TEXT NOT NULL,
        seq INTEGER NOT NULL CHECK (seq > 5000),
        -- The ticket as issued (the head's name included), JSON; gone once the host has it.
        ticket TEXT NOT NULL,
        UNIQUE (prefix, day, seq)
      ) STRICT;
    `);
  },
};
