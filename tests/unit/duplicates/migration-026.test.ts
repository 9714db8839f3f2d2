import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { migrateInSteps, type UpgradeProgress } from '../../../electron/core/db/migrate.js';
import { dupPersonsIn } from '../../../electron/core/db/migrations/024-dup-persons.js';
import { dupPersonsAlone } from '../../../electron/core/db/migrations/025-dup-persons-alone.js';
import { dupPersonsCompactIn } from '../../../electron/core/db/migrations/026-dup-persons-compact.js';
import { closeDatabase, openDatabase } from '../../../electron/core/db/open.js';
import { scoringRecordsByNumbers } from '../../../electron/core/duplicates/people.js';
import { registerHousehold, updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { openCore } from '../../../electron/core/index.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { databasePath } from '../../../electron/core/station.js';
import { cleanupTemp, familyOfFour, tempDir } from '../../helpers/core.js';
import { scorerRows, scorerRowsFromPersons } from '../../helpers/scorer-rows.js';

/**
 * Migrations 024 to 026 on a file with data: the duplicate scorer's copy of the active persons, filled in slices of
 * numbers with progress and held as numbers (026), is row for row what the write path keeps (a voided household's
 * persons left out, a correction's household phone carried to every member), and the scorer reads the batch's persons
 * by number.
 */

afterEach(cleanupTemp);

it('fills the copy in slices with progress, the same rows the write path keeps', async () => {
  const dataDir = join(tempDir('intake-m026-'), 'desk');
  const core = openCore({ dataDir, unencryptedForBenchmark: true, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, 30, 24);
  const family = familyOfFour({ arrivedAt: '2026-11-20T08:30:00.000Z' });
  family.members[0] = { ...family.members[0]!, documents: [{ type: 'passport', number: 'AM 1234567' }] };
  const kept = registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(family));
  updateHousehold(core.ctx, SYSTEM_ACTOR, { id: kept.id, expectedVersion: 1, household: HouseholdSchema.parse({ ...family, phone: '+374 77 555111' }) });
  const voided = registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(familyOfFour({ arrivedAt: '2026-11-21T08:30:00.000Z' })));
  voidHousehold(core.ctx, SYSTEM_ACTOR, { id: voided.id, expectedVersion: 1, reason: 'registered twice' });
  core.close();

  const db = openDatabase(databasePath(dataDir));
  try {
    const written = scorerRows(db);
    const persons = db.prepare("SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'").pluck().get() as number;
    expect(written).toHaveLength(persons);
    expect(written).toEqual(scorerRowsFromPersons(db));
    const ofHousehold = (id: string) => (written as { household_id: string; household_phone: string }[]).filter((r) => r.household_id === id);
    expect(ofHousehold(voided.id)).toEqual([]);
    expect(new Set(ofHousehold(kept.id).map((r) => r.household_phone))).toEqual(new Set(['+37477555111']));

    // Back to schema 23, then forward in slices smaller than the file.
    db.exec('DROP TABLE dup_persons');
    db.pragma('user_version = 23');
    const last = db.prepare('SELECT max(n) FROM persons').pluck().get() as number;
    const step = 25;
    const seen: UpgradeProgress[] = [];
    await migrateInSteps(db, [dupPersonsIn(1000), dupPersonsAlone, dupPersonsCompactIn(step)], (p) => seen.push(p));
    const steps = seen.filter((p) => p.migration === 3 && p.total === last);
    expect(steps.length).toBeGreaterThanOrEqual(Math.ceil(last / step));
    expect(steps.map((p) => p.done)).toEqual([...steps.map((p) => p.done)].sort((a, b) => a - b));
    expect(steps.at(-1)).toEqual({ migration: 3, migrations: 3, done: last, total: last });
    expect(scorerRows(db)).toEqual(written);

    // The scorer reads persons by number from it, in one statement, whatever order they are asked in.
    const numbers = db.prepare('SELECT n FROM persons WHERE household_id = ? ORDER BY n DESC').pluck().all(kept.id) as number[];
    const records = scoringRecordsByNumbers(db, numbers);
    expect(records.map((r) => r.n)).toEqual([...numbers].reverse());
    expect(records[0]).toMatchObject({ household_id: kept.id, household_phone_normalised: '+37477555111', documents: expect.stringMatching(/AM 1234567/) });
    expect(scoringRecordsByNumbers(db, db.prepare('SELECT n FROM persons WHERE household_id = ?').pluck().all(voided.id) as number[])).toEqual([]);
  } finally {
    closeDatabase(db);
  }
});
