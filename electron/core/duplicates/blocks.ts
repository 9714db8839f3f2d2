import { readSetting, writeSetting } from '../batch/settings.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { nameKeys } from '../names/keys.js';
import { spellingKeys } from './score.js';

/**
 * Blocking keys for duplicate detection (tables `dup_keys` and `dup_names`, migrations 014 and 021): which persons a
 * check reads before it scores any. A name's folded key is joined to the other name's key cut to its first few
 * sounds, with the year of birth:
 *   family > given   Sargsyan, Aram     → sarksian>aram
 *   given < family   Aram, Sargsyan     → aram<sarks
 * Two keys one slip apart (a letter dropped, added, changed, or two swapped) always share one key of their deletion
 * neighbourhoods (aram: ram, aam, arm, ara), so a check finds, with narrow index seeks and a range of years:
 * - the same family name and a given name one slip away (or spelt beyond folding: Mher / Мгер), either way round
 *   the given name a family name one slip away (Hambardzumyan / Амбарцумян);
 * - given and family name in each other's fields (exactly);
 * - either name on the same exact date of birth, the other spelt any way.
 * A check adds the spellings folding keeps apart (b/p, Russian г for հ, Sargis / Sergey) on its own side only.
 * How the neighbourhoods are kept: `filingOf` and `lookupOf` below.
 *
 * Stored compactly, for a hub of a million persons: a block and its year are one integer (a 44-bit hash of the
 * block's text, then the year in the low 8 bits, so a range of years is a range of keys); the person is their number
 * in the file (`persons.n`, kept across every version of the household), not their 36-letter id. There is no index
 * by person: the one write path works out the keys a person was filed under from the row it replaces and deletes
 * exactly those (`unfileBlocks`). So a change to how keys are made (names/keys.ts, the spellings, the hash) needs a
 * migration that files every person again, or the old keys would stay behind; `sweepOrphanKeys` (run by a purge that
 * vacuums) removes any that did.
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
 * The blocks migration 014 filed a person under (every block of the names' deletion neighbourhoods, each with the
 * other name's cut key it was made from, `other`). Kept for that migration, which is never edited; migration 021
 * files everyone again the way `fileBlocks` does.
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

/**
 * How persons are filed since migration 021, so a check reads a person's namesakes once and nobody else's:
 * - `dup_keys` holds each person under the blocks of their names as they are (family > given, given < family, and
 *   either name on an exact date of birth): about five rows a person, where the deletion neighbourhoods of each
 *   person took nineteen (most of a hub's file, and most rows a check read and threw away: a name's namesakes are
 *   filed under every neighbour of it).
 * - `dup_names` holds the neighbourhoods once per name, not per person: each block one deletion away from a name's
 *   block, pointing to that block. A check reads the persons filed under its own blocks and under each neighbour (a
 *   name one deletion shorter), then the blocks of names whose neighbourhood meets its own (one letter more, changed
 *   or two swapped), and the persons filed there.
 * Two names one slip apart are found either way, as before (blocks.test.ts).
 */
export interface Filing {
  /** Blocks the person is filed under in `dup_keys`. */
  blocks: string[];
  /** `[neighbour, block]`: a block one deletion away from one of the person's, kept in `dup_names`. */
  names: [neighbour: string, block: string][];
}

export function filingOf(names: BlockNames, exactBirth?: string): Filing {
  const blocks = new Set<string>();
  const pairs = new Map<string, [string, string]>();
  if (exactBirth) for (const k of [...names.family, ...names.given]) blocks.add(k + AT_DATE + exactBirth);
  const near = (name: string, join: string, other: string) => {
    const block = name + join + cutOf(other);
    blocks.add(block);
    for (const d of deletionNeighbourhood(other)) {
      const neighbour = name + join + d;
      if (neighbour !== block) pairs.set(`${neighbour}\u0000${block}`, [neighbour, block]);
    }
  };
  for (const f of names.family) {
    for (const g of names.given) {
      near(f, FAMILY_FIRST, g);
      near(g, GIVEN_FIRST, f);
    }
  }
  return { blocks: [...blocks], names: [...pairs.values()] };
}

export interface Lookup {
  /** Blocks whose persons are read: the names' own, swapped between the fields, on the date, and their neighbours. */
  read: string[];
  /** Blocks looked up in `dup_names`: the names' own and their neighbours; the blocks found there are read too. */
  names: string[];
}

/** The blocks a check reads for a person, given the keys of each name with the spellings the scorer takes as that name. */
export function lookupOf(names: BlockNames, exactBirth?: string): Lookup {
  const read = new Set<string>();
  const near = new Set<string>();
  if (exactBirth) {
    // The date as typed and with day and month swapped.
    const [y, m, d] = exactBirth.split('-');
    const dates = Number(d) <= 12 ? [exactBirth, `${y}-${d}-${m}`] : [exactBirth];
    for (const k of [...names.family, ...names.given]) for (const date of dates) read.add(k + AT_DATE + date);
  }
  for (const f of names.family) {
    for (const g of names.given) {
      for (const d of deletionNeighbourhood(g)) near.add(f + FAMILY_FIRST + d);
      for (const d of deletionNeighbourhood(f)) near.add(g + GIVEN_FIRST + d);
      // Typed into each other's fields: the family name filed as a given name and the other way round.
      read.add(g + FAMILY_FIRST + cutOf(f));
      read.add(f + GIVEN_FIRST + cutOf(g));
    }
  }
  for (const block of near) read.add(block);
  return { read: [...read], names: [...near] };
}

/** A 53-bit hash of a string (cyrb53, public domain): spread well, fast, the same on every machine. */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The first year a key tells apart; the key holds the year as its low 8 bits (1880 to 2135). */
const YEAR_FROM = 1880;
/** A year as the low bits of a key: a block's key for that year is `blockBase(block) + yearBits(year)`. */
export const yearBits = (year: number): number => Math.min(255, Math.max(0, year - YEAR_FROM));
/** Distinct blocks hash apart in 44 bits: two that meet only add a candidate, which the scorer turns away. */
const blockBits = (block: string) => Math.floor(hash53(block) / 512) * 256;

/** A block and a year of birth as the one integer stored. */
export const blockKey = (block: string, year: number): number => blockBits(block) + yearBits(year);

/** The other name's cut key, as a small number (0: none, a block of an exact date). */
export const otherKey = (other: string): number => (other === '' ? 0 : (hash53(other) % 0xfffffe) + 1);

/** An exact date of birth as the number stored (yyyymmdd), and back; 0 is none. */
const bornNumber = (date: string): number => Number(date.replaceAll('-', ''));
export const bornDate = (born: number): string => {
  const t = String(born);
  return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`;
};

/** What a person is filed by: the persons row's own columns, so the row being replaced says what to delete. */
export interface FiledPerson {
  givenName: string;
  familyName: string;
  givenNameLatin: string;
  familyNameLatin: string;
  /** The date of birth as stored (worked out from a year or an age when not exact). */
  birthDate: string;
  exact: boolean;
}

function keysOfPerson(p: FiledPerson): { key: number; other: number }[] {
  const year = Number(p.birthDate.slice(0, 4));
  if (!Number.isInteger(year)) return [];
  return storedBlocks(blockNamesOf(p), p.exact ? p.birthDate : undefined).map(([block, other]) => ({ key: blockKey(block, year), other: otherKey(other) }));
}

/** Files a person as migration 014 did (`storedBlocks`): for that migration only. */
export function filePerson(db: DB, n: number, p: FiledPerson): void {
  const insert = sql(db, 'INSERT OR IGNORE INTO dup_keys (key, person, other, born) VALUES (?, ?, ?, ?)');
  const born = p.exact ? bornNumber(p.birthDate) : 0;
  for (const { key, other } of keysOfPerson(p)) insert.run(key, n, other, born);
}

/** A block as `dup_names` holds it: its key with no year. */
export const blockBase = (block: string): number => blockBits(block);

/**
 * Whether `dup_names` knows of anyone filed under this block: a block of two names has a row there for each neighbour
 * (`filingOf`) as soon as anyone is filed under it, so a block it does not list holds nobody. A date's block, and a
 * block whose second name is cut to one sound (no neighbours), it says nothing of.
 */
function listedInNames(block: string): boolean {
  const join = Math.max(block.indexOf(FAMILY_FIRST), block.indexOf(GIVEN_FIRST));
  return join >= 0 && !block.includes(AT_DATE) && block.length - join - 1 > 1;
}

/**
 * The names' blocks a file holds (`dup_names`), in memory, for a check of many persons: each neighbour with the
 * blocks it leads to, and every block of two names anyone was filed under. Its rows are the names' neighbourhoods,
 * not the persons: some 26,000 at a hub of a million in the synthetic seed, a few MB. A check then finds its persons'
 * neighbours without a seek each, and does not seek blocks nobody is filed under (most of a person's neighbour blocks).
 */
export interface NameBlocks {
  near: Map<number, number[]>;
  filed: Set<number>;
}

/** Rows of `dup_names` held in memory at most (a file of unusually many distinct names is looked up row by row). */
const NAME_BLOCKS_HELD = 100_000;

/** The file's names' blocks, or nothing when there are more rows than a check holds (`NAME_BLOCKS_HELD`). */
export function loadNameBlocks(db: DB, most = NAME_BLOCKS_HELD): NameBlocks | undefined {
  const rows = sql(db, 'SELECT count(*) FROM (SELECT 1 FROM dup_names LIMIT ?)')
    .pluck<number>()
    .get(most + 1)!;
  if (rows > most) return undefined;
  const near = new Map<number, number[]>();
  const filed = new Set<number>();
  for (const [neighbour, block] of sql(db, 'SELECT near, block FROM dup_names').raw<[number, number]>().iterate()) {
    const blocks = near.get(neighbour);
    if (blocks) blocks.push(block);
    else near.set(neighbour, [block]);
    filed.add(block);
  }
  return { near, filed };
}

/**
 * The blocks to read for a lookup, as keys without a year, when the file's names' blocks are in memory: those of
 * `lookup.read` someone may be filed under, then those found through the names' neighbourhoods (at most `most`).
 */
export function blocksToRead(lookup: Lookup, known: NameBlocks, most: number): number[] {
  const read = new Set<number>();
  for (const block of lookup.read) {
    const base = blockBits(block);
    if (!listedInNames(block) || known.filed.has(base)) read.add(base);
  }
  const found = new Set<number>();
  for (const name of lookup.names) {
    for (const block of known.near.get(blockBits(name)) ?? []) {
      if (found.size >= most) break;
      found.add(block);
    }
  }
  for (const block of found) read.add(block);
  return [...read];
}

/** The rows a person is filed under since migration 021: their blocks with the year, and their names' neighbourhoods. */
function filingRowsOf(p: FiledPerson): { keys: number[]; names: [number, number][] } | undefined {
  const year = Number(p.birthDate.slice(0, 4));
  if (!Number.isInteger(year)) return undefined;
  const filing = filingOf(blockNamesOf(p), p.exact ? p.birthDate : undefined);
  return { keys: filing.blocks.map((block) => blockKey(block, year)), names: filing.names.map(([near, block]) => [blockBits(near), blockBits(block)]) };
}

/**
 * Files a person under their blocks (the one write path and migration 021 call it). A name's neighbourhood is kept
 * once whoever carries it, and stays when they are gone: a block found there with nobody filed in it reads nothing
 * (`sweepOrphanKeys` takes such rows away when the file is vacuumed).
 */
export function fileBlocks(db: DB, n: number, p: FiledPerson): void {
  const rows = filingRowsOf(p);
  if (!rows) return;
  const insert = sql(db, 'INSERT OR IGNORE INTO dup_keys (key, person, born) VALUES (?, ?, ?)');
  const born = p.exact ? bornNumber(p.birthDate) : 0;
  for (const key of rows.keys) insert.run(key, n, born);
  const name = sql(db, 'INSERT OR IGNORE INTO dup_names (near, block) VALUES (?, ?)');
  for (const [near, block] of rows.names) name.run(near, block);
}

/** Deletes the keys a person was filed under (`fileBlocks`), worked out again from the row that filed them. */
export function unfileBlocks(db: DB, n: number, p: FiledPerson): void {
  const remove = sql(db, 'DELETE FROM dup_keys WHERE key = ? AND person = ?');
  for (const key of filingRowsOf(p)?.keys ?? []) remove.run(key, n);
}

/** Whether two rows of a person are filed under the same keys (a version that changed no name and no birth). */
export const sameFiling = (a: FiledPerson, b: FiledPerson): boolean =>
  a.givenName === b.givenName &&
  a.familyName === b.familyName &&
  a.givenNameLatin === b.givenNameLatin &&
  a.familyNameLatin === b.familyNameLatin &&
  a.birthDate === b.birthDate &&
  a.exact === b.exact;

/** The persons row's columns a filing is made from, under the names `FiledPerson` gives them. */
export const FILED_COLUMNS = `given_name AS givenName, family_name AS familyName, given_name_latin AS givenNameLatin,
  family_name_latin AS familyNameLatin, birth_date AS birthDate, birth_kind = 'exact' AS exact`;

interface FiledRow extends Omit<FiledPerson, 'exact'> {
  id: string;
  n: number;
  exact: number;
}
const asFiled = ({ exact, ...row }: FiledRow) => ({ ...row, exact: exact === 1 });

/** A household's persons as filed now: their numbers and what their keys were made from. */
export function filedPersonsOf(db: DB, householdId: string): (FiledPerson & { id: string; n: number })[] {
  return sql<FiledRow>(db, `SELECT id, n, ${FILED_COLUMNS} FROM persons WHERE household_id = ?`).all(householdId).map(asFiled);
}

/** Takes a household's persons out of the blocks (before the household is deleted for good). */
export function unfileHousehold(db: DB, householdId: string): void {
  for (const p of filedPersonsOf(db, householdId)) unfileBlocks(db, p.n, p);
}

/** The highest person number ever given (settings): numbers only grow, even when the newest persons are erased. */
const LAST_PERSON_NUMBER = 'persons.lastNumber';

/**
 * The number the next new person takes: above every number given before, so an erased person's number is never a
 * living person's (keys the erased person might have left behind would otherwise point at them).
 */
export const nextPersonNumber = (db: DB): number =>
  Math.max(sql(db, 'SELECT coalesce(max(n), 0) FROM persons').pluck<number>().get()!, Number(readSetting(db, LAST_PERSON_NUMBER) ?? 0)) + 1;

/** Records that numbers up to `last` were given (in the transaction that gave them). */
export const personNumbersGivenUpTo = (db: DB, last: number): void => writeSetting(db, LAST_PERSON_NUMBER, String(last));

/** Keys whose person is gone (kept by a change to how keys are made): a full pass, run when the file is vacuumed. */
export function sweepOrphanKeys(db: DB): number {
  const keys = sql(db, 'DELETE FROM dup_keys WHERE NOT EXISTS (SELECT 1 FROM persons p WHERE p.n = dup_keys.person)').run().changes;
  // Neighbourhoods of names nobody carries any more (an erased person's among them).
  const names = sql(db, 'DELETE FROM dup_names WHERE NOT EXISTS (SELECT 1 FROM dup_keys k WHERE k.key BETWEEN dup_names.block AND dup_names.block + 255)').run()
    .changes;
  return keys + names;
}
