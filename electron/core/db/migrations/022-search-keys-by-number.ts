import type { Migration } from '../migrate.js';

/**
 * Search keys by person number (issue 16): at 1,000,000 persons `search_keys` took 159 MB and its index by person
 * 163 MB, each row naming its person by a 36-letter id. A key now names the person by their number (`persons.n`, kept
 * across every version of the household, unique by the index `persons_n`), still in a WITHOUT ROWID table on
 * (key, person) with the index by person, so a search of several words still checks the other words by index seeks
 * and a person's keys still go with their row (ON DELETE CASCADE, through `persons_n`).
 *
 * The keys are copied as they are, one row for one row, so the vocabulary's counts stay right; they are copied in
 * slices of keys in key order (a compact table, and progress), then the index by person is built in one pass.
 */
/** Keys copied per step. */
const STEP = 100_000;

/** The migration, copying `step` keys per step (tests take small steps). */
export const searchKeysByNumberIn = (step: number): Migration => ({
  version: 22,
  name: 'search-keys-by-number',
  *up(db) {
    db.exec(`
      CREATE TABLE search_keys_022 (
        key TEXT NOT NULL,
        -- The person's number (persons.n).
        person INTEGER NOT NULL REFERENCES persons (n) ON DELETE CASCADE,
        PRIMARY KEY (key, person)
      ) STRICT, WITHOUT ROWID;
    `);
    const keys = db.prepare<[], number>('SELECT count(*) FROM search_keys').pluck().get()!;
    // Progress counts each key twice: copied, then filed in the index by person.
    const total = Math.max(1, keys * 2);
    // The key a slice ends before (none: the last slice), and a slice's keys copied in key order.
    const end = db.prepare<[string, number], string>('SELECT key FROM search_keys WHERE key >= ? ORDER BY key LIMIT 1 OFFSET ?').pluck();
    const after = db.prepare<[string], string>('SELECT key FROM search_keys WHERE key > ? ORDER BY key LIMIT 1').pluck();
    const slice = db.prepare<[string, string]>(
      `INSERT INTO search_keys_022 (key, person)
      SELECT k.key, p.n FROM search_keys k JOIN persons p ON p.id = k.person_id AND p.n IS NOT NULL WHERE k.key >= ? AND k.key < ? ORDER BY k.key, p.n`,
    );
    const last = db.prepare<[string]>(
      `INSERT INTO search_keys_022 (key, person)
      SELECT k.key, p.n FROM search_keys k JOIN persons p ON p.id = k.person_id AND p.n IS NOT NULL WHERE k.key >= ? ORDER BY k.key, p.n`,
    );
    let from = '';
    let done = 0;
    for (;;) {
      // A slice ends before a key, so a key's persons are never split; a key held by more than `step` persons is a
      // slice of its own.
      let to = end.get(from, step);
      if (to === from) to = after.get(from);
      if (to === undefined) {
        done += last.run(from).changes;
        break;
      }
      done += slice.run(from, to).changes;
      from = to;
      yield { done: Math.min(done, keys), total };
    }
    db.exec(`
      DROP TABLE search_keys;
      ALTER TABLE search_keys_022 RENAME TO search_keys;
    `);
    yield { done: keys, total };
    db.exec('CREATE INDEX search_keys_person ON search_keys (person, key)');
    // A key whose person was gone (never so while foreign keys are on) or had no number (never so since migration 014)
    // is not copied: then the vocabulary is counted again from the keys held, as migration 012 counted it.
    if (done !== keys) {
      db.exec(`
        DELETE FROM search_vocab;
        INSERT INTO search_vocab (key, persons) SELECT key, count(*) FROM search_keys WHERE key >= 'n:' AND key < 'n;' GROUP BY key;
      `);
    }
    yield { done: total, total };
  },
});

export const searchKeysByNumber = searchKeysByNumberIn(STEP);
