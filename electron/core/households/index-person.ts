import type { Person } from '../../api/schemas/household.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { nameKeys, normaliseDocumentNumber, normalisePhone } from '../names/keys.js';
import { transliterate } from '../names/translit.js';
import { compactNumber } from '../registration-number.js';

/** Search keys by kind: a prefix each, so one index serves names, numbers, phones and documents. */
export const KEY_PREFIX = { name: 'n:', number: 'r:', phone: 'p:', document: 'd:' } as const;

/** Phones are stored reversed, so "ends with these digits" (how people quote a number) is a prefix lookup. */
export const phoneKey = (digits: string): string => KEY_PREFIX.phone + [...digits].reverse().join('');

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
  for (const raw of [person.phone, person.relationship === 'head' ? householdPhone : '']) {
    const phone = normalisePhone(raw);
    if (phone) keys.set(phoneKey(phone.replace(/\D/g, '')), 'phone');
  }
  for (const doc of person.documents) {
    const number = normaliseDocumentNumber(doc.number);
    if (number) keys.set(KEY_PREFIX.document + number, 'document');
  }
  return keys;
}

export function indexPerson(db: DB, person: Person & { id: string }, registrationNumber: string, householdPhone = ''): void {
  const insert = sql(db, 'INSERT INTO search_keys (key, person_id, kind) VALUES (?, ?, ?)');
  for (const [key, kind] of searchKeysOf(person, registrationNumber, householdPhone)) insert.run(key, person.id, kind);
}
