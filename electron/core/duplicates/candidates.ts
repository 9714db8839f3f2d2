import { birthDate } from '../../api/age.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { KEY_PREFIX, phoneKey } from '../households/index-person.js';
import { nameKeys } from '../names/keys.js';
import type { DuplicateSubject } from './score.js';

/**
 * Who might one person already be? Blocking through the search keys, so a check reads a few thousand index entries,
 * not the file: the family name key, another key beginning with the given name's first letter and a birth within a
 * few years (which holds both names in either field, and a given name spelt beyond folding: Mher / Мгер); the same
 * the other way round (Hambardzumyan / Амбарцумян); before a birth is typed, both name keys; the same document; the
 * same phone.
 * Keys with b and p written either way count too (Hakobyan / Акопян).
 */

/** Years either side of the birth a name-and-birth block reaches; an estimated age reaches further. */
const YEARS_AROUND = 2;
const YEARS_AROUND_ESTIMATED = 5;
/** Persons read at most per block: a block this large says nothing about one person. */
const BLOCK_CAP = 4000;

/** A folded key and its b/p twin. */
export function voicingVariants(key: string): string[] {
  const twin = key.replace(/[bp]/g, (c) => (c === 'b' ? 'p' : 'b'));
  return twin === key ? [key] : [key, twin];
}

const keysOf = (...names: (string | undefined)[]): string[] => {
  const keys = new Set<string>();
  for (const name of names) for (const k of nameKeys(name ?? '')) for (const v of voicingVariants(k)) keys.add(v);
  return [...keys];
};

function birthWindow(subject: DuplicateSubject): [string, string] | undefined {
  if (!subject.birth) return undefined;
  const date = birthDate(subject.birth, subject.recordedOn);
  const year = Number(date.slice(0, 4));
  const around = subject.birth.kind === 'age' ? YEARS_AROUND_ESTIMATED : YEARS_AROUND;
  return [`${year - around}-01-01`, `${year + around}-12-31`];
}

export function candidateIds(db: DB, subject: DuplicateSubject): Set<string> {
  const found = new Set<string>();
  const add = (ids: unknown[]) => {
    for (const id of ids) found.add(id as string);
  };
  const given = keysOf(subject.givenName, subject.givenNameLatin);
  const family = keysOf(subject.familyName, subject.familyNameLatin);

  const window = birthWindow(subject);
  if (window) {
    // One name key, another key of the person beginning as the other name does, and a birth within a few years.
    // This holds every person with both keys born near enough, and the spellings beyond folding.
    // CROSS JOIN keeps SQLite's order: the cheap covering seek into the person's keys before the row of the person.
    const oneKeyAndBirth = sql(db, `SELECT DISTINCT a.person_id FROM search_keys a
      CROSS JOIN search_keys c CROSS JOIN persons p
      WHERE a.key = ? AND c.person_id = a.person_id AND c.key >= ? AND c.key < ? AND c.key <> a.key
        AND p.id = a.person_id AND p.birth_date BETWEEN ? AND ? LIMIT ${BLOCK_CAP}`).pluck();
    const initials = (keys: string[]) => [...new Set(keys.map((k) => k[0]).filter((c): c is string => !!c))];
    for (const [keys, others] of [[family, given], [given, family]] as const) {
      for (const initial of initials(others)) {
        const from = KEY_PREFIX.name + initial;
        for (const k of keys) add(oneKeyAndBirth.all(KEY_PREFIX.name + k, from, `${from}\uffff`, ...window));
      }
    }
  } else {
    // No birth typed yet: both name keys, in either field.
    const both = sql(db, `SELECT a.person_id FROM search_keys a JOIN search_keys b ON b.person_id = a.person_id AND b.key = ?
      WHERE a.key = ? LIMIT ${BLOCK_CAP}`).pluck();
    for (const g of given) for (const f of family) add(both.all(KEY_PREFIX.name + g, KEY_PREFIX.name + f));
  }

  const exact = sql(db, `SELECT person_id FROM search_keys WHERE key = ? LIMIT ${BLOCK_CAP}`).pluck();
  for (const document of subject.documents) add(exact.all(KEY_PREFIX.document + document));
  for (const phone of subject.phones) add(exact.all(phoneKey(phone.replace(/\D/g, ''))));
  return found;
}
