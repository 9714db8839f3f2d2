import type { Migration } from '../migrate.js';

/**
 * What the duplicate scorer reads of a person, kept beside the duplicate keys (issues 14 and 16). At a million persons
 * a hub's check across centres reads about 46 candidates for each new person, each by number: the number's index, the
 * person's row, the household's id index, the household's row, four seeks among 900 MB, about 14 µs a candidate and
 * most of the check's time. Here each active person is one row keyed by their number (the rowid: one seek), with the
 * few household fields the scorer and the hub's queue need inlined. A voided household's persons have no row: they are
 * nobody's duplicate.
 *
 * Kept by the one write path (households/write.ts writes a household's persons again at every version) and gone with
 * the person's row (ON DELETE CASCADE, through `persons_n`). Filled here in slices of numbers, with progress.
 */
/** Person numbers filled per step. */
const STEP = 20_000;

/** The migration, filling `step` numbers per step (tests take small steps). */
export const dupPersonsIn = (step: number): Migration => ({
  version: 24,
  name: 'dup-persons',
  *up(db) {
    db.exec(`
      CREATE TABLE dup_persons (
        -- The person's number (persons.n).
        n INTEGER PRIMARY KEY REFERENCES persons (n) ON DELETE CASCADE,
        household_id TEXT NOT NULL,
        station_id TEXT NOT NULL,
        given_name TEXT NOT NULL,
        family_name TEXT NOT NULL,
        patronymic TEXT NOT NULL,
        given_name_latin TEXT NOT NULL,
        family_name_latin TEXT NOT NULL,
        patronymic_latin TEXT NOT NULL,
        sex TEXT NOT NULL,
        birth_kind TEXT NOT NULL,
        birth_value TEXT NOT NULL,
        documents TEXT NOT NULL,
        phone_normalised TEXT,
        household_phone_normalised TEXT,
        arrival_date TEXT NOT NULL
      ) STRICT;
    `);
    const last = db.prepare<[], number>('SELECT coalesce(max(n), 0) FROM persons').pluck().get()!;
    const fill = db.prepare<[number, number]>(`
      INSERT INTO dup_persons
      SELECT p.n, p.household_id, h.station_id, p.given_name, p.family_name, p.patronymic, p.given_name_latin,
        p.family_name_latin, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.documents, p.phone_normalised,
        h.phone_normalised, h.arrival_date
      FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.n > ? AND p.n <= ? AND h.status = 'active'
      ORDER BY p.n`);
    const total = Math.max(1, last);
    for (let after = 0; after < last; after += step) {
      fill.run(after, after + step);
      yield { done: Math.min(last, after + step), total };
    }
  },
});

export const dupPersons = dupPersonsIn(STEP);
