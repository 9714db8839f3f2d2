import type { Migration } from '../migrate.js';

/**
 * Finding people: a vocabulary of folded name keys (so search as you type can rank the keys a prefix reaches
 * without walking every person), the review queue of candidate duplicate pairs, the decisions clerks and
 * supervisors took about them, and the pre-registration lists taken in.
 *
 * Nothing here references `persons` by foreign key: a household's members are rewritten on every version, and a
 * decision about two people must outlive that.
 */
export const duplicates: Migration = {
  version: 4,
  name: 'duplicates',
  up(db) {
    db.exec(`
      -- Each distinct folded name key and how many persons carry it; kept by triggers on search_keys.
      CREATE TABLE search_vocab (
        key TEXT PRIMARY KEY,
        persons INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
      INSERT INTO search_vocab (key, persons)
        SELECT key, count(*) FROM search_keys WHERE kind = 'name' GROUP BY key;
      CREATE TRIGGER search_vocab_add AFTER INSERT ON search_keys WHEN new.kind = 'name'
      BEGIN
        INSERT INTO search_vocab (key, persons) VALUES (new.key, 1)
          ON CONFLICT (key) DO UPDATE SET persons = persons + 1;
      END;
      CREATE TRIGGER search_vocab_remove AFTER DELETE ON search_keys WHEN old.kind = 'name'
      BEGIN
        UPDATE search_vocab SET persons = persons - 1 WHERE key = old.key;
      END;

      -- A person's keys in one index seek: checking the other words of a query, and blocking for duplicates.
      DROP INDEX search_keys_person;
      CREATE INDEX search_keys_person ON search_keys (person_id, key);

      -- The supervisor's queue: one row per pair of persons (person_a < person_b) that may be one person.
      -- 'different' keeps the pair from coming back; 'same' records the merge (kept_person is the survivor).
      CREATE TABLE duplicate_pairs (
        person_a TEXT NOT NULL,
        person_b TEXT NOT NULL,
        household_a TEXT NOT NULL,
        household_b TEXT NOT NULL,
        score REAL NOT NULL,
        reasons TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL CHECK (source IN ('review', 'intake', 'list')),
        found_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'same', 'different')),
        kept_person TEXT,
        resolved_at TEXT,
        resolved_by TEXT,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (person_a, person_b),
        CHECK (person_a < person_b)
      ) STRICT;
      CREATE INDEX duplicate_pairs_queue ON duplicate_pairs (status, score DESC);
      CREATE INDEX duplicate_pairs_b ON duplicate_pairs (person_b);

      -- Every decision taken about a possible duplicate: at the intake desk (continue with a reason, or the same
      -- person as an existing record) or in the supervisor's review (same person, merged; or different).
      CREATE TABLE duplicate_decisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        operator_id TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL CHECK (context IN ('intake', 'review')),
        decision TEXT NOT NULL CHECK (decision IN ('same', 'different')),
        person_id TEXT NOT NULL,
        household_id TEXT NOT NULL,
        other_person_id TEXT NOT NULL,
        other_household_id TEXT NOT NULL,
        score REAL,
        reason TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX duplicate_decisions_person ON duplicate_decisions (person_id);
      CREATE INDEX duplicate_decisions_household ON duplicate_decisions (household_id);

      -- Pre-registration lists taken in, so the same file is not applied twice.
      CREATE TABLE list_imports (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        households INTEGER NOT NULL,
        persons INTEGER NOT NULL,
        flagged INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
