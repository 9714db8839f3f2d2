import type { Migration } from '../migrate.js';

/**
 * A greeter's press issues one ticket, however often its request is sent (issue 17; docs/queue-host.md): the request
 * carries an id the greeter makes once per press, kept across its retries and its fallback to issuing while cut off.
 * The host keeps that id with the ticket it issued, and a request with the same id from the same greeter is answered
 * with that ticket, not a new one; a ticket issued while cut off with the id of one issued online (whose answer was
 * lost) takes that ticket's place. The id is blanked a day after the ticket was issued (tickets.ts,
 * forgetIssueRequests), so what is kept is bounded by a day's tickets.
 */
export const queueIssueRequests: Migration = {
  version: 20,
  name: 'queue-issue-requests',
  up(db) {
    db.exec(`
      ALTER TABLE queue_tickets ADD COLUMN request_id TEXT CHECK (request_id IS NULL OR length(request_id) BETWEEN 8 AND 40);
      CREATE UNIQUE INDEX queue_tickets_request ON queue_tickets (issued_by, request_id) WHERE request_id IS NOT NULL;
    `);
  },
};
