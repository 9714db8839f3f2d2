import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { nameKeys } from '../names/keys.js';
import { spellingKeys } from './score.js';

/**
 * Blocking keys for duplicate detection (table `dup_blocks`, migration 011): which persons a check reads before it
 * scores any. Each person is filed under one name's folded key joined to the other name's key and to every key one
 * deletion away from it (both cut to their first few sounds), with the year of birth:
 *   family > given   Sargsyan, Aram     → sarksian>aram, sarksian>ram, sarksian>am, sarksian>ar, sarksian>ara
 *   given < family   Aram, Sargsyan     → aram<sark, aram<ark, aram<srk, ...
 * Two keys one slip apart (a letter dropped, added, changed, or two swapped) always share one key of their
 * deletion neighbourhoods, so a check finds, with one narrow index seek per key and a range of years:
 * - the same family name and a given name one slip away (or spelt beyond folding: Mher / Мгер), either way round
 *   the given name a family name one slip away (Hambardzumyan / Амбарцумян);
 * - given and family name in each other's fields (exactly).
 * A check adds the spellings folding keeps apart (b/p, Russian г for հ, Sargis / Sergey) on its own side only.
 */

/** Sounds of a name a block keeps: a slip past them changes nothing the block sees. */
const BLOCK_PREFIX = 5;
/** Joins the two names of a block, by which name comes first. */
const FAMILY_FIRST = '>';
const GIVEN_FIRST = '<';

/** A key cut to its first sounds and every key one deletion away from that. */
export function deletionNeighbourhood(key: string): string[] {
  const cut = key.slice(0, BLOCK_PREFIX);
  const out = new Set<string>([cut]);
  if (cut.length > 1) for (let i = 0; i < cut.length; i++) out.add(cut.slice(0, i) + cut.slice(i + 1));
  return [...out];
}

const cutOf = (key: string): string => key.slice(0, BLOCK_PREFIX);

export interface BlockNames {
  given: readonly string[];
  family: readonly string[];
}

/** Names repeat heavily: their keys are worked out once (bounded). */
const KEYS_KEPT = 20_000;
const keysKept = new Map<string, string[]>();
function keysOf(typed: string, latin: string | undefined, loose: boolean): string[] {
  const id = `${loose ? 1 : 0}\u0000${typed}\u0000${latin ?? ''}`;
  let keys = keysKept.get(id);
  if (!keys) {
    keys = [...new Set([...nameKeys(`${typed} ${latin ?? ''}`), ...spellingKeys(typed, loose)])];
    if (keysKept.size >= KEYS_KEPT) keysKept.clear();
    keysKept.set(id, keys);
  }
  return keys;
}

/**
 * Folded keys of a person's given and family names (as typed and their Latin forms), with the spellings the scorer
 * takes as the same name (Мегер / Mher, Захарян / Zakaryan): both sides carry them, so a pair is found either way.
 * A check (`loose`) adds keys with b/p and d/t made one.
 */
export function blockNamesOf(p: { givenName: string; familyName: string; givenNameLatin?: string; familyNameLatin?: string }, loose = false): BlockNames {
  return { given: keysOf(p.givenName, p.givenNameLatin, loose), family: keysOf(p.familyName, p.familyNameLatin, loose) };
}

/** A name's key joined to an exact date of birth: the other name may then be spelt any way at all. */
const AT_DATE = '@';

/**
 * The blocks a person is filed under, each with the other name's cut key it was made from (`other`, marked with the
 * direction): a check reads a namesake once, under the block of the name itself, not under every neighbour.
 * `exactBirth` when the date of birth is known to the day.
 */
export function storedBlocks(names: BlockNames, exactBirth?: string): [block: string, other: string][] {
  const out = new Map<string, string>();
  if (exactBirth) for (const k of [...names.family, ...names.given]) out.set(k + AT_DATE + exactBirth, '');
  for (const f of names.family) {
    for (const g of names.given) {
      for (const d of deletionNeighbourhood(g)) if (!out.has(f + FAMILY_FIRST + d)) out.set(f + FAMILY_FIRST + d, FAMILY_FIRST + cutOf(g));
      for (const d of deletionNeighbourhood(f)) if (!out.has(g + GIVEN_FIRST + d)) out.set(g + GIVEN_FIRST + d, GIVEN_FIRST + cutOf(f));
    }
  }
  return [...out];
}

export interface QueriedBlocks {
  /** Blocks of the names themselves (and swapped, and with the date): whoever is filed there is read. */
  exact: string[];
  /** Blocks of the names' neighbours: read only those whose other name is not one of `others` (found above). */
  neighbours: string[];
  others: string[];
}

/**
 * The blocks a check looks up for a person, given the keys of each name with the spellings the scorer also takes
 * as that name: the deletion neighbourhoods of each name under each key of the other, and the names swapped.
 */
export function queriedBlocks(names: BlockNames, exactBirth?: string): QueriedBlocks {
  const exact = new Set<string>();
  const neighbours = new Set<string>();
  const others = new Set<string>();
  if (exactBirth) {
    // The date as typed and with day and month swapped.
    const [y, m, d] = exactBirth.split('-');
    const dates = Number(d) <= 12 ? [exactBirth, `${y}-${d}-${m}`] : [exactBirth];
    for (const k of [...names.family, ...names.given]) for (const date of dates) exact.add(k + AT_DATE + date);
  }
  for (const f of names.family) {
    for (const g of names.given) {
      exact.add(f + FAMILY_FIRST + cutOf(g));
      exact.add(g + GIVEN_FIRST + cutOf(f));
      others.add(FAMILY_FIRST + cutOf(g));
      others.add(GIVEN_FIRST + cutOf(f));
      for (const d of deletionNeighbourhood(g)) neighbours.add(f + FAMILY_FIRST + d);
      for (const d of deletionNeighbourhood(f)) neighbours.add(g + GIVEN_FIRST + d);
      // Typed into each other's fields: the family name filed as a given name and the other way round.
      exact.add(g + FAMILY_FIRST + cutOf(f));
      exact.add(f + GIVEN_FIRST + cutOf(g));
    }
  }
  for (const block of exact) neighbours.delete(block);
  return { exact: [...exact], neighbours: [...neighbours], others: [...others] };
}

/** Files a person under their blocks (the one write path and migration 011 call it). */
export function indexBlocks(db: DB, personId: string, names: BlockNames, birthDate: string, exact: boolean): void {
  const year = Number(birthDate.slice(0, 4));
  if (!Number.isInteger(year)) return;
  const insert = sql(db, 'INSERT OR IGNORE INTO dup_blocks (block, birth_year, person_id, exact_date, other) VALUES (?, ?, ?, ?, ?)');
  const date = exact ? birthDate : '';
  for (const [block, other] of storedBlocks(names, exact ? birthDate : undefined)) insert.run(block, year, personId, date, other);
}
