import type { Migration } from '../migrate.js';

/**
 * The count of pairs across centres waiting for a decision, shown beside the hub's figures, kept as a count (issue
 * 16: figures cost the same at any size). At a million persons in the synthetic seed the hub holds some two million
 * pairs, and counting the open ones took 200 ms of every dashboard refresh. Triggers keep one row per status, so
 * every way a pair is queued, decided or undone keeps it (a status with no row counts 0); filled from the pairs
 * already held, in one pass not through an index.
 */
export const hubPairCounts: Migration = {
  version: 16,
  name: 'hub-pair-counts',
  up(db) {
    db.exec(`
      CREATE TABLE hub_pair_counts (
        status TEXT PRIMARY KEY,
        n INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO hub_pair_counts (status, n) SELECT status, count(*) FROM hub_pairs NOT INDEXED WHERE true GROUP BY status;
      CREATE TRIGGER hub_pairs_count_add AFTER INSERT ON hub_pairs BEGIN
        INSERT INTO hub_pair_counts (status, n) VALUES (new.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER hub_pairs_count_remove AFTER DELETE ON hub_pairs BEGIN
        UPDATE hub_pair_counts SET n = n - 1 WHERE status = old.status;
      END;
      CREATE TRIGGER hub_pairs_count_move AFTER UPDATE OF status ON hub_pairs WHEN old.status <> new.status BEGIN
        UPDATE hub_pair_counts SET n = n - 1 WHERE status = old.status;
        INSERT INTO hub_pair_counts (status, n) VALUES (new.status, 1) ON CONFLICT (status) DO UPDATE SET n = n + 1;
      END;
    `);
  },
};
