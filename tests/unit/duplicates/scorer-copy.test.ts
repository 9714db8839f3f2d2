import { afterEach, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { HeldNames, heldByNumbers, scoringRecordsByNumbers, subjectOf } from '../../../electron/core/duplicates/people.js';
import { prepareSubject } from '../../../electron/core/duplicates/score.js';
import { idNumber } from '../../../electron/core/duplicates/scorer-copy.js';
import { writeSnapshot } from '../../../electron/core/households/write.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { cleanupTemp, familyOfFour, makeTempCore } from '../../helpers/core.js';
import { firstVersion } from '../../helpers/snapshots.js';

/**
 * The hub's check reads each candidate from the scorer's compact copy (migration 026: names as the scorer reads them,
 * ids hashed, births and arrival days as numbers) and the batch's own persons from the persons table. Either way a
 * person must come out the same to the scorer: its names, father's name, sex, birth (a date, a year or an age, with
 * the day recorded), documents and phones.
 */

afterEach(cleanupTemp);

it('gives the scorer each person as the persons table does', () => {
  const t = makeTempCore();
  seedHouseholds(t.ctx, SYSTEM_ACTOR, 60, 26);
  // What the seed may not hold: names typed only in Latin letters, an age and a year, a document, a person's own phone.
  const family = familyOfFour({ arrivedAt: '2026-11-19T10:00:00.000Z', phone: '+374 91 123456' });
  family.members[0] = { ...family.members[0]!, givenName: '', familyName: '', givenNameLatin: 'Aram', familyNameLatin: 'Sargsyan', patronymicLatin: 'Vahei' };
  family.members[1] = { ...family.members[1]!, birth: { kind: 'age', years: 41 }, phone: '+374 77 111222' };
  family.members[2] = { ...family.members[2]!, birth: { kind: 'year', year: 2011 }, documents: [{ type: 'passport', number: 'AM 1234567' }] };
  // As another station's batch may carry it (the desk's rules ask for the names in the person's own script).
  const snapshot = firstVersion('0190aaaa-h', 'KQ7M-00999-X', 'station-2', '2026-11-19T10:00:00.000Z', family, (i) => `0190aaaa-p${i}`);
  writeSnapshot(t.db, snapshot, { at: snapshot.registeredAt, operator: 'test', action: 'registered', reason: '' });

  const numbers = t.db.prepare('SELECT n FROM persons ORDER BY n').pluck().all() as number[];
  const records = scoringRecordsByNumbers(t.db, numbers);
  const held = heldByNumbers(t.db, numbers, new HeldNames());
  expect(held.map((h) => h.n)).toEqual(numbers);
  expect(records.map((r) => r.n)).toEqual(numbers);
  const kinds = new Set(records.map((r) => r.birth_kind));
  expect(kinds).toEqual(new Set(['exact', 'year', 'age']));
  for (const [i, h] of held.entries()) {
    const r = records[i]!;
    expect(h.prepared, `person ${r.n}`).toEqual(prepareSubject(subjectOf(r)));
    expect([h.household, h.station]).toEqual([idNumber(r.household_id), idNumber(r.station_id)]);
  }
  // The Latin-only head is read by the Latin names; the document and both phones come through.
  const head = held.find((h) => h.prepared.given.text === 'Aram' && h.prepared.family.text === 'Sargsyan');
  expect(head?.prepared.father.text).not.toBe('');
  expect(held.some((h) => h.prepared.documents.length === 1 && h.prepared.birth?.precision === 'year')).toBe(true);
  expect(held.some((h) => h.prepared.phones.length === 2 && h.prepared.birth?.precision === 'estimated')).toBe(true);

  // A station's own persons are not read when the check says so.
  expect(heldByNumbers(t.db, numbers, new HeldNames(), idNumber(t.ctx.station.stationId)).map((h) => h.n)).toEqual(
    t.db.prepare("SELECT p.n FROM persons p JOIN households h ON h.id = p.household_id WHERE h.station_id = 'station-2' ORDER BY p.n").pluck().all(),
  );
});
