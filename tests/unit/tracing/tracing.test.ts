import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput } from '../../../electron/api/schemas/household.js';
import type { Actor } from '../../../electron/core/context.js';
import { traceRelatives, type TraceInput } from '../../../electron/core/search/tracing.js';
import { cleanupTemp, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/** Family tracing on a real file: where and when a relative registered, and never anyone without consent. */

const DESK: Actor = { id: 'op-1', name: 'Raffi', role: 'registrar' };
let t: TempCore;
const household = (members: HouseholdInput['members'], extra: Partial<HouseholdInput>): HouseholdInput => ({
  arrivedAt: '2026-11-19T08:00:00.000Z',
  members,
  ...extra,
});
const trace = (input: Partial<TraceInput> & { name: string }) => traceRelatives(t.ctx, DESK, { ageTolerance: 5, origin: '', limit: 30, ...input });

beforeEach(() => {
  t = makeTempCore();
  // Anahit from Martuni agreed to be found; her namesake from Hadrut did not.
  t.register(
    household([person('Անահիտ', 'Ավետիսյան', 'F', '1976-04-04'), person('Գոռ', 'Ավետիսյան', 'M', '2004-01-01', 'child')], {
      consentTracing: true,
      originSettlement: 'Մարտունի',
    }),
  );
  t.register(household([person('Анаит', 'Аветисян', 'F', '1977-05-05')], { consentTracing: false, originSettlement: 'Гадрут' }));
  t.register(household([person('Anahit', 'Avetisyan', 'F', '1950-02-02')], { consentTracing: true, originSettlement: 'Askeran' }));
});
afterEach(cleanupTemp);

describe('tracing', () => {
  it('answers where and when a consenting relative registered, in any script', () => {
    const hits = trace({ name: 'Anahit Avetisyan', age: 50 });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      givenName: 'Անահիտ',
      familyName: 'Ավետիսյան',
      age: 50,
      originSettlement: 'Մարտունի',
      centreCode: 'GRS1',
      centreName: 'Goris',
      stationLabel: 'Desk 2',
      registeredAt: '2026-11-20T09:00:00.000Z',
    });
    expect(hits[0]?.registrationNumber).toMatch(/^[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]$/);
  });

  it('hides people whose family did not consent, whatever is asked', () => {
    for (const query of [{ name: 'Анаит Аветисян' }, { name: 'Anahit', age: 49, ageTolerance: 0 }, { name: 'Avetisyan', origin: 'Гадрут' }]) {
      const names = trace(query).map((h) => `${h.givenName} ${h.familyName} ${h.originSettlement}`);
      expect(names, JSON.stringify(query)).not.toContain('Анаит Аветисян Гадрут');
      expect(JSON.stringify(trace(query))).not.toContain('Гадрут');
    }
    // Searching by her exact details finds nothing at all.
    expect(trace({ name: 'Анаит Аветисян', age: 49, ageTolerance: 0, origin: 'Гадрут' })).toEqual([]);
  });

  it('narrows by approximate age and ranks by place of origin', () => {
    expect(
      trace({ name: 'Avetisyan Anahit' })
        .map((h) => h.age)
        .sort(),
    ).toEqual([50, 76]);
    expect(trace({ name: 'Avetisyan Anahit', age: 75, ageTolerance: 3 }).map((h) => h.age)).toEqual([76]);
    const byOrigin = trace({ name: 'Avetisyan Anahit', origin: 'Askeran' });
    expect(byOrigin[0]?.originSettlement).toBe('Askeran');
    expect(byOrigin[0]?.reasons).toContain('origin');
    expect(trace({ name: 'Avetisyan Anahit', origin: 'Մարտունի' })[0]?.originSettlement).toBe('Մարտունի');
  });

  it('records each search in the audit trail: the persons shown, never the name typed', () => {
    const hits = trace({ name: 'Gor Avetisyan', age: 22 });
    const detail = JSON.parse(t.db.prepare("SELECT detail FROM audit_events WHERE action = 'tracing.search'").pluck().get() as string);
    expect(detail).toEqual({ shown: hits.map((h) => h.personId), age: 22, hits: 1 });
  });
});
