import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGE_BANDS, type AgeBand } from '../../../electron/rules/age.js';
import { HouseholdSchema, type HouseholdInput, type PersonInput } from '../../../electron/api/schemas/household.js';
import { NEED_CATEGORIES } from '../../../electron/api/schemas/needs.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { getHousehold } from '../../../electron/core/households/read.js';
import { updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { cleanupTemp, makeTempCore, type TempCore } from '../../helpers/core.js';

/**
 * The situation-report figures on a real file. Each member below carries the age band it must be counted in,
 * worked out by hand from its birth and the family's arrival day (not today), right on each band's boundary.
 */

afterEach(cleanupTemp);

const TODAY = '2026-11-20';

interface Member {
  person: PersonInput;
  band: AgeBand;
}

const m = (
  sex: 'F' | 'M',
  birth: PersonInput['birth'],
  relationship: PersonInput['relationship'],
  band: AgeBand,
  specificNeeds: PersonInput['specificNeeds'] = [],
): Member => ({
  person: { givenName: sex === 'F' ? 'Անի' : 'Արամ', familyName: 'Սարգսյան', sex, birth, relationship, specificNeeds },
  band,
});
const born = (date: string) => ({ kind: 'exact' as const, date });

interface Family {
  arrivedAt: string;
  members: Member[];
  voided?: boolean;
}

const FAMILIES: Family[] = [
  {
    // Arrived today (2026-11-20): birthdays on the 20th have been reached, those on the 21st not yet.
    arrivedAt: '2026-11-20T08:00:00.000Z',
    members: [
      m('M', born('1966-11-20'), 'head', '60+', ['ER-NF', 'DS-PM']),
      m('F', born('1966-11-21'), 'spouse', '18-59', ['PG-PW']),
      m('F', born('2008-11-20'), 'child', '18-59'),
      m('M', born('2008-11-21'), 'child', '12-17'),
      m('F', born('2014-11-20'), 'child', '12-17'),
      m('M', born('2014-11-21'), 'child', '5-11'),
      m('F', born('2021-11-20'), 'child', '5-11'),
      // Two needs of one category count the person once in it.
      m('M', born('2021-11-21'), 'child', '0-4', ['DS-PM', 'DS-BD']),
    ],
  },
  {
    // Arrived ten days ago: ages are those on 2026-11-10, so the birthdays of 11-15 are not reached yet.
    arrivedAt: '2026-11-10T12:00:00.000Z',
    members: [
      m('F', born('1990-01-01'), 'head', '18-59'),
      m('M', born('2021-11-15'), 'child', '0-4', ['SM-CI']),
      m('M', born('1966-11-15'), 'parent', '18-59'),
      // An estimated age is the age on arrival; a bare year is placed on 1 July.
      m('F', { kind: 'age', years: 12 }, 'child', '12-17'),
      m('F', { kind: 'year', year: 2021 }, 'grandchild', '5-11'),
    ],
  },
  {
    arrivedAt: '2026-11-10T15:30:00.000Z',
    members: [m('M', born('1985-05-05'), 'head', '18-59')],
  },
  {
    // Voided: counted nowhere, not even its day.
    arrivedAt: '2026-11-15T10:00:00.000Z',
    voided: true,
    members: [m('F', born('1950-01-01'), 'head', '60+', ['ER-NF', 'SM-MI']), m('M', born('2020-02-02'), 'grandchild', '5-11', ['SC-UC'])],
  },
];

function expected(families: Family[]) {
  const counted = families.filter((f) => !f.voided);
  const members = counted.flatMap((f) => f.members);
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, { F: 0, M: 0 }])) as Record<AgeBand, { F: number; M: number }>;
  for (const x of members) byAgeBand[x.band][x.person.sex]++;
  const bySpecificNeed = Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0])) as Record<string, number>;
  for (const x of members) {
    for (const category of new Set((x.person.specificNeeds ?? []).map((code) => code.slice(0, 2)))) {
      bySpecificNeed[category] = (bySpecificNeed[category] ?? 0) + 1;
    }
  }
  const days = new Map<string, { households: number; persons: number }>();
  for (const f of counted) {
    const day = f.arrivedAt.slice(0, 10);
    const d = days.get(day) ?? { households: 0, persons: 0 };
    d.households++;
    d.persons += f.members.length;
    days.set(day, d);
  }
  return {
    households: counted.length,
    persons: members.length,
    bySex: { F: members.filter((x) => x.person.sex === 'F').length, M: members.filter((x) => x.person.sex === 'M').length },
    byAgeBand,
    bySpecificNeed,
    byDay: [...days.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, d]) => ({ date, ...d })),
  };
}

let t: TempCore;

beforeEach(() => {
  t = makeTempCore();
  FAMILIES.forEach((family, i) => {
    const input: HouseholdInput = { arrivedAt: family.arrivedAt, phone: `+374 91 00000${i}`, members: family.members.map((x) => x.person) };
    const saved = t.register(input);
    if (family.voided) voidHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, reason: 'Registered twice' });
  });
});

describe('computeStats', () => {
  it('counts households, persons, sex, age bands on arrival day, specific-need categories and days, without voided households', () => {
    const stats = computeStats(t.db);
    const want = expected(FAMILIES);
    // The hand-worked figures, spelled out once so a change in the fixture shows here too.
    expect(want.households).toBe(3);
    expect(want.persons).toBe(14);
    expect(want.byAgeBand).toEqual({
      '0-4': { F: 0, M: 2 },
      '5-11': { F: 2, M: 1 },
      '12-17': { F: 2, M: 1 },
      '18-59': { F: 3, M: 2 },
      '60+': { F: 0, M: 1 },
    });
    expect(stats).toEqual(want);
  });

  it('reports every specific-need category, with zero where nobody has it', () => {
    const stats = computeStats(t.db);
    expect(Object.keys(stats.bySpecificNeed).sort()).toEqual([...NEED_CATEGORIES].sort());
    expect(stats.bySpecificNeed).toMatchObject({ DS: 2, ER: 1, PG: 1, SM: 1, SC: 0, WR: 0 });
  });

  it('filters by arrival day', () => {
    const day = FAMILIES.filter((f) => f.arrivedAt.startsWith('2026-11-10'));
    expect(computeStats(t.db, { date: '2026-11-10' })).toEqual(expected(day));
    expect(computeStats(t.db, { date: '2026-11-15' })).toMatchObject({ households: 0, persons: 0, byDay: [] });
  });

  it('filters by centre', () => {
    expect(computeStats(t.db, { centreCode: 'GRS1' })).toEqual(expected(FAMILIES));
    expect(computeStats(t.db, { centreCode: 'OTHER' })).toMatchObject({ households: 0, persons: 0, bySex: { F: 0, M: 0 } });
  });

  it('follows edits: a member removed in version 2 is no longer counted', () => {
    const before = computeStats(t.db);
    const first = t.db.prepare("SELECT id FROM households WHERE status = 'active' ORDER BY registered_at, id LIMIT 1").pluck().get() as string;
    const detail = getHousehold(t.db, first, TODAY);
    // The last member: the boy of 4 with two DS needs.
    const members = detail.members.slice(0, -1).map(({ age: _age, dateOfBirth: _dob, ...rest }) => rest);
    updateHousehold(t.ctx, SYSTEM_ACTOR, { id: first, expectedVersion: 1, household: HouseholdSchema.parse({ ...detail.household, members }) });
    const after = computeStats(t.db);
    expect(after.persons).toBe(before.persons - 1);
    expect(after.byAgeBand['0-4'].M).toBe(before.byAgeBand['0-4'].M - 1);
    expect(after.bySpecificNeed['DS']).toBe((before.bySpecificNeed['DS'] ?? 0) - 1);
    expect(after.byDay.find((d) => d.date === TODAY)?.persons).toBe(7);
  });

  it('is all zeros on an empty file', () => {
    const empty = makeTempCore();
    expect(computeStats(empty.db)).toEqual(expected([]));
  });
});
