import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore, type Core } from '../../electron/core/index.js';

/** A station in a temporary folder with a fixed clock, for the printing tests. */
export interface TempStation {
  core: Core;
  dataDir: string;
  clock: { now: Date };
  register(input: HouseholdInput): { id: string; registrationNumber: string };
  dispose(): void;
}

export function tempStation(now = '2024-09-26T10:00:00.000Z', setup = { centreCode: 'GRS1', centreName: 'Goris reception centre', stationLabel: 'Desk 3' }): TempStation {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-print-'));
  const clock = { now: new Date(now) };
  const core = openCore({ dataDir, setup, now: () => clock.now });
  return {
    core,
    dataDir,
    clock,
    register: (input) => registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(input)),
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A family typed in Armenian, one in Cyrillic: what the slips must print correctly. */
export const ARMENIAN_FAMILY: HouseholdInput = {
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Ստեփանակերտ',
  destination: 'relatives',
  phone: '+374 77 123456',
  notes: 'SECRET-NOTE-Do-not-print',
  members: [
    { givenName: 'Անահիտ', familyName: 'Հովհաննիսյան', patronymic: 'Արմենի', sex: 'F', birth: { kind: 'exact', date: '1985-03-14' }, relationship: 'head', specificNeeds: ['WR-WR'], notes: 'MEMBER-NOTE-private' },
    { givenName: 'Գոռ', familyName: 'Հովհաննիսյան', sex: 'M', birth: { kind: 'exact', date: '2012-06-01' }, relationship: 'child', specificNeeds: ['SM-CI'], documents: [{ type: 'birth_certificate', number: 'BC-998877' }] },
    { givenName: 'Նարե', familyName: 'Հովհաննիսյան', sex: 'F', birth: { kind: 'age', years: 3 }, relationship: 'child' },
  ],
};

export const RUSSIAN_FAMILY: HouseholdInput = {
  arrivedAt: '2024-09-26T09:40:00.000Z',
  originSettlement: 'Степанакерт',
  destination: 'collective_centre',
  members: [
    { givenName: 'Сергей', familyName: 'Григорян', patronymic: 'Ашотович', sex: 'M', birth: { kind: 'exact', date: '1950-11-02' }, relationship: 'head', specificNeeds: ['ER-NF'] },
    { givenName: 'Людмила', familyName: 'Григорян', sex: 'F', birth: { kind: 'year', year: 1953 }, relationship: 'spouse' },
  ],
};
