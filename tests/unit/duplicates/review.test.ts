import { computeStats } from '../../../electron/core/figures/stats.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput } from '../../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import type { Actor } from '../../../electron/core/context.js';
import { duplicateQueue, resolvePair } from '../../../electron/core/duplicates/decisions.js';
import { reviewDuplicates } from '../../../electron/core/duplicates/review.js';
import { loadSnapshot, updateHousehold } from '../../../electron/core/households/write.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/** The supervisor's review on a real file: the queue across households, resolved as different or merged. */

const SUPERVISOR: Actor = { id: 'op-sup', name: 'Supervisor Ani', role: 'supervisor' };
let t: TempCore;
const household = (members: HouseholdInput['members'], extra: Partial<HouseholdInput> = {}): HouseholdInput => ({
  arrivedAt: '2026-11-19T08:00:00.000Z',
  members,
  ...extra,
});
const idOf = (given: string) => t.db.prepare('SELECT id FROM persons WHERE given_name = ?').pluck().get(given) as string;
const open = () => duplicateQueue(t.ctx, { status: 'open', limit: 50, offset: 0 });

let armenian: string;
let cyrillic: string;
beforeEach(() => {
  t = makeTempCore();
  armenian = t.register(household([person('Հասմիկ', 'Սարգսյան', 'F', '1978-06-21', 'head'), person('Տիգրան', 'Պետրոսյան', 'M', '1980-01-01', 'spouse')])).id;
  t.clock.advance(3600);
  cyrillic = t.register(
    household(
      [
        person('Асмик', 'Саркисян', 'F', '1978-06-21', 'head'),
        // Tigran's namesake of another generation, and his brother.
        person('Тигран', 'Петросян', 'M', '2010-01-01', 'child'),
      ],
      { arrivedAt: '2026-11-20T08:00:00.000Z' },
    ),
  ).id;
  t.register(household([person('Արամ', 'Պետրոսյան', 'M', '1983-03-03', 'head')]));
  // Twins in one household are never a pair.
  t.register(
    household([
      person('Gayane', 'Grigoryan', 'F', '1985-01-01'),
      person('Anna', 'Grigoryan', 'F', '2015-09-09', 'child'),
      person('Anna', 'Grigoryan', 'F', '2015-09-09', 'child'),
    ]),
  );
});
afterEach(cleanupTemp);

describe('review', () => {
  it('queues the one pair across households, with both sides and the reasons', () => {
    const summary = reviewDuplicates(t.ctx, SUPERVISOR);
    expect(summary).toMatchObject({ persons: 8, found: 1, added: 1, open: 1 });
    const [pair] = open().items;
    expect([pair?.a.givenName, pair?.b.givenName].sort()).toEqual(['Асмик', 'Հասմիկ']);
    expect(pair?.reasons).toEqual(
      expect.arrayContaining([
        { code: 'other_script', effect: 'for' },
        { code: 'same_birth_date', effect: 'for' },
      ]),
    );
    expect(pair?.status).toBe('open');
    expect(t.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'duplicates.reviewed'").pluck().get()).toBe(1);
  });

  it('runs again without adding what is already there', () => {
    reviewDuplicates(t.ctx, SUPERVISOR);
    expect(reviewDuplicates(t.ctx, SUPERVISOR)).toMatchObject({ found: 1, added: 0, open: 1 });
  });

  it('drops an open pair that no longer qualifies after a correction', () => {
    reviewDuplicates(t.ctx, SUPERVISOR);
    const s = loadSnapshot(t.db, cyrillic);
    const corrected = HouseholdSchema.parse(
      household([person('Асмик', 'Саркисян', 'F', '1958-06-21', 'head'), person('Тигран', 'Петросян', 'M', '2010-01-01', 'child')], {
        arrivedAt: '2026-11-20T08:00:00.000Z',
      }),
    );
    updateHousehold(t.ctx, SUPERVISOR, { id: cyrillic, expectedVersion: s.version, household: corrected });
    expect(reviewDuplicates(t.ctx, SUPERVISOR)).toMatchObject({ found: 0, open: 0 });
  });
});

describe('resolving a pair', () => {
  it('different: kept, with the note, and never queued again', () => {
    reviewDuplicates(t.ctx, SUPERVISOR);
    const view = resolvePair(t.ctx, SUPERVISOR, { personA: idOf('Асмик'), personB: idOf('Հասմիկ'), decision: 'different', note: 'Two women, met both' });
    expect(view).toMatchObject({ status: 'different', resolvedBy: 'Supervisor Ani', note: 'Two women, met both' });
    expect(reviewDuplicates(t.ctx, SUPERVISOR)).toMatchObject({ found: 1, added: 0, open: 0 });
    expect(duplicateQueue(t.ctx, { status: 'different', limit: 10, offset: 0 }).total).toBe(1);
    expect(t.db.prepare('SELECT context, decision, reason FROM duplicate_decisions').all()).toEqual([
      { context: 'review', decision: 'different', reason: 'Two women, met both' },
    ]);
  });

  it('same: the later record is marked merged into the earlier in a new version of its household; both histories stay', () => {
    reviewDuplicates(t.ctx, SUPERVISOR);
    const kept = idOf('Հասմիկ');
    const merged = idOf('Асмик');
    const personsBefore = computeStats(t.db).persons;
    const view = resolvePair(t.ctx, SUPERVISOR, { personA: merged, personB: kept, decision: 'same', note: '' });
    expect(view).toMatchObject({ status: 'same', keptPersonId: kept });
    const s = loadSnapshot(t.db, cyrillic);
    expect(s.version).toBe(2);
    expect(s.household.members.find((m) => m.id === merged)?.mergedInto).toBe(kept);
    expect(t.db.prepare('SELECT version, action FROM household_versions WHERE household_id = ? ORDER BY version').all(cyrillic)).toEqual([
      { version: 1, action: 'registered' },
      { version: 2, action: 'edited' },
    ]);
    // The merged person lives on in the household's history only: counted once, found once.
    expect(t.db.prepare('SELECT count(*) FROM persons WHERE id = ?').pluck().get(merged)).toBe(0);
    expect(computeStats(t.db).persons).toBe(personsBefore - 1);
    expect(loadSnapshot(t.db, armenian).version).toBe(1);
    expect(t.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'duplicates.merged'").pluck().get()).toBe(1);
    // The merged record is no longer compared: nothing new joins the queue.
    expect(reviewDuplicates(t.ctx, SUPERVISOR)).toMatchObject({ found: 0, open: 0 });
  });

  it('refuses a second decision on the same pair', () => {
    reviewDuplicates(t.ctx, SUPERVISOR);
    resolvePair(t.ctx, SUPERVISOR, { personA: idOf('Асмик'), personB: idOf('Հասմիկ'), decision: 'different', note: 'Two women' });
    expect(() => resolvePair(t.ctx, SUPERVISOR, { personA: idOf('Асмик'), personB: idOf('Հասմիկ'), decision: 'same', note: '' })).toThrow(/already decided/);
  });
});
