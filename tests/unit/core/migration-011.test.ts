import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { blockNamesOf, storedBlocks } from '../../../electron/core/duplicates/blocks.js';
import { candidateIds } from '../../../electron/core/duplicates/candidates.js';
import type { DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import { runMigration } from '../../../electron/core/db/migrate.js';
import { dupBlocks } from '../../../electron/core/db/migrations/011-dup-blocks.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { fillLatinNames } from '../../../electron/core/households/index-person.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import { writeSnapshot } from '../../../electron/core/households/write.js';
import { createStation } from '../../../electron/core/station.js';
import { cleanupTemp, familyOfFour, tempDir } from '../../helpers/core.js';

/**
 * Migration 011 files every person already in the file under their duplicate blocks: the same rows the write path
 * gives a person written after it, so a check finds the same candidates on a migrated file as on a new one; the rows
 * go with their person when a household is written again.
 */

afterEach(cleanupTemp);

const NOW = '2026-11-20T09:00:00.000Z';
let n = 0;
function write(db: DB, stationId: string, input: HouseholdInput, id = `h${++n}`, version = 1): HouseholdSnapshot {
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

const rows = (db: DB) => db.prepare('SELECT block, birth_year, person_id, exact_date, other FROM dup_blocks ORDER BY 1, 2, 3').raw().all();
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

it('files the persons already held as the write path does, and a check finds the same candidates', () => {
  const file = join(tempDir('intake-m011-'), 'intake.sqlite');
  const db = openDatabase(file);
  const station = createStation(db, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, new Date(NOW));
  write(db, station.stationId, familyOfFour());
  const second = familyOfFour();
  write(db, station.stationId, { ...second, members: second.members.map((m) => ({ ...m, givenName: `${m.givenName}ա`, birth: { kind: 'age', years: 40 } })) });
  write(db, station.stationId, {
    ...second,
    members: [{ ...second.members[0]!, givenName: 'Aram', familyName: 'Sarkisian', birth: { kind: 'year', year: 1981 } }],
  });
  const written = rows(db);
  const found = [...candidateIds(db, cyrillic)].sort();
  const foundByAge = [...candidateIds(db, ages)].sort();
  expect(found).toEqual(['h1-p0', 'h3-p0']);
  expect(foundByAge).toContain('h1-p3');
  // The persons as a file of schema 10 held them: no blocks. Migration 11 itself then files them (later migrations
  // change other tables, so the file is kept at the latest schema and the migration run by itself).
  db.exec('DROP TABLE dup_blocks');
  db.transaction(() => runMigration(db, dupBlocks))();
  closeDatabase(db);

  const migrated = openDatabase(file);
  try {
    expect(rows(migrated)).toEqual(written);
    expect(
      rows(migrated)
        .filter((r) => (r as string[])[2] === 'h1-p0')
        .map((r) => (r as string[])[0])
        .sort(),
    ).toEqual(
      storedBlocks(blockNamesOf(fillLatinNames(HouseholdSchema.parse(familyOfFour()).members[0]!)), '1980-05-12')
        .map(([block]) => block)
        .sort(),
    );
    expect([...candidateIds(migrated, cyrillic)].sort()).toEqual(found);
    expect([...candidateIds(migrated, ages)].sort()).toEqual(foundByAge);

    // Written again with another family name: the old blocks go with the old rows.
    write(migrated, station.stationId, { ...familyOfFour(), members: familyOfFour().members.map((m) => ({ ...m, familyName: 'Պետրոսյան' })) }, 'h1', 2);
    expect([...candidateIds(migrated, cyrillic)]).toEqual(['h3-p0']);
    expect(migrated.prepare("SELECT count(*) FROM dup_blocks WHERE person_id LIKE 'h1-%' AND block LIKE 'sarksian%'").pluck().get()).toBe(0);
    migrated.prepare("DELETE FROM households WHERE id = 'h1'").run();
    expect(migrated.prepare("SELECT count(*) FROM dup_blocks WHERE person_id LIKE 'h1-%'").pluck().get()).toBe(0);
  } finally {
    closeDatabase(migrated);
  }
});
