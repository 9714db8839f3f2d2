import type { Person } from '../../api/schemas/household.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { nameKeys, normaliseDocumentNumber, normalisePhone } from '../names/keys.js';
import { transliterate } from '../names/translit.js';
import { compactNumber } from '../intake/registration-number.js';
import type { Tally } from './tally.js';

/** Search keys by kind: a prefix each, so one index serves names, numbers, phones and documents. */
export const KEY_PREFIX = { name: 'n:', number: 'r:', phone: 'p:', document: 'd:' } as const;

/** Phones are stored reversed, so "ends with these digits" (how people quote a number) is a prefix lookup. */
export const phoneKey = (digits: string): string => KEY_PREFIX.phone + [...digits].reverse().join('');

/** The phone keys of a person: their own phone and, for the head, the family's. */
export function phoneKeysOf(personPhone: string, householdPhone: string): string[] {
  const keys = new Set<string>();
  for (const raw of [personPhone, householdPhone]) {
    // E.164 digits; a number no country uses is still found by the digits typed.
    const digits = (normalisePhone(raw) ?? raw).replace(/\D/g, '');
    if (digits.length >= 6) keys.add(phoneKey(digits));
  }
  return [...keys];
}

export function fillLatinNames<P extends Person>(person: P): P {
  return {
    ...person,
    givenNameLatin: person.givenNameLatin || transliterate(person.givenName),
    familyNameLatin: person.familyNameLatin || transliterate(person.familyName),
    patronymicLatin: person.patronymicLatin || transliterate(person.patronymic),
  };
}

export function searchKeysOf(person: Person & { id: string }, registrationNumber: string, householdPhone = ''): Map<string, string> {
  const keys = new Map<string, string>();
  const names = [person.givenName, person.familyName, person.patronymic, person.givenNameLatin, person.familyNameLatin, person.patronymicLatin];
  for (const key of nameKeys(names.join(' '))) keys.set(KEY_PREFIX.name + key, 'name');
  if (person.relationship === 'head') {
    keys.set(KEY_PREFIX.number + compactNumber(registrationNumber), 'number');
  }
  for (const key of phoneKeysOf(person.phone, person.relationship === 'head' ? householdPhone : '')) keys.set(key, 'phone');
  for (const doc of person.documents) {
    const number = normaliseDocumentNumber(doc.number);
    if (number) keys.set(KEY_PREFIX.document + number, 'document');
  }
  return keys;
}

/**
 * Writes a person's search keys under their number (`persons.n`, migration 022); their name keys are counted in
 * `tally` (written once per write or batch).
 */
export function indexPerson(db: DB, n: number, person: Person & { id: string }, registrationNumber: string, householdPhone: string, tally: Tally): void {
  const insert = sql(db, 'INSERT INTO search_keys (key, person) VALUES (?, ?)');
  for (const [key, kind] of searchKeysOf(person, registrationNumber, householdPhone)) {
    insert.run(key, n);
    if (kind === 'name') tally.nameKey(key, 1);
  }
}
