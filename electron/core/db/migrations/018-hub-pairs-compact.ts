import { STORED_REASON_BITS_JSON } from '../../duplicates/stored-reasons.js';
import type { Migration } from '../migrate.js';

/**
 * The hub's pairs across centres stored compactly (issue 16). At a million persons in the synthetic seed the hub held
 * some two million pairs in 1.3 GB: each named its two persons, households, stations and centres as text, with the
 * reasons as JSON, under three indexes. A pair now names its two persons by their numbers (`persons.n`, kept across
 * every version and never given again), the smaller first; households, stations and centres are read through the
 * persons when a page is shown. The reasons (JSON, `[{code, effect}]`) become a mask (duplicates/stored-reasons.ts: append only), the time found a
 * number (milliseconds since 1970). The table is WITHOUT ROWID on the pair; the queue's index orders the open pairs
 * as the hub supervisor's page does (best score first), and an index by the second person lets a household's deletion
 * take its persons' pairs with it.
 *
 * Pairs of persons no longer held are not carried over (no page could show them). The count kept by migration 016
 * is worked out again from the pairs carried, and its triggers move to the new table.
 */
/** Old rows copied per step. */
const STEP = 50_000;

export const hubPairsCompact: Migration = {
  version: 18,
  name: 'hub-pairs-compact',
  *up(db) {
    db.exec(`
      CREATE TABLE hub_pairs_018 (
        -- The two persons' numbers (persons.n), a < b.
        a INTEGER NOT NULL,
        b INTEGER NOT NULL,
        score REAL NOT NULL,
        -- duplicates/stored-reasons.ts: a bit a reason.
        reasons INTEGER NOT NULL DEFAULT 0,
        batch_id TEXT NOT NULL DEFAULT '',
        -- Milliseconds since 1970 (UTC).
        found_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'linked', 'different')),
        decided_at TEXT,
        decided_by TEXT,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (a, b),
        CHECK (a < b)
      ) STRICT, WITHOUT ROWID;
    `);
    // Copied in slices of the old table's rows, so a hub of millions of pairs shows how far it is.
    const last = db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM hub_pairs').pluck().get()!;
    const copy = db.prepare<{ bits: string; from: number; to: number }>(
      `INSERT INTO hub_pairs_018 (a, b, score, reasons, batch_id, found_at, status, decided_at, decided_by, note)
      SELECT min(pa.n, pb.n), max(pa.n, pb.n), p.score,
        (SELECT CAST(total(json_extract(@bits, '$.' || CASE j.type WHEN 'object' THEN json_extract(j.value, '$.code') ELSE j.value END)) AS INTEGER)
          FROM json_each(CASE WHEN json_valid(p.reasons) THEN p.reasons ELSE '[]' END) j),
        p.batch_id, CAST(round(coalesce(unixepoch(p.found_at, 'subsec'), 0) * 1000) AS INTEGER), p.status, p.decided_at, p.decided_by, p.note
      FROM hub_pairs p JOIN persons pa ON pa.id = p.person_a JOIN persons pb ON pb.id = p.person_b
      WHERE p.rowid BETWEEN @from AND @to AND pa.n <> pb.n`,
    );
    for (let from = 1; from <= last; from += STEP) {
      const to = Math.min(last, from + STEP - 1);
      copy.run({ bits: STORED_REASON_BITS_JSON, from, to });
      yield { done: to, total: last };
    }
    db.exec(`
      DROP TABLE hub_pairs;
      ALTER TABLE hub_pairs_018 RENAME TO hub_pairs;
      CREATE INDEX hub_pairs_queue ON hub_pairs (status, score DESC, found_at);
      CREATE INDEX hub_pairs_b ON hub_pairs (b);
      DELETE FROM hub_pair_counts;
      INSERT INTO hub_pair_counts (status, n) SELECT status, count(*) FROM hub_pairs NOT INDEXED WHERE true GROUP BY status;
      -- Migration 016's triggers, made again on the rebuilt table (a released migration is not edited to share them).
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
