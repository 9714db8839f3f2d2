import type { Migration } from '../migrate.js';
import { SCORER_SOURCE_COLUMNS, writeScorerRow, type ScorerSource } from '../../duplicates/scorer-copy.js';

/**
 * The scorer's copy of the active persons (migration 024) made smaller (issue 14): each name once, as the scorer reads
 * it; the household's and station's ids, the birth and the day of arrival as numbers. A hub's check of 10,000 new
 * persons at a million reads some 280,000 rows of it, scattered: the table took 177 MB and each row made a dozen
 * strings (duplicates/scorer-copy.ts). Filled again from the persons table in slices of numbers, with progress, by the
 * write path's own function (as migration 021 files keys): a later change to what a row holds comes with a migration
 * of its own that fills the copy again.
 */
const STEP = 20_000;

type SourceRow = Omit<ScorerSource, 'alone'> & { alone: number };

export const dupPersonsCompactIn = (step: number): Migration => ({
  version: 26,
  name: 'dup-persons-compact',
  *up(db) {
    db.exec(`
      DROP TABLE dup_persons;
      CREATE TABLE dup_persons (
        -- The person's number (persons.n).
        n INTEGER PRIMARY KEY REFERENCES persons (n) ON DELETE CASCADE,
        -- Their household's and station's ids as numbers (a hash: scorer-copy.ts).
        household INTEGER NOT NULL,
        station INTEGER NOT NULL,
        -- Given name, family name and patronymic as the scorer reads them (typed, else in Latin letters).
        given TEXT NOT NULL,
        family TEXT NOT NULL,
        father TEXT NOT NULL,
        sex TEXT NOT NULL,
        -- 0 a date (birth as yyyymmdd), 1 a year (birth the year), 2 an age (birth the years).
        birth_kind INTEGER NOT NULL CHECK (birth_kind IN (0, 1, 2)),
        birth INTEGER NOT NULL,
        -- The household's day of arrival, yyyymmdd.
        arrival INTEGER NOT NULL,
        -- The documents as the persons row holds them (JSON), or NULL for none.
        documents TEXT,
        phone TEXT,
        household_phone TEXT,
        alone INTEGER NOT NULL DEFAULT 0 CHECK (alone IN (0, 1))
      ) STRICT;
    `);
    const last = db.prepare<[], number>('SELECT coalesce(max(n), 0) FROM persons').pluck().get()!;
    const rows = db.prepare<[number, number], SourceRow>(`
      SELECT ${SCORER_SOURCE_COLUMNS},
        (SELECT count(*) FROM persons q WHERE q.household_id = p.household_id) = 1 AS alone
      FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.n > ? AND p.n <= ? AND h.status = 'active'
      ORDER BY p.n`);
    const total = Math.max(1, last);
    for (let after = 0; after < last; after += step) {
      for (const row of rows.all(after, after + step)) writeScorerRow(db, { ...row, alone: row.alone === 1 });
      yield { done: Math.min(last, after + step), total };
    }
  },
});

export const dupPersonsCompact = dupPersonsCompactIn(STEP);
