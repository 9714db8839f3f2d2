import { afterEach, describe, expect, it } from 'vitest';
import type { FieldIssue } from '../../../electron/api/result.js';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { CoreError } from '../../../electron/core/errors.js';
import { getHousehold, householdHistory, recentHouseholds } from '../../../electron/core/households/read.js';
import { updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { decodeSnapshot } from '../../../electron/core/households/stored-snapshot.js';
import { sequentialIds } from '../../../electron/core/ids.js';
import { isValidRegistrationNumber } from '../../../electron/core/intake/registration-number.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { cleanupTemp, familyOfFour, ID_PREFIX, makeTempCore, person, rowCounts, type TempCore } from '../../helpers/core.js';

/** The one write path on a real file: registration, rules, versions, void, and that each write is all or nothing. */

afterEach(cleanupTemp);

const TODAY = '2026-11-20';

interface HouseholdRow {
  id: string;
  registration_number: string;
  station_id: string;
  centre_code: string;
  arrival_date: string;
  size: number;
  head_name: string;
  head_name_latin: string;
  status: string;
  void_reason: string;
  version: number;
  phone_normalised: string;
}
interface PersonRow {
  id: string;
  position: number;
  relationship: string;
  given_name: string;
  family_name: string;
  patronymic: string;
  given_name_latin: string;
  family_name_latin: string;
  patronymic_latin: string;
  birth_date: string;
  documents: string;
}

const householdRow = (t: TempCore, id: string) => t.db.prepare('SELECT * FROM households WHERE id = ?').get(id) as HouseholdRow | undefined;
const personRows = (t: TempCore, id: string) => t.db.prepare('SELECT * FROM persons WHERE household_id = ? ORDER BY position').all(id) as PersonRow[];
const nextNumber = (t: TempCore) => t.db.prepare('SELECT next_number FROM station').pluck().get() as number;

/** Everything one registration could leave behind, including the station's counter. */
const footprint = (t: TempCore) => ({
  ...rowCounts(t.db, ['households', 'persons', 'search_keys', 'household_versions', 'audit_events', 'audit_head', 'change_log']),
  nextNumber: nextNumber(t),
});

function caught(run: () => unknown): CoreError {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError, nothing was thrown');
}

// An 8-character station code is printed in two groups of four.
const numberPattern = (stationCode: string, sequence: number) =>
  new RegExp(`^${stationCode.replace(/^(.{4})(.{4})$/, '$1-$2')}-${String(sequence).padStart(5, '0')}-[0-9A-Z]$`);

describe('registering a family', () => {
  it('writes the household, its four members with Latin spellings, one version, one audit event and one change', () => {
    const t = makeTempCore();
    const input = familyOfFour();
    const saved = t.register(input);

    expect(saved.version).toBe(1);
    expect(saved.id.startsWith(ID_PREFIX)).toBe(true);
    expect(isValidRegistrationNumber(saved.registrationNumber)).toBe(true);
    expect(saved.registrationNumber).toMatch(numberPattern(t.ctx.station.stationCode, 1));

    const household = householdRow(t, saved.id);
    expect(household).toMatchObject({
      registration_number: saved.registrationNumber,
      station_id: t.ctx.station.stationId,
      centre_code: 'GRS1',
      arrival_date: TODAY,
      size: 4,
      head_name: 'Արամ Սարգսյան',
      status: 'active',
      version: 1,
      phone_normalised: '+37491123456',
    });
    expect(household?.head_name_latin).toMatch(/^Aram Sargs/);

    const persons = personRows(t, saved.id);
    expect(persons.map((p) => p.given_name)).toEqual(input.members.map((m) => m.givenName));
    expect(persons.map((p) => p.relationship)).toEqual(['head', 'spouse', 'child', 'child']);
    expect(persons.filter((p) => p.relationship === 'head')).toHaveLength(1);
    expect(new Set(persons.map((p) => p.id)).size).toBe(4);
    for (const p of persons) {
      expect(p.id.startsWith(ID_PREFIX)).toBe(true);
      expect(p.family_name).toBe('Սարգսյան');
      expect(p.family_name_latin).toMatch(/^Sargs/);
      expect(p.given_name_latin).toMatch(/^[A-Za-z]+$/);
    }
    expect(persons[0]?.patronymic_latin).toMatch(/^Gev/);
    // An estimated age is placed on the arrival day: 6 years before it.
    expect(persons[3]?.birth_date).toBe('2020-11-20');
    expect(JSON.parse(persons[0]?.documents ?? '[]')).toEqual([{ type: 'passport', number: 'AM 1234567' }]);

    const versions = t.db.prepare('SELECT version, action, operator, snapshot FROM household_versions WHERE household_id = ?').all(saved.id) as {
      version: number;
      action: string;
      operator: string;
      snapshot: Buffer;
    }[];
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, action: 'registered', operator: SYSTEM_ACTOR.name });
    const snapshot = decodeSnapshot(versions[0]!.snapshot);
    expect(snapshot.registrationNumber).toBe(saved.registrationNumber);
    expect(snapshot.household.members.map((m) => m.id)).toEqual(persons.map((p) => p.id));

    const events = t.db.prepare('SELECT action, entity, entity_id, detail FROM audit_events').all() as {
      action: string;
      entity: string;
      entity_id: string;
      detail: string;
    }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'household.registered', entity: 'household', entity_id: saved.id });
    expect(JSON.parse(events[0]?.detail ?? '{}')).toMatchObject({ version: 1, registrationNumber: saved.registrationNumber });

    expect(t.db.prepare('SELECT entity, entity_id, version, op FROM change_log').all()).toEqual([
      { entity: 'household', entity_id: saved.id, version: 1, op: 'registered' },
    ]);
  });

  it('gives the next family the next number, both with a valid check character', () => {
    const t = makeTempCore();
    const first = t.register();
    const second = t.register(familyOfFour({ phone: '+374 93 000111' }));
    expect(first.registrationNumber).toMatch(numberPattern(t.ctx.station.stationCode, 1));
    expect(second.registrationNumber).toMatch(numberPattern(t.ctx.station.stationCode, 2));
    expect(isValidRegistrationNumber(second.registrationNumber)).toBe(true);
    expect(second.id).not.toBe(first.id);
    expect(nextNumber(t)).toBe(3);
  });

  it('tells listeners that households changed, after the commit', () => {
    const t = makeTempCore();
    const seen: { kinds: string[]; households: number }[] = [];
    t.core.onChange((kinds) => seen.push({ kinds, households: rowCounts(t.db, ['households'])['households'] ?? -1 }));
    t.register();
    expect(seen).toEqual([{ kinds: ['households'], households: 1 }]);
  });
});

describe('one transaction', () => {
  it.each([
    ['the change log', 'change_log'],
    ['the audit trail (the last write)', 'audit_events'],
    ['the version history', 'household_versions'],
  ])('a failure writing %s leaves nothing of the household behind', (_label, table) => {
    const t = makeTempCore();
    const before = footprint(t);
    t.db.exec(`CREATE TRIGGER fail BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk'); END`);
    const seen: unknown[] = [];
    t.core.onChange((kinds) => seen.push(kinds));

    expect(() => t.register()).toThrow(/disk/);
    expect(footprint(t)).toEqual(before);
    expect(seen).toEqual([]);

    // The registration number was not used up either: the next family gets number 1.
    t.db.exec('DROP TRIGGER fail');
    expect(t.register().registrationNumber).toMatch(numberPattern(t.ctx.station.stationCode, 1));
  });

  it('a member id collision rolls back the household, its other members and its history', () => {
    const ids = sequentialIds(ID_PREFIX);
    let calls = 0;
    // The household takes the first id; the third member gets the second member's id again.
    const t = makeTempCore({ newId: () => (++calls === 4 ? `${ID_PREFIX}000000000002` : ids()) });
    const before = footprint(t);
    expect(() => t.register()).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(footprint(t)).toEqual(before);
  });
});

describe('the registration rules', () => {
  const adult = (relationship: 'head' | 'spouse' | 'child' = 'head') => person('Արամ', 'Սարգսյան', 'M', '1980-05-12', relationship);
  const cases: [string, HouseholdInput, Pick<FieldIssue, 'path' | 'code'>][] = [
    [
      'no head',
      familyOfFour({ members: [adult('spouse'), person('Անի', 'Սարգսյան', 'F', '1983-09-02', 'spouse')] }),
      { path: 'members', code: 'rule.head.missing' },
    ],
    ['two heads', familyOfFour({ members: [adult(), person('Անի', 'Սարգսյան', 'F', '1983-09-02', 'head')] }), { path: 'members', code: 'rule.head.many' }],
    [
      'a birth in the future',
      familyOfFour({ members: [adult(), person('Դավիթ', 'Սարգսյան', 'M', '2026-11-21', 'child')] }),
      { path: 'members.1.birth', code: 'rule.birth.future' },
    ],
    [
      'a child head without SC-CH',
      familyOfFour({ members: [person('Դավիթ', 'Սարգսյան', 'M', '2016-03-15', 'head')] }),
      { path: 'members.0.relationship', code: 'rule.head.child' },
    ],
    [
      'a spouse of 10',
      familyOfFour({ members: [adult(), person('Անի', 'Սարգսյան', 'F', '2016-09-02', 'spouse')] }),
      { path: 'members.1.birth', code: 'rule.spouse.age' },
    ],
    ['a declared size that does not match', familyOfFour({ declaredSize: 5 }), { path: 'declaredSize', code: 'rule.size.mismatch' }],
    [
      'the date 2023-02-30',
      familyOfFour({ members: [adult(), person('Մարիամ', 'Սարգսյան', 'F', '2023-02-30', 'child')] }),
      { path: 'members.1.birth', code: 'rule.birth.invalid' },
    ],
  ];

  it.each(cases)('%s is refused with rule_broken, its path and code, and nothing is written', (_label, input, issue) => {
    const t = makeTempCore();
    const before = footprint(t);
    const error = caught(() => t.register(input));
    expect(error.code).toBe('rule_broken');
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining(issue)]));
    expect(error.issues).toHaveLength(1);
    expect(footprint(t)).toEqual(before);
  });

  it('accepts a child head when the household is marked child-headed (SC-CH), and a declared size that matches', () => {
    const t = makeTempCore();
    const saved = t.register(
      familyOfFour({ members: [person('Դավիթ', 'Սարգսյան', 'M', '2016-03-15', 'head', { specificNeeds: ['SC-CH'] })], declaredSize: 1 }),
    );
    expect(householdRow(t, saved.id)?.size).toBe(1);
  });

  it('reports every broken rule at once', () => {
    const t = makeTempCore();
    const error = caught(() =>
      t.register(
        familyOfFour({
          declaredSize: 3,
          members: [person('Դավիթ', 'Սարգսյան', 'M', '2030-01-01', 'child'), person('Անի', 'Սարգսյան', 'F', '2023-02-30', 'child')],
        }),
      ),
    );
    expect(error.issues?.map((i) => i.code).sort()).toEqual(['rule.birth.future', 'rule.birth.invalid', 'rule.head.missing', 'rule.size.mismatch']);
  });
});

describe('editing and voiding', () => {
  function registeredFamily() {
    const t = makeTempCore();
    const saved = t.register();
    t.clock.advance(600);
    return { t, saved };
  }

  const editInput = (t: TempCore, id: string, change: (input: HouseholdInput) => HouseholdInput) => {
    const detail = getHousehold(t.db, id, TODAY);
    const members = detail.members.map(({ age: _age, dateOfBirth: _dob, ...m }) => m);
    return HouseholdSchema.parse(change({ ...detail.household, members }));
  };

  it('an update makes version 2, keeps member ids, and the history shows both versions with the changed fields', () => {
    const { t, saved } = registeredFamily();
    const idsBefore = personRows(t, saved.id).map((p) => p.id);
    const household = editInput(t, saved.id, (h) => ({
      ...h,
      phone: '+374 93 765432',
      members: h.members.map((m, i) => (i === 2 ? { ...m, givenName: 'Տիգրան', givenNameLatin: '' } : m)),
    }));

    const updated = updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household });
    expect(updated).toEqual({ id: saved.id, registrationNumber: saved.registrationNumber, version: 2 });
    expect(personRows(t, saved.id).map((p) => p.id)).toEqual(idsBefore);
    expect(personRows(t, saved.id)[2]).toMatchObject({ given_name: 'Տիգրան', given_name_latin: 'Tigran' });
    expect(householdRow(t, saved.id)).toMatchObject({ version: 2, phone_normalised: '+37493765432' });

    const history = householdHistory(t.db, saved.id);
    expect(history.map((h) => [h.version, h.action])).toEqual([
      [1, 'registered'],
      [2, 'edited'],
    ]);
    expect(history[0]?.changes).toEqual([]);
    expect(history[1]?.at).toBe(t.clock.now.toISOString());
    expect(history[1]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'phone', before: '+374 91 123456', after: '+374 93 765432' },
        { member: 'Տիգրան Սարգսյան', field: 'givenName', before: 'Դավիթ', after: 'Տիգրան' },
        { member: 'Տիգրան Սարգսյան', field: 'givenNameLatin', before: 'Davit', after: 'Tigran' },
      ]),
    );
    expect(history[1]?.changes).toHaveLength(3);

    // The search keys follow the new version: the old given name no longer finds the son.
    const sonId = idsBefore[2];
    expect(searchPersons(t.db, 'Tigran', 10, TODAY).map((h) => h.personId)).toEqual([sonId]);
    expect(searchPersons(t.db, 'Davit', 10, TODAY).map((h) => h.personId)).not.toContain(sonId);
    expect(rowCounts(t.db, ['household_versions', 'change_log', 'audit_events'])).toEqual({ household_versions: 2, change_log: 2, audit_events: 2 });
  });

  it('a member added in an update gets a new id; a member left out is removed', () => {
    const { t, saved } = registeredFamily();
    const idsBefore = personRows(t, saved.id).map((p) => p.id);
    const leaving = t.db.prepare('SELECT n FROM persons WHERE id = ?').pluck().get(idsBefore[3]);
    expect(t.db.prepare('SELECT count(*) FROM search_keys WHERE person = ?').pluck().get(leaving)).toBeGreaterThan(0);
    const household = editInput(t, saved.id, (h) => ({
      ...h,
      members: [...h.members.slice(0, 3), { givenName: 'Նարե', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'age', years: 1 }, relationship: 'child' }],
    }));
    updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household });
    const idsAfter = personRows(t, saved.id).map((p) => p.id);
    expect(idsAfter.slice(0, 3)).toEqual(idsBefore.slice(0, 3));
    expect(idsBefore).not.toContain(idsAfter[3]);
    expect(t.db.prepare('SELECT count(*) FROM persons WHERE id = ?').pluck().get(idsBefore[3])).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM search_keys WHERE person = ?').pluck().get(leaving)).toBe(0);
  });

  it('an update against a stale version is refused with conflict and changes nothing', () => {
    const { t, saved } = registeredFamily();
    const household = editInput(t, saved.id, (h) => ({ ...h, notes: 'first edit' }));
    updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household });
    const before = footprint(t);
    const error = caught(() => updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household: { ...household, notes: 'second edit' } }));
    expect(error.code).toBe('conflict');
    expect(footprint(t)).toEqual(before);
    expect(getHousehold(t.db, saved.id, TODAY).household.notes).toBe('first edit');
  });

  it('an update that breaks a rule is refused and keeps version 1', () => {
    const { t, saved } = registeredFamily();
    const household = editInput(t, saved.id, (h) => ({ ...h, declaredSize: 7 }));
    const before = footprint(t);
    expect(caught(() => updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, household })).code).toBe('rule_broken');
    expect(footprint(t)).toEqual(before);
    expect(householdRow(t, saved.id)?.version).toBe(1);
  });

  it('a household that is not in the file is not_found', () => {
    const t = makeTempCore();
    expect(
      caught(() => updateHousehold(t.ctx, SYSTEM_ACTOR, { id: 'nobody', expectedVersion: 1, household: HouseholdSchema.parse(familyOfFour()) })).code,
    ).toBe('not_found');
    expect(caught(() => householdHistory(t.db, 'nobody')).code).toBe('not_found');
  });

  it('voiding with a reason marks the household voided, in the history too, and it can no longer be edited', () => {
    const { t, saved } = registeredFamily();
    const voided = voidHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, reason: 'Registered twice by mistake' });
    expect(voided.version).toBe(2);
    expect(householdRow(t, saved.id)).toMatchObject({ status: 'voided', void_reason: 'Registered twice by mistake', version: 2 });
    // Members stay on file; a void is not an erasure.
    expect(personRows(t, saved.id)).toHaveLength(4);

    const history = householdHistory(t.db, saved.id);
    expect(history.at(-1)).toMatchObject({ version: 2, action: 'voided', reason: 'Registered twice by mistake' });
    expect(history.at(-1)?.changes).toEqual(
      expect.arrayContaining([
        { field: 'status', before: 'active', after: 'voided' },
        { field: 'voidReason', before: '', after: 'Registered twice by mistake' },
      ]),
    );
    expect(t.db.prepare('SELECT op FROM change_log ORDER BY seq').pluck().all()).toEqual(['registered', 'voided']);
    expect(JSON.parse(t.db.prepare('SELECT detail FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get() as string)).toMatchObject({
      reason: 'Registered twice by mistake',
    });

    const before = footprint(t);
    const household = editInput(t, saved.id, (h) => ({ ...h, notes: 'too late' }));
    expect(caught(() => updateHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 2, household })).code).toBe('conflict');
    expect(caught(() => voidHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 2, reason: 'again' })).code).toBe('conflict');
    expect(footprint(t)).toEqual(before);
  });
});

describe('recent households', () => {
  it('lists the newest registration first, pages with limit and offset, and counts them all', () => {
    const t = makeTempCore();
    const names = ['Արամ', 'Հայկ', 'Գոռ'];
    const saved = names.map((given, i) => {
      t.clock.advance(60);
      return t.register(familyOfFour({ members: [person(given, 'Սարգսյան', 'M', '1980-05-12')], phone: `+374 91 00000${i}` }));
    });
    const firstPage = recentHouseholds(t.db, 2, 0);
    expect(firstPage.total).toBe(3);
    expect(firstPage.items.map((h) => h.id)).toEqual([saved[2]?.id, saved[1]?.id]);
    expect(firstPage.items[0]).toMatchObject({
      headName: 'Գոռ Սարգսյան',
      size: 1,
      status: 'active',
      centreCode: 'GRS1',
      registrationNumber: saved[2]?.registrationNumber,
    });
    const secondPage = recentHouseholds(t.db, 2, 2);
    expect(secondPage).toEqual({ total: 3, items: [expect.objectContaining({ id: saved[0]?.id })] });
  });

  it('orders by when the family was registered, not by when it arrived, and keeps voided ones in the list', () => {
    const t = makeTempCore();
    const late = t.register(familyOfFour({ arrivedAt: '2026-11-20T08:00:00.000Z' }));
    t.clock.advance(60);
    const backdated = t.register(familyOfFour({ arrivedAt: '2026-11-18T08:00:00.000Z', phone: '+374 93 000111' }));
    voidHousehold(t.ctx, SYSTEM_ACTOR, { id: late.id, expectedVersion: 1, reason: 'Duplicate entry' });
    const page = recentHouseholds(t.db, 10, 0);
    expect(page.items.map((h) => [h.id, h.status])).toEqual([
      [backdated.id, 'active'],
      [late.id, 'voided'],
    ]);
  });
});
