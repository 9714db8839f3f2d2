import { afterEach, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { registerHousehold } from '../../../electron/core/households/write.js';
import { migrateInSteps, type UpgradeProgress } from '../../../electron/core/db/migrate.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { searchKeysByNumberIn } from '../../../electron/core/db/migrations/022-search-keys-by-number.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { candidateIds } from '../../../electron/core/duplicates/candidates.js';
import type { DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import { openCore } from '../../../electron/core/index.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { databasePath } from '../../../electron/core/station.js';
import { cleanupTemp, familyOfFour, tempDir } from '../../helpers/core.js';
import { asSchema21SearchKeys } from '../../helpers/schema-21.js';
import { join } from 'node:path';
import { expectKeysSought } from '../../helpers/query-plans.js';

/**
 * Migration 022 on a file with data: the search keys held by person id (schema 21) become the same keys held by person
 * number, with the index by person on the number. The same (key, person) rows, the same vocabulary, the same search
 * results and duplicate candidates, every read of the keys still a seek, and a person's keys still go with them.
 */

afterEach(cleanupTemp);

/** A desk's file written by the write path (the keys by number), then taken back to schema 21's keys by id. */
function schema21File(households: number): { file: string; db: DB } {
  const dataDir = join(tempDir('intake-m022-'), 'desk');
  const core = openCore({ dataDir, unencryptedForBenchmark: true, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, households, 22);
  // The synthetic families carry no documents: two families whose heads show the same passport.
  for (const arrivedAt of ['2026-11-20T08:30:00.000Z', '2026-11-21T08:30:00.000Z']) {
    const family = familyOfFour({ arrivedAt });
    family.members[0] = { ...family.members[0]!, documents: [{ type: 'passport', number: 'AM 1234567' }] };
    registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(family));
  }
  core.close();
  const file = databasePath(dataDir);
  const db = openDatabase(file);
  return { file, db };
}

/** The keys as (key, person id), whichever way the file holds the person. */
const keysById = (db: DB): unknown[] => {
  const byId = db.prepare("SELECT count(*) FROM pragma_table_info('search_keys') WHERE name = 'person_id'").pluck().get() === 1;
  return db
    .prepare(
      byId
        ? 'SELECT key, person_id FROM search_keys ORDER BY key, person_id'
        : 'SELECT k.key, p.id FROM search_keys k JOIN persons p ON p.n = k.person ORDER BY k.key, p.id',
    )
    .raw()
    .all();
};
const vocab = (db: DB) => db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').raw().all();

/** Queries of every kind, made from the persons held: names whole and partly typed, in both scripts, numbers, phones, documents. */
function queriesOf(db: DB): string[] {
  const persons = db
    .prepare('SELECT given_name, family_name, given_name_latin, family_name_latin, patronymic FROM persons ORDER BY n LIMIT 12')
    .raw()
    .all() as string[][];
  const queries = persons.flatMap(([given, family, givenLatin, familyLatin, patronymic]) => [
    `${given} ${family}`,
    `${familyLatin} ${givenLatin}`,
    given!.slice(0, 3),
    `${givenLatin!.slice(0, 2)} ${familyLatin!.slice(0, 4)}`,
    `${given} ${patronymic} ${family}`,
  ]);
  const numbers = db.prepare('SELECT registration_number FROM households ORDER BY registered_at LIMIT 4').pluck().all() as string[];
  const phones = db.prepare("SELECT phone FROM households WHERE phone <> '' LIMIT 4").pluck().all() as string[];
  const documents = db.prepare("SELECT json_extract(documents, '$[0].number') FROM persons WHERE documents <> '[]' LIMIT 4").pluck().all() as string[];
  return [...queries, ...numbers, ...numbers.map((n) => n.slice(0, 7)), ...phones, ...phones.map((p) => p.slice(-6)), ...documents];
}

const searches = (db: DB, queries: readonly string[]) => queries.map((q) => searchPersons(db, q, 20, '2026-12-03'));

/** Subjects of duplicate checks that read the search keys: names with no birth yet, and a document or phone shared. */
function subjectsOf(db: DB): DuplicateSubject[] {
  const rows = db
    .prepare(
      `SELECT p.given_name, p.family_name, p.patronymic, p.given_name_latin, p.family_name_latin, p.documents, p.phone_normalised, h.phone_normalised
      FROM persons p JOIN households h ON h.id = p.household_id WHERE p.n IN (
        SELECT n FROM (SELECT n FROM persons ORDER BY n LIMIT 4)
        UNION SELECT n FROM (SELECT n FROM persons WHERE documents <> '[]' ORDER BY n LIMIT 3)
        UNION SELECT n FROM (SELECT n FROM persons WHERE phone_normalised <> '' ORDER BY n LIMIT 3))
      ORDER BY p.n`,
    )
    .raw()
    .all() as string[][];
  return rows.map(([given, family, patronymic, givenLatin, familyLatin, documents, phone, householdPhone]) => ({
    givenName: given!,
    familyName: family!,
    patronymic: patronymic!,
    givenNameLatin: givenLatin!,
    familyNameLatin: familyLatin!,
    recordedOn: '2026-12-03',
    documents: (JSON.parse(documents!) as { number: string }[]).map((d) => d.number.replace(/[^0-9A-Z]/gi, '').toUpperCase()),
    phones: [phone, householdPhone].filter((p): p is string => Boolean(p)),
  }));
}

const candidates = (db: DB, subjects: readonly DuplicateSubject[]) => subjects.map((s) => [...candidateIds(db, s)].sort());

it('keeps the same keys, vocabulary, search results and duplicate candidates, with index seeks', () => {
  const { file, db: latest } = schema21File(300);
  const queries = queriesOf(latest);
  const subjects = subjectsOf(latest);
  const before = { keys: keysById(latest), vocab: vocab(latest), hits: searches(latest, queries), candidates: candidates(latest, subjects) };
  expect(before.keys.length).toBeGreaterThan(2500);
  expect(before.hits.filter((h) => h.length > 0).length).toBeGreaterThan(queries.length * 0.9);
  expect(subjects.filter((s) => s.documents.length > 0).length).toBeGreaterThan(0);
  expect(subjects.filter((s) => s.phones.length > 0).length).toBeGreaterThan(0);
  expect(before.candidates.flat().length).toBeGreaterThan(subjects.length);
  asSchema21SearchKeys(latest);
  latest.pragma('user_version = 21');
  expect(keysById(latest)).toEqual(before.keys);
  closeDatabase(latest);

  const db = openDatabase(file);
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(keysById(db)).toEqual(before.keys);
    expect(db.prepare('SELECT count(*) FROM search_keys').pluck().get()).toBe(before.keys.length);
    expect(vocab(db)).toEqual(before.vocab);
    expect(searches(db, queries)).toEqual(before.hits);
    expect(candidates(db, subjects)).toEqual(before.candidates);
    // Every read of the keys is a seek (SEARCH), never a walk of the table (SCAN).
    expectKeysSought(
      db,
      [
        'SELECT person FROM search_keys WHERE key = ? LIMIT 10',
        'SELECT key, person FROM search_keys WHERE key >= ? AND key < ? LIMIT 10',
        'SELECT a.person, b0.key FROM search_keys a JOIN search_keys b0 ON b0.person = a.person AND b0.key >= ? AND b0.key < ? WHERE a.key = ? LIMIT 10',
        'SELECT a.person FROM search_keys a JOIN search_keys b ON b.person = a.person AND b.key = ? WHERE a.key = ? LIMIT 10',
        "SELECT k.key FROM persons p JOIN search_keys k ON k.person = p.n WHERE p.household_id = ? AND k.key >= 'n:' AND k.key < 'n;'",
      ],
      'abk',
    );
    // A person's keys go with them, through their number.
    const household = db.prepare('SELECT household_id FROM persons ORDER BY n LIMIT 1').pluck().get() as string;
    const numbers = db.prepare('SELECT n FROM persons WHERE household_id = ?').pluck().all(household) as number[];
    const held = db.prepare('SELECT count(*) FROM search_keys WHERE person IN (SELECT value FROM json_each(?))').pluck();
    expect(held.get(JSON.stringify(numbers))).toBeGreaterThan(0);
    db.prepare('DELETE FROM households WHERE id = ?').run(household);
    expect(held.get(JSON.stringify(numbers))).toBe(0);
  } finally {
    closeDatabase(db);
  }
});

it('copies the keys in slices of keys, reporting how far it is, a key never split across slices', async () => {
  const { db } = schema21File(40);
  const keys = keysById(db);
  const common = db.prepare('SELECT key, count(*) AS n FROM search_keys GROUP BY key ORDER BY n DESC LIMIT 1').get() as { key: string; n: number };
  asSchema21SearchKeys(db);
  db.pragma('user_version = 21');
  // Slices smaller than the commonest key: it is a slice of its own.
  const step = Math.max(2, common.n - 1);
  const seen: UpgradeProgress[] = [];
  await migrateInSteps(db, [searchKeysByNumberIn(step)], (p) => seen.push(p));
  const total = keys.length * 2;
  const steps = seen.filter((p) => p.total === total);
  expect(steps.length).toBeGreaterThan(keys.length / step);
  expect(steps.map((p) => p.done)).toEqual([...steps.map((p) => p.done)].sort((a, b) => a - b));
  expect(steps).toContainEqual({ migration: 1, migrations: 1, done: keys.length, total });
  expect(steps.at(-1)).toEqual({ migration: 1, migrations: 1, done: total, total });
  expect(keysById(db)).toEqual(keys);
  closeDatabase(db);
});

it('leaves out a key whose person is gone, and counts the vocabulary again from the keys held', () => {
  const { file, db } = schema21File(10);
  asSchema21SearchKeys(db);
  db.pragma('foreign_keys = OFF');
  db.prepare("INSERT INTO search_keys (key, person_id) VALUES ('n:zzorphan', 'gone')").run();
  db.prepare("INSERT INTO search_vocab (key, persons) VALUES ('n:zzorphan', 1)").run();
  db.pragma('user_version = 21');
  closeDatabase(db);

  const migrated = openDatabase(file);
  try {
    expect(migrated.prepare("SELECT count(*) FROM search_keys WHERE key = 'n:zzorphan'").pluck().get()).toBe(0);
    expect(vocab(migrated)).toEqual(
      migrated.prepare("SELECT key, count(*) FROM search_keys WHERE key >= 'n:' AND key < 'n;' GROUP BY key ORDER BY key").raw().all(),
    );
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
  } finally {
    closeDatabase(migrated);
  }
});
