import { afterEach, describe, expect, it } from 'vitest';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { ageInYears, birthDate } from '../../../electron/rules/age.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { CoreError } from '../../../electron/core/errors.js';
import { getHousehold } from '../../../electron/core/households/read.js';
import { updateHousehold } from '../../../electron/core/households/write.js';
import { cleanupTemp, familyOfFour, makeTempCore, person, rowCounts, type TempCore } from '../../helpers/core.js';

/** Corrections that change nothing write nothing; times keep their precision; 29 February counted right. */

afterEach(cleanupTemp);

const TABLES = ['households', 'persons', 'search_keys', 'household_versions', 'audit_events', 'change_log'];

/** The household as the form sends it back: what was read, the arrival shown (and so sent) to the minute. */
function asTheFormSendsIt(t: TempCore, id: string, change: Partial<HouseholdInput> = {}) {
  const detail = getHousehold(t.db, id, '2026-11-20');
  const arrived = new Date(detail.household.arrivedAt);
  arrived.setUTCSeconds(0, 0);
  const household: HouseholdInput = {
    ...detail.household,
    arrivedAt: arrived.toISOString(),
    members: detail.members.map((m) => ({ ...m })),
    ...change,
  };
  return { id, expectedVersion: detail.version, household: HouseholdSchema.parse(household) };
}

describe('a correction', () => {
  it('that changes nothing writes no version, no audit event, no change', () => {
    const t = makeTempCore({ now: '2026-11-20T18:00:00.000Z' });
    const saved = t.register(familyOfFour({ arrivedAt: '2026-11-20T17:00:04.275Z' }));
    const before = rowCounts(t.db, TABLES);
    const again = updateHousehold(t.ctx, SYSTEM_ACTOR, asTheFormSendsIt(t, saved.id));
    expect(again.version).toBe(1);
    expect(rowCounts(t.db, TABLES)).toEqual(before);
    expect(t.db.prepare('SELECT arrived_at FROM households WHERE id = ?').pluck().get(saved.id)).toBe('2026-11-20T17:00:04.275Z');
  });

  it('that changes the phone keeps the arrival time to the millisecond', () => {
    const t = makeTempCore({ now: '2026-11-20T18:00:00.000Z' });
    const saved = t.register(familyOfFour({ arrivedAt: '2026-11-20T17:00:04.275Z' }));
    const next = updateHousehold(t.ctx, SYSTEM_ACTOR, asTheFormSendsIt(t, saved.id, { phone: '+374 93 765432' }));
    expect(next.version).toBe(2);
    const row = t.db.prepare('SELECT arrived_at, phone, phone_normalised FROM households WHERE id = ?').get(saved.id);
    expect(row).toEqual({ arrived_at: '2026-11-20T17:00:04.275Z', phone: '+374 93 765432', phone_normalised: '+37493765432' });
    expect(getHousehold(t.db, saved.id, '2026-11-20').household.arrivedAt).toBe('2026-11-20T17:00:04.275Z');
  });

  it('that moves the arrival to another minute takes the time typed', () => {
    const t = makeTempCore({ now: '2026-11-20T18:00:00.000Z' });
    const saved = t.register(familyOfFour({ arrivedAt: '2026-11-20T17:00:04.275Z' }));
    updateHousehold(t.ctx, SYSTEM_ACTOR, asTheFormSendsIt(t, saved.id, { arrivedAt: '2026-11-20T16:45:00.000Z' }));
    expect(getHousehold(t.db, saved.id, '2026-11-20').household.arrivedAt).toBe('2026-11-20T16:45:00.000Z');
  });
});

describe('29 February', () => {
  it('an estimated age placed on the arrival day never gives a date that does not exist', () => {
    expect(birthDate({ kind: 'age', years: 2 }, '2024-02-29')).toBe('2022-02-28');
    expect(birthDate({ kind: 'age', years: 1 }, '2024-02-29')).toBe('2023-02-28');
    expect(birthDate({ kind: 'age', years: 4 }, '2024-02-29')).toBe('2020-02-29');
    expect(birthDate({ kind: 'age', years: 100 }, '2000-02-29')).toBe('1900-02-28');
  });

  it('a family arriving on 29 February with estimated ages is registered with real dates of birth', () => {
    const t = makeTempCore({ now: '2024-02-29T12:00:00.000Z' });
    const saved = t.register(
      familyOfFour({
        arrivedAt: '2024-02-29T11:00:00.000Z',
        members: [
          person('Արամ', 'Սարգսյան', 'M', '1980-05-12'),
          { givenName: 'Անի', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'age', years: 2 }, relationship: 'child' },
          { givenName: 'Լուսինե', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'exact', date: '2020-02-29' }, relationship: 'child' },
        ],
      }),
    );
    const births = t.db.prepare('SELECT birth_date FROM persons WHERE household_id = ? ORDER BY position').pluck().all(saved.id);
    expect(births).toEqual(['1980-05-12', '2022-02-28', '2020-02-29']);
    expect(t.db.prepare('SELECT arrival_date FROM households WHERE id = ?').pluck().get(saved.id)).toBe('2024-02-29');
    expect(getHousehold(t.db, saved.id, '2024-02-29').members[2]?.age).toBe(4);
  });

  it('a birth on 29 February of a year without one is refused at its field', () => {
    const t = makeTempCore({ now: '2024-02-29T12:00:00.000Z' });
    let error: unknown;
    try {
      t.register(familyOfFour({ arrivedAt: '2024-02-29T11:00:00.000Z', members: [person('Արամ', 'Սարգսյան', 'M', '2023-02-29')] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).issues).toEqual([expect.objectContaining({ path: 'members.0.birth', code: 'rule.birth.invalid' })]);
  });

  it('someone born on 29 February is a year older from 1 March of a year without one', () => {
    expect(ageInYears('2020-02-29', '2021-02-28')).toBe(0);
    expect(ageInYears('2020-02-29', '2021-03-01')).toBe(1);
    expect(ageInYears('2020-02-29', '2024-02-29')).toBe(4);
  });
});
