import { describe, expect, it } from 'vitest';
import { fatherName, LIKELY_DUPLICATE, scoreDuplicate, type DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import { foldName } from '../../../electron/core/names/keys.js';

/** The scorer's rules one at a time (the labelled set measures them together). */

const subject = (p: Partial<DuplicateSubject>): DuplicateSubject => ({
  givenName: 'Anna', familyName: 'Sargsyan', patronymic: '', sex: 'F', birth: { kind: 'exact', date: '1985-03-14' },
  recordedOn: '2026-11-20', documents: [], phones: [], ...p,
});

describe('fatherName', () => {
  it.each([['Арамович', 'aram'], ['Արամի', 'aram'], ['Aramovich', 'aram'], ['Arami', 'aram'], ['Арамовна', 'aram'], ['Վահեի', 'vahe'], ['Ованесович', 'ovanes']])(
    '%s → %s', (patronymic, father) => expect(fatherName(patronymic)).toBe(father),
  );
});

describe('scoreDuplicate', () => {
  it('a common name with only an estimated age is not enough; a rare one is', () => {
    const a = subject({ birth: { kind: 'age', years: 41 } });
    const b = subject({});
    const common = (key: string) => (key === foldName('Anna') ? 0.02 : key === foldName('Sargsyan') ? 0.03 : 0);
    expect(scoreDuplicate(a, b, common).score).toBeLessThan(LIKELY_DUPLICATE);
    expect(scoreDuplicate(a, b, () => 0.0001).score).toBeGreaterThanOrEqual(LIKELY_DUPLICATE);
  });

  it('a common name with the same date of birth is', () => {
    expect(scoreDuplicate(subject({}), subject({ givenName: 'Анна', familyName: 'Саркисян' }), () => 0.03).score).toBeGreaterThan(0.9);
  });

  it('says what it weighed, evidence for first', () => {
    const { reasons } = scoreDuplicate(subject({ phones: ['+37491123456'] }), subject({ givenName: 'Աննա', birth: { kind: 'exact', date: '1985-07-21' }, phones: ['+37491123456'] }));
    expect(reasons.map((r) => r.code)).toEqual(['other_script', 'same_phone', 'different_birth_date']);
    expect(reasons.map((r) => r.effect)).toEqual(['for', 'for', 'against']);
  });

  it('leaves out what is not known yet', () => {
    const { sex: _sex, birth: _birth, ...names } = subject({});
    expect(scoreDuplicate(names as DuplicateSubject, subject({})).reasons.map((r) => r.code)).toEqual(['same_name']);
  });

  it('another generation outweighs everything but a shared document', () => {
    const old = subject({ birth: { kind: 'exact', date: '1950-03-14' } });
    expect(scoreDuplicate(old, subject({})).reasons).toContainEqual({ code: 'other_generation', effect: 'against' });
    expect(scoreDuplicate(old, subject({})).score).toBeLessThan(0.1);
  });
});
