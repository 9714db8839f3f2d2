import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { birthDate, localDate } from '../../../electron/rules/age.js';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { fillLatinNames, searchKeysOf } from '../../../electron/core/households/index-person.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { randomSource, syntheticHousehold } from '../../../electron/core/seed/seed.js';
import { createStation } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { expectKeysSought } from '../../helpers/query-plans.js';

/**
 * Migration 012 on a file with data written at the schema before it (search keys with a `kind` column and two
 * indexes, the vocabulary kept by triggers): the same keys of the same persons after it, so the same searches find
 * the same persons, the vocabulary is unchanged, and every read of that schema still seeks into the keys. (The search
 * code now reads the keys as migration 022 stores them, by person number: it runs on the file carried on to the latest
 * schema, and migration-022.test.ts compares its results before and after 022.)
 */

afterEach(cleanupTemp);

const NOW = '2026-11-20T09:00:00.000Z';
const QUERIES = ['Aram', 'Սարգսյան', 'Саркисян', 'ani pet', 'Hov', 'Gor Sarg', 'mari', '0911', 'Karapetyan Anna', 'Ованнес'];

function seedOld(db: DB): void {
  const station = createStation(db, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, new Date(NOW));
  const rand = randomSource(12);
  const household = db.prepare(`INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at,
    updated_at, mode, phone, size, head_name, version) VALUES (?, ?, ?, 'GRS1', ?, ?, ?, ?, 'full', ?, ?, ?, 1)`);
  const person = db.prepare(`INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, patronymic, given_name_latin,
    family_name_latin, sex, birth_kind, birth_value, birth_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const key = db.prepare('INSERT INTO search_keys (key, person_id, kind) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 600; i++) {
      const at = new Date(Date.UTC(2026, 9, 1 + (i % 40), 9)).toISOString();
      const h = HouseholdSchema.parse(syntheticHousehold(rand, at));
      const id = `h${i}`;
      const number = `KQ7M-${String(i + 1).padStart(5, '0')}-X`;
      household.run(id, number, station.stationId, at, localDate(at), at, at, h.phone, h.members.length, h.members[0]!.givenName);
      h.members.forEach((raw, position) => {
        const m = { ...fillLatinNames(raw), id: `${id}-p${position}` };
        const dob = birthDate(m.birth, localDate(at));
        person.run(
          m.id,
          id,
          position,
          m.relationship,
          m.givenName,
          m.familyName,
          m.patronymic,
          m.givenNameLatin,
          m.familyNameLatin,
          m.sex,
          m.birth.kind,
          dob,
          dob,
        );
        for (const [k, kind] of searchKeysOf(m, number, h.phone)) key.run(k, m.id, kind);
      });
    }
  })();
}

const searches = (db: DB) => QUERIES.map((q) => searchPersons(db, q, 20, '2026-11-20'));

const keyRows = (db: DB) => db.prepare('SELECT key, person_id FROM search_keys ORDER BY key, person_id').raw().all();

it('keeps the same keys and vocabulary, and index seeks', () => {
  const file = join(tempDir('intake-m012-'), 'intake.sqlite');
  const ten = openDatabase(file, { targetVersion: 10 });
  seedOld(ten);
  closeDatabase(ten);
  // 12 is the migration under test. (Duplicate candidates are read from the keys migration 14 files: this code
  // reads none at schema 12; migration-014.test.ts compares them with the write path's.)
  const old = openDatabase(file, { targetVersion: 11 });
  const before = {
    keys: keyRows(old),
    vocab: old.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all(),
  };
  expect(before.keys.length).toBeGreaterThan(2000);
  closeDatabase(old);

  const db = openDatabase(file, { targetVersion: 12 });
  try {
    expect(keyRows(db)).toEqual(before.keys);
    expect(db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all()).toEqual(before.vocab);
    // Every read of the keys is a seek (SEARCH), never a walk of the table (SCAN).
    expectKeysSought(
      db,
      [
        'SELECT person_id FROM search_keys WHERE key = ? LIMIT 10',
        'SELECT key, person_id FROM search_keys WHERE key >= ? AND key < ? LIMIT 10',
        `SELECT DISTINCT a.person_id FROM search_keys a CROSS JOIN search_keys c CROSS JOIN persons p
        WHERE a.key = ? AND c.person_id = a.person_id AND c.key >= ? AND c.key < ? AND c.key <> a.key AND p.id = a.person_id AND p.birth_date BETWEEN ? AND ? LIMIT 10`,
        'SELECT a.person_id FROM search_keys a JOIN search_keys b ON b.person_id = a.person_id AND b.key = ? WHERE a.key = ? LIMIT 10',
        "SELECT k.key FROM persons p JOIN search_keys k ON k.person_id = p.id WHERE p.household_id = ? AND k.key >= 'n:' AND k.key < 'n;'",
      ],
      'abck',
    );
  } finally {
    closeDatabase(db);
  }
  // Carried on to the latest schema, the searches find the persons filed.
  const latest = openDatabase(file);
  try {
    expect(searches(latest).flat().length).toBeGreaterThan(50);
  } finally {
    closeDatabase(latest);
  }
});
