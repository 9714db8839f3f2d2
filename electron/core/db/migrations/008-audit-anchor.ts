import type { Migration } from '../migrate.js';

/**
 * The audit trail anchored outside the file: heads of the trail (event number and hash) signed with the station's
 * Ed25519 key, which lives in keys/station.key and not in this database. A station keeps the heads it signed (the
 * latest also in keys/audit-head.json); a hub keeps every head each station sent with its batches, so a trail
 * rewritten at the station shows against the hub's copy.
 */
export const auditAnchor: Migration = {
  version: 8,
  name: 'audit-anchor',
  up(db) {
    db.exec(`
      -- Station: the heads it signed (at every batch cut). Rewriting the trail breaks them; forging needs the key file.
      CREATE TABLE audit_signed_heads (
        seq INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signature TEXT NOT NULL,
        batch_id TEXT
      ) STRICT;

      -- Hub: each station's signed heads as they arrived, one per batch; two heads for one number is a divergence.
      CREATE TABLE station_audit_heads (
        station_id TEXT NOT NULL,
        batch_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        signed_at TEXT NOT NULL,
        signature TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (station_id, batch_id)
      ) STRICT;
      CREATE INDEX station_audit_heads_seq ON station_audit_heads (station_id, seq);
    `);
  },
};
