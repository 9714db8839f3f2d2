import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput } from '../../../electron/api/schemas/household.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { checkDuplicates } from '../../../electron/core/duplicates/check.js';
import { duplicateQueue, resolvePair } from '../../../electron/core/duplicates/decisions.js';
import { NEAR_CERTAIN_DUPLICATE } from '../../../electron/core/duplicates/score.js';
import { voidHousehold } from '../../../electron/core/households/write.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/** A near-certain duplicate at the desk: the check says a decision is needed, and each decision lands where it should. */

let t: TempCore;
let hasmik: { householdId: string; personId: string };
const household = (members: HouseholdInput['members']): HouseholdInput => ({ arrivedAt: '2026-11-19T08:00:00.000Z', members });
const TYPED = {
  givenName: 'Асмик',
  familyName: 'Саркисян',
  patronymic: 'Геворговна',
  sex: 'F' as const,
  birth: { kind: 'exact' as const, date: '1978-06-21' },
};
const again = (decision: 'unsure' | 'continued' | 'different', reason = '') =>
  t.register(
    household([
      person(TYPED.givenName, TYPED.familyName, 'F', TYPED.birth.date, 'head', {
        patronymic: TYPED.patronymic,
        duplicateDecision: { decision, otherPersonId: hasmik.personId, score: 0.99, reason },
      }),
    ]),
  );
const openPairs = () => duplicateQueue(t.ctx, { status: 'open', limit: 50, offset: 0 });

beforeEach(() => {
  t = makeTempCore();
  const saved = t.register(household([person('Հասմիկ', 'Սարգսյան', 'F', '1978-06-21', 'head', { patronymic: 'Գևորգի' })]));
  const personId = t.db.prepare('SELECT id FROM persons WHERE household_id = ?').pluck().get(saved.id) as string;
  hasmik = { householdId: saved.id, personId };
});
afterEach(cleanupTemp);

describe("the same woman typed again in Cyrillic, same birth date and father's name", () => {
  it("is near-certain: the check says saving needs the clerk's decision", () => {
    const [first] = checkDuplicates(t.ctx, {
      person: { ...TYPED, documents: [], phone: '' },
      household: { phone: '' },
      limit: 3,
    }).candidates;
    expect(first?.score).toBeGreaterThanOrEqual(NEAR_CERTAIN_DUPLICATE);
    expect(first?.needsDecision).toBe(true);
    expect(first?.existing.personId).toBe(hasmik.personId);
  });

  it('"not sure" is kept with the person and puts the pair in the supervisor\'s queue at once', () => {
    const saved = again('unsure');
    const decision = t.db.prepare("SELECT decision, household_id FROM duplicate_decisions WHERE context = 'intake'").get();
    expect(decision).toEqual({ decision: 'unsure', household_id: saved.id });
    const page = openPairs();
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ source: 'intake', status: 'open' });
    expect([page.items[0]?.a.personId, page.items[0]?.b.personId]).toContain(hasmik.personId);
  });

  it('saved past the match without a decision: in the queue at once too', () => {
    again('continued');
    expect(openPairs().total).toBe(1);
  });

  it('"not the same" with a reason keeps the pair out of the queue', () => {
    again('different', 'another woman, her cousin');
    expect(openPairs().total).toBe(0);
  });

  it('leaves the queue by itself when a side is voided', () => {
    const saved = again('unsure');
    expect(openPairs().total).toBe(1);
    voidHousehold(t.ctx, SYSTEM_ACTOR, { id: saved.id, expectedVersion: 1, reason: 'typed twice' });
    expect(openPairs()).toEqual({ total: 0, items: [] });
  });

  it('leaves the queue by itself when a side is merged into another record', () => {
    const saved = again('unsure');
    const third = t.register(household([person('Hasmik', 'Sargsyan', 'F', '1978-06-21', 'head', { patronymic: 'Gevorgi' })]));
    const thirdPerson = t.db.prepare('SELECT id FROM persons WHERE household_id = ?').pluck().get(third.id) as string;
    const newPerson = t.db.prepare('SELECT id FROM persons WHERE household_id = ?').pluck().get(saved.id) as string;
    // A supervisor's merge of the new record into the third one (a pair found by a review).
    t.db
      .prepare(
        "INSERT INTO duplicate_pairs (person_a, person_b, household_a, household_b, score, source, found_at) VALUES (?, ?, ?, ?, 0.99, 'review', '2026-11-20')",
      )
      .run(...(newPerson < thirdPerson ? [newPerson, thirdPerson, saved.id, third.id] : [thirdPerson, newPerson, third.id, saved.id]));
    expect(openPairs().total).toBe(2);
    resolvePair(t.ctx, SYSTEM_ACTOR, { personA: newPerson, personB: thirdPerson, decision: 'same', keep: thirdPerson, note: '' });
    expect(openPairs().total).toBe(0);
  });
});
