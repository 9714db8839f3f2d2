import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { blockKey, blockNamesOf, filingOf } from '../../../electron/core/duplicates/blocks.js';
import { candidateIds } from '../../../electron/core/duplicates/candidates.js';
import type { DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import { runMigration } from '../../../electron/core/db/migrate.js';
import { dupNames } from '../../../electron/core/db/migrations/021-dup-names.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { fillLatinNames } from '../../../electron/core/households/index-person.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import { deleteHousehold } from '../../../electron/core/households/tally.js';
import { writeSnapshot } from '../../../electron/core/households/write.js';
import { cleanFile } from '../../../electron/core/protection/retention.js';
import { createStation } from '../../../electron/core/station.js';
import { cleanupTemp, familyOfFour, tempDir } from '../../helpers/core.js';
import { asMigration014Keys } from '../../helpers/dup-keys-014.js';

/**
 * Migration 021 files every person already in the file under their duplicate keys again (migration 014 filed them
 * under every neighbour block): the same rows the write path gives a person written after it, so a check finds the
 * same candidates on a migrated file as on a new one. Without an index by person, the write path deletes a person's
 * keys as worked out from the row it replaces: keys never outlive their person, or a name they no longer have.
 */

afterEach(cleanupTemp);

const NOW = '2026-11-20T09:00:00.000Z';
let serial = 0;
function write(db: DB, stationId: string, input: HouseholdInput, id = `h${++serial}`, version = 1): HouseholdSnapshot {
  const parsed = HouseholdSchema.parse(input);
  const s: HouseholdSnapshot = {
    id,
    registrationNumber: `N-${id}`,
    stationId,
    centreCode: 'GRS1',
    version,
    status: 'active',
    voidReason: '',
    registeredAt: NOW,
    updatedAt: NOW,
    household: { ...parsed, arrivedAt: NOW, members: parsed.members.map((m, i) => ({ ...fillLatinNames(m), id: `${id}-p${i}` })) },
  };
  writeSnapshot(db, s, { at: NOW, operator: 'test', action: version === 1 ? 'registered' : 'edited', reason: '' });
  return s;
}

const rows = (db: DB) => db.prepare('SELECT key, person, born FROM dup_keys ORDER BY 1, 2').raw().all();
const count = (db: DB) => db.prepare('SELECT count(*) FROM dup_keys').pluck().get();
const numberOf = (db: DB, id: string) => db.prepare('SELECT n FROM persons WHERE id = ?').pluck().get(id) as number;
const keysOfPerson = (db: DB, n: number) => db.prepare('SELECT key FROM dup_keys WHERE person = ? ORDER BY key').pluck().all(n);

/** Every key the persons held now would be filed under, worked out afresh: what the table must hold, no more. */
function expectedKeys(db: DB): number {
  const persons = db
    .prepare<[], { given_name: string; family_name: string; given_name_latin: string; family_name_latin: string; birth_date: string; birth_kind: string }>(
      'SELECT given_name, family_name, given_name_latin, family_name_latin, birth_date, birth_kind FROM persons',
    )
    .all();
  return persons.reduce((sum, p) => {
    const names = blockNamesOf({
      givenName: p.given_name,
      familyName: p.family_name,
      givenNameLatin: p.given_name_latin,
      familyNameLatin: p.family_name_latin,
    });
    return sum + filingOf(names, p.birth_kind === 'exact' ? p.birth_date : undefined).blocks.length;
  }, 0);
}

const cyrillic: DuplicateSubject = {
  givenName: 'Арам',
  familyName: 'Саркисян',
  patronymic: '',
  sex: 'M',
  birth: { kind: 'year', year: 1980 },
  recordedOn: '2026-11-20',
  documents: [],
  phones: [],
};
const ages: DuplicateSubject = { ...cyrillic, givenName: 'Мариам', sex: 'F', birth: { kind: 'age', years: 7 } };

function heldFile() {
  serial = 0;
  const file = join(tempDir('intake-m021-'), 'intake.sqlite');
  const db = openDatabase(file);
  const station = createStation(db, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, new Date(NOW));
  write(db, station.stationId, familyOfFour());
  const second = familyOfFour();
  write(db, station.stationId, { ...second, members: second.members.map((m) => ({ ...m, givenName: `${m.givenName}ա`, birth: { kind: 'age', years: 40 } })) });
  write(db, station.stationId, {
    ...second,
    members: [{ ...second.members[0]!, givenName: 'Aram', familyName: 'Sarkisian', birth: { kind: 'year', year: 1981 } }],
  });
  return { file, db, stationId: station.stationId };
}

it('files the persons already held as the write path does, and a check finds the same candidates', () => {
  const { file, db, stationId } = heldFile();
  const written = rows(db);
  const found = [...candidateIds(db, cyrillic)].sort();
  const foundByAge = [...candidateIds(db, ages)].sort();
  expect(found).toEqual(['h1-p0', 'h3-p0']);
  expect(foundByAge).toContain('h1-p3');
  expect(count(db)).toBe(expectedKeys(db));
  // The persons as migration 14 filed them, under every neighbour block. Migration 21 itself then files them again
  // (the file is otherwise at the latest schema).
  asMigration014Keys(db);
  expect(count(db)).toBeGreaterThan(expectedKeys(db) * 2);
  db.transaction(() => runMigration(db, dupNames))();
  closeDatabase(db);

  const migrated = openDatabase(file);
  try {
    expect(rows(migrated)).toEqual(written);
    const head = fillLatinNames(HouseholdSchema.parse(familyOfFour()).members[0]!);
    expect(keysOfPerson(migrated, numberOf(migrated, 'h1-p0'))).toEqual(
      filingOf(blockNamesOf(head), '1980-05-12')
        .blocks.map((block) => blockKey(block, 1980))
        .sort((a, b) => a - b),
    );
    expect([...candidateIds(migrated, cyrillic)].sort()).toEqual(found);
    expect([...candidateIds(migrated, ages)].sort()).toEqual(foundByAge);

    // Written again with another family name: the old keys go, the persons keep their numbers.
    const before = numberOf(migrated, 'h1-p0');
    write(migrated, stationId, { ...familyOfFour(), members: familyOfFour().members.map((m) => ({ ...m, familyName: 'Պետրոսյան' })) }, 'h1', 2);
    expect(numberOf(migrated, 'h1-p0')).toBe(before);
    expect([...candidateIds(migrated, cyrillic)]).toEqual(['h3-p0']);
    expect(count(migrated)).toBe(expectedKeys(migrated));
    deleteHousehold(migrated, 'h1');
    expect(keysOfPerson(migrated, before)).toEqual([]);
    expect(count(migrated)).toBe(expectedKeys(migrated));
  } finally {
    closeDatabase(migrated);
  }
});

it('deletes exactly the keys a person no longer has, through every kind of change the write path makes', () => {
  const { db, stationId } = heldFile();
  try {
    const family = familyOfFour();
    // A version that changes nothing a key is made from keeps the keys as they were.
    const unchanged = rows(db);
    write(db, stationId, { ...family, notes: 'Moved to the second hall' }, 'h1', 2);
    expect(rows(db)).toEqual(unchanged);
    // A birth made exact, a given name respelt, a member taken out, a member added.
    const members = family.members.map((m, i) =>
      i === 0 ? { ...m, givenName: 'Արամայիս' } : i === 1 ? { ...m, birth: { kind: 'exact' as const, date: '1985-03-04' } } : m,
    );
    write(db, stationId, { ...family, members: [...members.slice(0, 3), { ...members[1]!, givenName: 'Անի', relationship: 'child' as const }] }, 'h1', 3);
    expect(count(db)).toBe(expectedKeys(db));
    // Numbers are never shared: a new member takes one nobody in the file has.
    const numbers = db.prepare('SELECT n FROM persons').pluck().all();
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.every((n) => Number.isInteger(n))).toBe(true);
    deleteHousehold(db, 'h2');
    expect(count(db)).toBe(expectedKeys(db));
    // The newest household erased, the next person still takes a number above every number given before.
    const highest = db.prepare('SELECT max(n) FROM persons').pluck().get() as number;
    const newest = db.prepare('SELECT household_id FROM persons ORDER BY n DESC LIMIT 1').pluck().get() as string;
    deleteHousehold(db, newest);
    write(db, stationId, familyOfFour(), 'h9');
    expect(Math.min(...(db.prepare("SELECT n FROM persons WHERE household_id = 'h9'").pluck().all() as number[]))).toBeGreaterThan(highest);
    // Keys without a person (a change to how keys are made would leave them) are swept when the file is vacuumed.
    db.prepare('INSERT INTO dup_keys (key, person) VALUES (12345, 999999)').run();
    // And a name's neighbourhood nobody carries any more.
    db.prepare('INSERT INTO dup_names (near, block) VALUES (256, 512)').run();
    const names = db.prepare('SELECT count(*) FROM dup_names').pluck().get() as number;
    cleanFile(db);
    expect(count(db)).toBe(expectedKeys(db));
    expect(db.prepare('SELECT count(*) FROM dup_names WHERE block = 512').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM dup_names').pluck().get()).toBeLessThan(names);
  } finally {
    closeDatabase(db);
  }
});
