import { birthDate } from '../../rules/age.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { KEY_PREFIX } from '../households/index-person.js';
import { nameKeys } from '../names/keys.js';
import { blockBase, blockNamesOf, blocksToRead, lookupOf, yearBits, type Lookup, type NameBlocks } from './blocks.js';
import { exactDatesToRead, guessMayMatch, hasFatherName, type DuplicateSubject } from './score.js';

/**
 * Who might one person already be? With a birth typed: the duplicate blocks (blocks.ts, migrations 014 and 021), a few dozen
 * index seeks with a range of years that find the same family name with a given name one slip away or spelt beyond
 * folding (Mher / Мгер), the same given name with a family name one slip away (Hambardzumyan / Амбарцумян), names
 * swapped between the fields and, with an exact date, either name on the same date; keys with b and p written either
 * way count too (Hakobyan / Акопян). Before a birth is typed: both name keys, through the search keys. Always: the
 * same document, the same phone.
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

function birthWindow(subject: DuplicateSubject): [number, number] | undefined {
  if (!subject.birth) return undefined;
  const date = birthDate(subject.birth, subject.recordedOn);
  const year = Number(date.slice(0, 4));
  const around = subject.birth.kind === 'age' ? YEARS_AROUND_ESTIMATED : YEARS_AROUND;
  return [year - around, year + around];
}

/** Who might one person be: persons by number (`persons.n`), found by the duplicate keys and the search keys. */
export interface Candidates {
  numbers: number[];
}

/** The candidates' ids. */
export function candidateIds(db: DB, subject: DuplicateSubject): Set<string> {
  const { numbers } = findCandidates(db, subject);
  const found = new Set<string>();
  if (numbers.length > 0) {
    for (const id of sql(db, 'SELECT id FROM persons WHERE n IN (SELECT value FROM json_each(?))').pluck<string>().all(JSON.stringify(numbers))) found.add(id);
  }
  return found;
}

/**
 * The blocks to read for a lookup (keys without a year): its own, and those of names one letter longer, or one letter
 * changed, or two swapped, found through the names' neighbourhoods; from memory when a check holds them (`known`).
 */
function blocksOf(db: DB, lookup: Lookup, known: NameBlocks | undefined): number[] {
  if (known) return blocksToRead(lookup, known, BLOCK_CAP);
  const near = sql(db, `SELECT DISTINCT n.block FROM json_each(?) j JOIN dup_names n ON n.near = j.value LIMIT ${BLOCK_CAP}`).pluck<number>();
  const read = new Set(lookup.read.map(blockBase));
  for (const block of near.all(JSON.stringify(lookup.names.map(blockBase)))) read.add(block);
  return [...read];
}

/** The last day anyone in the file arrived: a held person's age when registered is at most their age on it. */
const latestArrival = (db: DB): string => sql(db, 'SELECT max(arrival_date) FROM households').pluck<string | null>().get() ?? '9999-12-31';

/**
 * Who might one person be, by number. A check of many persons passes the file's names' blocks held in memory
 * (`loadNameBlocks`): the same persons are found with fewer seeks; and a map of the persons sharing each phone looked
 * up so far (`phones`), as a family's members share their household's phone.
 */
export function findCandidates(db: DB, subject: DuplicateSubject, known?: NameBlocks, phones?: Map<string, readonly number[]>): Candidates {
  const numbers = new Set<number>();
  const add = (persons: readonly number[]) => {
    for (const n of persons) numbers.add(n);
  };
  const given = keysOf(subject.givenName, subject.givenNameLatin);
  const family = keysOf(subject.familyName, subject.familyNameLatin);

  const window = birthWindow(subject);
  const birth = subject.birth;
  if (window && birth) {
    // One seek per block and a range of years: the blocks hold slips of either name and the names swapped.
    const spelt = blockNamesOf(subject, true);
    const names = { given: [...new Set([...given, ...spelt.given])], family: [...new Set([...family, ...spelt.family])] };
    const date = birth.kind === 'exact' ? birth.date : '';
    const lookup = lookupOf(names, date || undefined);
    // Each block a range of keys (its years), all in one statement: each person found once, however many blocks
    // hold them, handed back as one list (a row each cost more than the reading, at a hub of a million).
    const [from, to] = window;
    // The years of a block are its key's low bits: the keys of one block over the window are one range.
    const width = yearBits(to) - yearBits(from);
    const lows = JSON.stringify(blocksOf(db, lookup, known).map((base) => base + yearBits(from)));
    // Two exact dates that cannot agree leave the pair below the threshold unless a document or phone is shared
    // (those are looked up below): not read, not scored. Those that can: a slip, day and month swapped, the same date,
    // and the same year when a father's name may count too (exactDatesToRead).
    const year = date ? Number(date.slice(0, 4)) * 10_000 : 0;
    const fathers = hasFatherName(subject);
    const read = date ? exactDatesToRead(date, fathers) : { sameYear: true, dates: [] };
    // The persons found and their exact births (0: none), in the same order.
    const [persons, births] = sql(
      db,
      `SELECT group_concat(person), group_concat(born) FROM (
        SELECT k.person, k.born FROM json_each(@lows) j JOIN dup_keys k ON k.key BETWEEN j.value AND j.value + @width
        WHERE @year = 0 OR k.born = 0 OR (@sameYear AND k.born BETWEEN @year AND @year + 9999) OR k.born IN (SELECT value FROM json_each(@dates))
        LIMIT ${BLOCK_CAP}
      )`,
    )
      .raw<[string | null, string | null]>()
      .get({ lows, width, year, sameYear: read.sameYear ? 1 : 0, dates: JSON.stringify(read.dates) })!;
    if (persons) {
      const found = persons.split(',');
      if (date) for (const person of found) numbers.add(Number(person));
      else {
        // A birth guessed or known as a year: the exact births held that cannot agree with it are left out here.
        const may = guessMayMatch(birth, subject.recordedOn, fathers, latestArrival(db));
        const born = births!.split(',');
        for (const [i, person] of found.entries()) if (born[i] === '0' || may(Number(born[i]))) numbers.add(Number(person));
      }
    }
  } else {
    // No birth typed yet: both name keys, in either field.
    const both = sql(
      db,
      `SELECT a.person FROM search_keys a JOIN search_keys b ON b.person = a.person AND b.key = ?
      WHERE a.key = ? LIMIT ${BLOCK_CAP}`,
    ).pluck<number>();
    for (const g of given) for (const f of family) add(both.all(KEY_PREFIX.name + g, KEY_PREFIX.name + f));
  }

  // Everyone sharing a document or a phone the scorer compares: a document filed as a search key; a phone as the
  // person's own or their household's (filed as a search key for the head only, so looked up in both tables).
  const exact = sql(db, `SELECT person FROM search_keys WHERE key = ? LIMIT ${BLOCK_CAP}`).pluck<number>();
  for (const document of subject.documents) add(exact.all(KEY_PREFIX.document + document));
  for (const phone of subject.phones) {
    let sharing = phones?.get(phone);
    if (!sharing) {
      sharing = sql(
        db,
        `SELECT n FROM persons WHERE phone_normalised = @phone
        UNION ALL SELECT p.n FROM households h JOIN persons p ON p.household_id = h.id WHERE h.phone_normalised = @phone LIMIT ${BLOCK_CAP}`,
      )
        .pluck<number>()
        .all({ phone });
      phones?.set(phone, sharing);
    }
    add(sharing);
  }
  return { numbers: [...numbers] };
}
