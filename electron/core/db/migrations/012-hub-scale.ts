import type { Migration } from '../migrate.js';
import { recount } from '../../households/tally.js';

/**
 * A national hub of a million persons (issue 16):
 * - `figure_counts`: the figures `stats` shows, kept by the one write path (households/tally.ts) per arrival day and
 *   centre, so reading them costs the same at any size; filled here from the rows already held.
 * - `search_keys` keyed by (key, person) in a WITHOUT ROWID table, with the one index a write needs (a person's keys,
 *   which also serves the duplicate blocking join), and no `kind` column (the key's prefix says it). The vocabulary of
 *   name keys is no longer kept by a trigger per key: the write path counts it once per write or batch.
 */
export const hubScale: Migration = {
  version: 12,
  name: 'hub-scale',
  *up(db) {
    db.exec(`
      CREATE TABLE figure_counts (
        arrival_date TEXT NOT NULL,
        centre_code TEXT NOT NULL,
        -- h: households (bucket ''); p: persons (bucket 'F|18-59': sex and age band on arrival); n: persons with a
        -- specific need of a category (bucket 'DS'), a person once per category.
        kind TEXT NOT NULL CHECK (kind IN ('h', 'p', 'n')),
        bucket TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (arrival_date, centre_code, kind, bucket)
      ) STRICT, WITHOUT ROWID;

      DROP TRIGGER search_vocab_add;
      DROP TRIGGER search_vocab_remove;
      CREATE TABLE search_keys_012 (
        key TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
        PRIMARY KEY (key, person_id)
      ) STRICT, WITHOUT ROWID;
      INSERT OR IGNORE INTO search_keys_012 (key, person_id) SELECT key, person_id FROM search_keys ORDER BY key, person_id;
      DROP TABLE search_keys;
      ALTER TABLE search_keys_012 RENAME TO search_keys;
      CREATE INDEX search_keys_person ON search_keys (person_id, key);
    `);
    // Two long statements, each reported when done: the keys copied, then the figures and vocabulary counted.
    yield { done: 1, total: 2 };
    recount(db);
    yield { done: 2, total: 2 };
  },
};
