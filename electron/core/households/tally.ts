import { ageBand, ageInYears } from '../../rules/age.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { unfileHousehold } from '../duplicates/blocks.js';
import { dropPairsOf } from '../duplicates/hub.js';
import { KEY_PREFIX } from './index-person.js';

/**
 * Counts kept by the one write path, so that reading them costs the same at any size (issue 16):
 * - `figure_counts`: active households and their persons per arrival day and centre, persons by sex and age band
 *   (age on the day of arrival), and persons per category of specific need (a person once per category). `stats`
 *   sums these rows instead of walking every person.
 * - `search_vocab`: how many persons carry each folded name key (search ranks the keys a prefix reaches by it).
 *
 * A write adds what a household now counts and takes away what it counted before, into a tally; the tally is written
 * once, at the end of the write or (inside `batched`) once per batch, so an import of 250,000 persons updates each
 * count once rather than once per person.
 */

const NAME_FROM = KEY_PREFIX.name;
const NAME_TO = `${KEY_PREFIX.name.slice(0, -1)}${String.fromCharCode(KEY_PREFIX.name.charCodeAt(KEY_PREFIX.name.length - 1) + 1)}`;

export class Tally {
  readonly figures = new Map<string, number>();
  readonly vocab = new Map<string, number>();

  private bump(map: Map<string, number>, key: string, by: number): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }

  figure(date: string, centre: string, kind: 'h' | 'p' | 'n', bucket: string, by: number): void {
    this.bump(this.figures, `${date}\u0000${centre}\u0000${kind}\u0000${bucket}`, by);
  }

  person(date: string, centre: string, sex: string, birthDate: string, needsJson: string, by: number): void {
    this.figure(date, centre, 'p', `${sex}|${ageBand(Math.max(0, ageInYears(birthDate, date)))}`, by);
    if (needsJson === '[]' || needsJson === '') return;
    const categories = new Set((JSON.parse(needsJson) as string[]).map((code) => code.slice(0, 2)));
    for (const category of categories) this.figure(date, centre, 'n', category, by);
  }

  nameKey(key: string, by: number): void {
    this.bump(this.vocab, key, by);
  }

  /** Writes every count that changed; the caller's transaction holds it with the rows it describes. */
  flush(db: DB): void {
    if (this.figures.size > 0) {
      const upsert = sql(
        db,
        `INSERT INTO figure_counts (arrival_date, centre_code, kind, bucket, n) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (arrival_date, centre_code, kind, bucket) DO UPDATE SET n = n + excluded.n`,
      );
      for (const [key, by] of this.figures) {
        if (by === 0) continue;
        const [date, centre, kind, bucket] = key.split('\u0000') as [string, string, string, string];
        upsert.run(date, centre, kind, bucket, by);
      }
      sql(db, 'DELETE FROM figure_counts WHERE n = 0').run();
    }
    if (this.vocab.size > 0) {
      const upsert = sql(db, 'INSERT INTO search_vocab (key, persons) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET persons = persons + excluded.persons');
      for (const [key, by] of this.vocab) if (by !== 0) upsert.run(key, by);
    }
    this.figures.clear();
    this.vocab.clear();
  }
}

const open = new WeakMap<DB, Tally>();

/**
 * Runs `fn` (inside the caller's transaction) with one tally for every household it writes, written once at the end.
 * On an error nothing of the tally is written: the transaction that rolls back takes the rows with it.
 */
export function batched<T>(db: DB, fn: () => T): T {
  if (open.has(db)) return fn();
  const tally = new Tally();
  open.set(db, tally);
  try {
    const result = fn();
    tally.flush(db);
    return result;
  } finally {
    open.delete(db);
  }
}

/** The tally of the batch under way, or a fresh one the caller flushes itself. */
export function tallyFor(db: DB): { tally: Tally; own: boolean } {
  const batch = open.get(db);
  return batch ? { tally: batch, own: false } : { tally: new Tally(), own: true };
}

/**
 * Takes away what a household as it stands in the file counts (figures if it is active; its persons' name keys
 * always): before it is rewritten or deleted.
 */
export function untallyHousehold(db: DB, tally: Tally, householdId: string): void {
  const h = sql<{ status: string; arrival_date: string; centre_code: string }>(db, 'SELECT status, arrival_date, centre_code FROM households WHERE id = ?').get(
    householdId,
  );
  if (!h) return;
  if (h.status === 'active') {
    tally.figure(h.arrival_date, h.centre_code, 'h', '', -1);
    const persons = sql(db, 'SELECT sex, birth_date, specific_needs FROM persons WHERE household_id = ?').raw<[string, string, string]>().all(householdId);
    for (const [sex, dob, needs] of persons) tally.person(h.arrival_date, h.centre_code, sex, dob, needs, -1);
  }
  const keys = sql(
    db,
    `SELECT k.key FROM persons p JOIN search_keys k ON k.person = p.n
    WHERE p.household_id = ? AND k.key >= ? AND k.key < ?`,
  )
    .pluck<string>()
    .all(householdId, NAME_FROM, NAME_TO);
  for (const key of keys) tally.nameKey(key, -1);
}

/** Takes a household away for good (erasure, a station's deletion at the hub), its counts with it. */
export function deleteHousehold(db: DB, householdId: string): void {
  const { tally, own } = tallyFor(db);
  untallyHousehold(db, tally, householdId);
  // Members, search keys and versions go with the household (ON DELETE CASCADE; secure_delete overwrites them); the
  // duplicate keys have no index by person, so they are deleted first, from the rows that filed them.
  unfileHousehold(db, householdId);
  // At a hub, the pairs across centres of its persons (stored by person number, which is never given again).
  dropPairsOf(db, sql(db, 'SELECT n FROM persons WHERE household_id = ?').pluck<number>().all(householdId));
  sql(db, 'DELETE FROM households WHERE id = ?').run(householdId);
  if (own) tally.flush(db);
}

/**
 * Every count again from the rows (a migration's backfill; a check in tests): the figures walk the persons once.
 */
export function recount(db: DB): void {
  db.prepare('DELETE FROM figure_counts').run();
  const tally = new Tally();
  const households = db
    .prepare<unknown[], [string, string, number]>(
      "SELECT arrival_date, centre_code, count(*) FROM households WHERE status = 'active' GROUP BY arrival_date, centre_code",
    )
    .raw()
    .iterate();
  for (const [date, centre, n] of households) tally.figure(date, centre, 'h', '', n);
  const persons = db
    .prepare<unknown[], [string, string, string, string, string]>(
      `SELECT h.arrival_date, h.centre_code, p.sex, p.birth_date, p.specific_needs
    FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'`,
    )
    .raw()
    .iterate();
  for (const [date, centre, sex, dob, needs] of persons) tally.person(date, centre, sex, dob, needs, 1);
  tally.flush(db);
  db.prepare('DELETE FROM search_vocab').run();
  db.prepare(`INSERT INTO search_vocab (key, persons) SELECT key, count(*) FROM search_keys WHERE key >= ? AND key < ? GROUP BY key`).run(NAME_FROM, NAME_TO);
}
