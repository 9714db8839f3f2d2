import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput, PersonInput } from '../../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { auditedCheck, checkDuplicates, type CheckInput } from '../../../electron/core/duplicates/check.js';
import { voidHousehold } from '../../../electron/core/households/write.js';
import { decodeSnapshot } from '../../../electron/core/households/stored-snapshot.js';
import { nameFrequency } from '../../../electron/core/duplicates/people.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/** The check beside the intake form, on a real file: who the person being typed may already be. */

let t: TempCore;
const household = (members: HouseholdInput['members'], extra: Partial<HouseholdInput> = {}): HouseholdInput => ({
  arrivedAt: '2026-11-19T08:00:00.000Z',
  members,
  ...extra,
});
const typed = (p: Partial<CheckInput['person']>, householdId?: string): CheckInput => ({
  person: { givenName: '', familyName: '', patronymic: '', documents: [], phone: '', ...p },
  household: { phone: '', ...(householdId ? { id: householdId } : {}) },
  limit: 5,
});
const check = (p: Partial<CheckInput['person']>, householdId?: string) => checkDuplicates(t.ctx, typed(p, householdId)).candidates;

let sargsyans: string;
beforeEach(() => {
  t = makeTempCore();
  // Hasmik typed in Armenian at another desk, with her husband and her son; her brother-in-law's family elsewhere.
  sargsyans = t.register(
    household(
      [
        person('Աշոտ', 'Սարգսյան', 'M', '1975-02-10', 'head', { patronymic: 'Գևորգի' }),
        person('Հասմիկ', 'Սարգսյան', 'F', '1978-06-21', 'spouse', { documents: [{ type: 'passport', number: 'AN 0456789' }] }),
        person('Դավիթ', 'Սարգսյան', 'M', '2008-03-05', 'child', { patronymic: 'Աշոտի' }),
      ],
      { phone: '+374 91 123456' },
    ),
  ).id;
  t.register(household([person('Արմեն', 'Սարգսյան', 'M', '1979-09-09', 'head', { patronymic: 'Գևորգի' })]));
  t.register(household([person('Armine', 'Hakobyan', 'F', '1995-06-30'), person('Mher', 'Adamyan', 'M', '1990-01-01', 'spouse')]));
});
afterEach(cleanupTemp);

describe('a person already on file, typed again', () => {
  it('in Cyrillic: shown with the reasons and both sides', () => {
    const [first, ...rest] = check({ givenName: 'Асмик', familyName: 'Саркисян', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' } });
    expect(rest).toEqual([]);
    expect(first?.score).toBeGreaterThan(0.9);
    expect(first?.existing).toMatchObject({ givenName: 'Հասմիկ', familyName: 'Սարգսյան', dateOfBirth: '1978-06-21', householdSize: 3 });
    expect(first?.existing.registrationNumber).toMatch(/^[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]$/);
    expect(first?.reasons).toEqual(
      expect.arrayContaining([
        { code: 'other_script', effect: 'for' },
        { code: 'same_birth_date', effect: 'for' },
      ]),
    );
  });

  it('with the day and month swapped, or only the year, or an estimated age', () => {
    for (const birth of [
      { kind: 'exact', date: '1978-06-12' },
      { kind: 'year', year: 1978 },
      { kind: 'age', years: 48 },
    ] as PersonInput['birth'][]) {
      expect(
        check({ givenName: 'Hasmik', familyName: 'Sarkissian', sex: 'F', birth }).map((c) => c.existing.givenName),
        JSON.stringify(birth),
      ).toEqual(['Հասմիկ']);
    }
  });

  it("with given and family name in each other's fields", () => {
    expect(check({ givenName: 'Sargsyan', familyName: 'Hasmik', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' } })[0]?.reasons).toContainEqual({
      code: 'names_swapped',
      effect: 'for',
    });
  });

  it('spelt beyond folding: Акопян for Hakobyan, Мгер for Mher', () => {
    expect(check({ givenName: 'Армине', familyName: 'Акопян', sex: 'F', birth: { kind: 'exact', date: '1995-06-30' } })).toHaveLength(1);
    expect(check({ givenName: 'Мгер', familyName: 'Адамян', sex: 'M', birth: { kind: 'year', year: 1990 } })).toHaveLength(1);
  });

  it('by the same passport under another spelling and a wrong year', () => {
    const [first] = check({ givenName: 'Asmik', familyName: 'Sarkisyan', sex: 'F', birth: { kind: 'exact', date: '1980-06-21' }, documents: ['АN-0456789'] });
    expect(first?.reasons).toContainEqual({ code: 'same_document', effect: 'for' });
  });

  it('before sex and birth are typed, on the names alone', () => {
    expect(check({ givenName: 'Асмик', familyName: 'Саркисян' }).map((c) => c.existing.givenName)).toEqual(['Հասմիկ']);
  });
});

describe('the audit trail', () => {
  it('records which persons were shown, and nothing when no one was', () => {
    const count = () => t.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'duplicates.checked'").pluck().get();
    const desk = { id: 'op-1', name: 'Raffi', role: 'registrar' as const };
    auditedCheck(t.ctx, desk, typed({ givenName: 'Lilit', familyName: 'Tovmasyan', sex: 'F' }));
    expect(count()).toBe(0);
    const shown = auditedCheck(t.ctx, desk, typed({ givenName: 'Асмик', familyName: 'Саркисян', sex: 'F' })).candidates;
    expect(count()).toBe(1);
    const detail = JSON.parse(t.db.prepare("SELECT detail FROM audit_events WHERE action = 'duplicates.checked'").pluck().get() as string);
    expect(detail).toEqual({ shown: shown.map((c) => c.existing.personId) });
  });
});

describe('not duplicates', () => {
  it('a brother: same family name and father, another given name and birth', () => {
    expect(check({ givenName: 'Артур', familyName: 'Саркисян', patronymic: 'Геворкович', sex: 'M', birth: { kind: 'exact', date: '1983-04-04' } })).toEqual([]);
  });

  it('a grandson named after his grandfather', () => {
    expect(check({ givenName: 'Ashot', familyName: 'Sargsyan', sex: 'M', birth: { kind: 'exact', date: '2019-02-10' } })).toEqual([]);
  });

  it('someone new', () => {
    expect(check({ givenName: 'Lilit', familyName: 'Tovmasyan', sex: 'F', birth: { kind: 'age', years: 30 } })).toEqual([]);
  });

  it('the household being corrected, and a voided household, are left out', () => {
    const hasmik = { givenName: 'Hasmik', familyName: 'Sargsyan', sex: 'F', birth: { kind: 'exact', date: '1978-06-21' } } as const;
    expect(check(hasmik, sargsyans)).toEqual([]);
    voidHousehold(t.ctx, SYSTEM_ACTOR, { id: sargsyans, expectedVersion: 1, reason: 'Registered twice' });
    expect(check(hasmik)).toEqual([]);
  });
});

describe("the clerk's decision is kept with the registration", () => {
  const hasmikId = () => t.db.prepare("SELECT id FROM persons WHERE given_name = 'Հասմիկ'").pluck().get() as string;

  it('continue with a reason: a decision row, an audit event, and the pair kept out of the queue', () => {
    const saved = t.register(
      household([
        person('Асмик', 'Саркисян', 'F', '1978-06-21', 'head', {
          duplicateDecision: { decision: 'different', otherPersonId: hasmikId(), score: 0.93, reason: 'Another woman: different passport' },
        }),
      ]),
    );
    const newId = t.db.prepare('SELECT id FROM persons WHERE household_id = ?').pluck().get(saved.id) as string;
    expect(
      t.db.prepare('SELECT context, decision, person_id, household_id, other_person_id, other_household_id, reason FROM duplicate_decisions').all(),
    ).toEqual([
      {
        context: 'intake',
        decision: 'different',
        person_id: newId,
        household_id: saved.id,
        other_person_id: hasmikId(),
        other_household_id: sargsyans,
        reason: 'Another woman: different passport',
      },
    ]);
    expect(t.db.prepare('SELECT status, source, note FROM duplicate_pairs').all()).toEqual([
      { status: 'different', source: 'intake', note: 'Another woman: different passport' },
    ]);
    expect(t.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'duplicates.intake_decision'").pluck().get()).toBe(1);
    // The decision is part of the household's version: its history and the batches carry it.
    const snapshot = decodeSnapshot(t.db.prepare('SELECT snapshot FROM household_versions WHERE household_id = ?').pluck().get(saved.id) as Buffer);
    expect(snapshot.household.members[0]?.duplicateDecision).toMatchObject({ decision: 'different', otherPersonId: hasmikId() });
  });

  it("the same person: the pair waits in the supervisor's queue", () => {
    t.register(
      household([
        person('Hasmik', 'Sargsyan', 'F', '1978-06-21', 'head', {
          duplicateDecision: { decision: 'same', otherPersonId: hasmikId() },
        }),
      ]),
    );
    expect(t.db.prepare('SELECT status, source FROM duplicate_pairs').all()).toEqual([{ status: 'open', source: 'intake' }]);
  });

  it('continuing needs a reason', () => {
    const parsed = HouseholdSchema.safeParse(
      household([
        person('Hasmik', 'Sargsyan', 'F', '1978-06-21', 'head', {
          duplicateDecision: { decision: 'different', otherPersonId: 'x', reason: '' },
        }),
      ]),
    );
    expect(parsed.success).toBe(false);
  });
});

describe('how common a name is', () => {
  it('is its share of the persons held, the same as counting them', () => {
    seedHouseholds(t.core.ctx, SYSTEM_ACTOR, 2500, 3);
    const db = t.core.ctx.db;
    const persons = db.prepare('SELECT count(*) FROM persons').pluck().get() as number;
    expect(persons).toBeGreaterThan(5000);
    const [key, carrying] = db.prepare("SELECT substr(key, 3), persons FROM search_vocab WHERE key LIKE 'n:%' ORDER BY persons DESC LIMIT 1").raw().get() as [
      string,
      number,
    ];
    expect(nameFrequency(db)(key)).toBeCloseTo(carrying / persons, 6);
  });
});
