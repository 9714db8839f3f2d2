import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../../electron/api/views.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { voidHousehold } from '../../../electron/core/households/write.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { cleanupTemp, familyOfFour, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/**
 * Search across scripts on a real file: the same woman typed in Armenian at one desk, in Cyrillic at another and in
 * Latin at a third is found by any of the three spellings, as are numbers, phones and documents.
 */

const TODAY = '2026-11-20';

let t: TempCore;
const heads: Record<'armenian' | 'cyrillic' | 'latin' | 'other', { id: string; registrationNumber: string; personId: string }> = {} as never;

const headOf = (householdId: string): string =>
  t.db.prepare("SELECT id FROM persons WHERE household_id = ? AND relationship = 'head'").pluck().get(householdId) as string;

beforeEach(() => {
  t = makeTempCore();
  const register = (key: keyof typeof heads, input: Parameters<TempCore['register']>[0]) => {
    t.clock.advance(60);
    const saved = t.register(input);
    heads[key] = { ...saved, personId: headOf(saved.id) };
  };
  register(
    'armenian',
    familyOfFour({
      phone: '+374 91 123456',
      members: [
        person('Հասմիկ', 'Սարգսյան', 'F', '1979-04-02', 'head', { documents: [{ type: 'passport', number: 'AM 7654321' }] }),
        person('Արամ', 'Սարգսյան', 'M', '2008-01-20', 'child'),
      ],
    }),
  );
  register(
    'cyrillic',
    familyOfFour({
      phone: '+7 495 1112233',
      members: [person('Асмик', 'Саркисян', 'F', '1979-04-02'), person('Давид', 'Саркисян', 'M', '2005-06-06', 'child')],
    }),
  );
  register(
    'latin',
    familyOfFour({
      phone: '+374 77 998877',
      members: [person('Hasmik', 'Sargsyan', 'F', '1979-04-02'), person('Gor', 'Sargsyan', 'M', '2010-10-10', 'child')],
    }),
  );
  register(
    'other',
    familyOfFour({
      phone: '+374 55 443322',
      members: [person('Անահիտ', 'Պետրոսյան', 'F', '1990-02-02'), person('Հովհաննես', 'Պետրոսյան', 'M', '1988-08-08', 'spouse')],
    }),
  );
});
afterEach(cleanupTemp);

const search = (query: string, limit = 20): SearchHit[] => searchPersons(t.db, query, limit, TODAY);
const ids = (hits: SearchHit[]) => hits.map((h) => h.personId);
const hitFor = (hits: SearchHit[], personId: string) => hits.find((h) => h.personId === personId);
const hasmiks = () => [heads.armenian.personId, heads.cyrillic.personId, heads.latin.personId];

describe('names across scripts', () => {
  it('"Hasmik" finds the three Hasmiks, whatever script they were typed in, and nobody else', () => {
    const hits = search('Hasmik');
    expect(ids(hits).sort()).toEqual(hasmiks().sort());
    expect(hitFor(hits, heads.latin.personId)?.reasons).toEqual(['name']);
    expect(hitFor(hits, heads.armenian.personId)?.reasons).toEqual(['other_script']);
    expect(hitFor(hits, heads.cyrillic.personId)?.reasons).toEqual(['other_script']);
    // The Latin one matches as typed, so it is not ranked below the others.
    expect(hits[0]?.score).toBe(Math.max(...hits.map((h) => h.score)));
  });

  it('a partial Cyrillic query, "Асмик Сарк", finds them all (every word must match, the last by prefix)', () => {
    const hits = search('Асмик Сарк');
    expect(ids(hits).sort()).toEqual(hasmiks().sort());
    // Sons with the same surname do not match the first word.
    expect(hits.every((h) => h.isHead)).toBe(true);
  });

  it('"Սարգսյան" finds the family in every script, with other_script for the Cyrillic and Latin spellings', () => {
    const hits = search('Սարգսյան');
    const cyrillic = hitFor(hits, heads.cyrillic.personId);
    const latin = hitFor(hits, heads.latin.personId);
    const armenian = hitFor(hits, heads.armenian.personId);
    expect(cyrillic?.reasons).toEqual(['other_script']);
    expect(latin?.reasons).toEqual(['other_script']);
    expect(armenian?.reasons).toEqual(['name']);
    // Three families of two: all six Sargsyans, none of the Petrosyans.
    expect(hits).toHaveLength(6);
    expect(hits.some((h) => h.householdId === heads.other.id)).toBe(false);
  });

  it('returns what the result list shows: names as typed and in Latin, sex, age and the household', () => {
    const hit = hitFor(search('Асмик'), heads.cyrillic.personId);
    expect(hit).toMatchObject({
      householdId: heads.cyrillic.id,
      registrationNumber: heads.cyrillic.registrationNumber,
      name: 'Асмик Саркисян',
      sex: 'F',
      age: 47,
      isHead: true,
      householdStatus: 'active',
    });
    expect(hit?.nameLatin).toMatch(/^Asmik Sark/);
  });

  it('a query that matches nobody returns an empty list, as does a blank one', () => {
    expect(search('Zzyzx')).toEqual([]);
    expect(search('Քրիստափոր')).toEqual([]);
    expect(search('   ')).toEqual([]);
    // Both words must match the same person: a Hasmik Petrosyan is not here.
    expect(search('Hasmik Petrosyan')).toEqual([]);
  });

  it('honours the limit, keeping the best hits', () => {
    const all = search('Sargsyan');
    const two = search('Sargsyan', 2);
    expect(two).toHaveLength(2);
    expect(two).toEqual(all.slice(0, 2));
  });
});

describe('numbers, phones and documents', () => {
  it('a registration number typed in lower case with spaces finds the head of that family first', () => {
    const typed = heads.latin.registrationNumber.toLowerCase().replace(/-/g, ' ');
    const hits = search(typed);
    expect(hits[0]).toMatchObject({ personId: heads.latin.personId, householdId: heads.latin.id, reasons: ['registration_number'] });
    expect(hits).toHaveLength(1);
  });

  it('a phone quoted by its last digits in another format finds the family ("091 123456" for "+374 91 123456")', () => {
    const hits = search('091 123456');
    expect(hits[0]).toMatchObject({ personId: heads.armenian.personId, reasons: ['phone'] });
    expect(ids(hits)).not.toContain(heads.latin.personId);
    expect(ids(search('123456'))).toEqual([heads.armenian.personId]);
    expect(ids(search('+374 (91) 12-34-56'))).toEqual([heads.armenian.personId]);
  });

  it('a document number, typed with other spacing and case, finds its holder', () => {
    // The last one is typed on a Cyrillic keyboard: А and М look like A and M and are read as them.
    for (const typed of ['AM 7654321', 'am7654321', 'AM-765-4321', 'АМ 7654321']) {
      const hits = search(typed);
      expect(hits[0], typed).toMatchObject({ personId: heads.armenian.personId, reasons: ['document'] });
    }
    expect(ids(search('AM7654320'))).not.toContain(heads.armenian.personId);
  });
});

describe('ranking', () => {
  it('voided households rank below active ones with the same match, and say so', () => {
    voidHousehold(t.ctx, SYSTEM_ACTOR, { id: heads.latin.id, expectedVersion: 1, reason: 'Registered twice' });
    const duplicate = t.register(
      familyOfFour({
        phone: '+374 98 111222',
        members: [person('Hasmik', 'Sargsyan', 'F', '1979-04-02'), person('Gor', 'Sargsyan', 'M', '2010-10-10', 'child')],
      }),
    );
    const hits = search('Hasmik Sargsyan');
    const voidedAt = hits.findIndex((h) => h.householdId === heads.latin.id);
    const activeAt = hits.findIndex((h) => h.householdId === duplicate.id);
    expect(voidedAt).toBeGreaterThan(-1);
    expect(activeAt).toBeGreaterThan(-1);
    expect(activeAt).toBeLessThan(voidedAt);
    expect(hits[voidedAt]?.householdStatus).toBe('voided');
    // Every active Hasmik comes before the voided one.
    expect(hits.slice(voidedAt + 1).every((h) => h.householdStatus === 'voided')).toBe(true);
    expect(hits.slice(0, voidedAt).every((h) => h.householdStatus === 'active')).toBe(true);
  });

  it('an exact name ranks above a name that only starts with the query', () => {
    t.register(familyOfFour({ phone: '+374 98 111333', members: [person('Hasmikuhi', 'Sargsyan', 'F', '1960-01-01')] }));
    const hits = search('Hasmik');
    const prefixOnly = hits.findIndex((h) => h.name.startsWith('Hasmikuhi'));
    const exact = hits.findIndex((h) => h.personId === heads.latin.personId);
    expect(prefixOnly).toBeGreaterThan(exact);
    expect(hits[prefixOnly]?.score).toBeLessThan(hits[exact]?.score ?? 0);
  });
});
