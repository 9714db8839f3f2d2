import { availableParallelism } from 'node:os';
import type { HubCheckView, HubPairStatus, HubPairView, HubQueuePage } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { appendWhenFree } from '../audit/deferred.js';
import { today, type Actor, type CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { applying, progress, report, stoppedError } from '../jobs.js';
import { loadNameBlocks } from './blocks.js';
import { findCandidates } from './candidates.js';
import { checkInThreads, type Spread } from './hub-threads.js';
import {
  heldByNumbers,
  HeldNames,
  nameFrequency,
  recordsByIds,
  scoringRecordsByNumbers,
  stationLabels,
  subjectOf,
  viewOf,
  type HeldPerson,
  type PersonRecord,
} from './people.js';
import { LIKELY_DUPLICATE, NEAR_CERTAIN_DUPLICATE, maskOf, prepareSubject, scorePrepared } from './score.js';
import { reasonsOfStored, storedReasons } from './stored-reasons.js';
import { idNumber } from './scorer-copy.js';

/**
 * Duplicates across centres, at the hub. Importing a batch checks only its persons against everyone the hub holds,
 * through the same blocking keys and the same scorer as the check at the intake desk, and keeps the likely pairs
 * whose two persons come from two stations. A hub supervisor links a pair (one person) or keeps it apart; a link is
 * the hub's own record: no household version, nothing carried back to a station, undone by a decision of its own.
 */

/** A pair as stored (migration 018), with its two persons' ids read through their numbers. */
interface HubPairRow {
  a: number;
  b: number;
  person_a: string;
  person_b: string;
  score: number;
  reasons: number;
  batch_id: string;
  found_at: number;
  status: HubPairStatus;
  decided_at: string | null;
  decided_by: string | null;
  note: string;
}

/** A pair's row with its persons' ids (the persons still held). */
const PAIR_COLUMNS = 'p.a, p.b, pa.id AS person_a, pb.id AS person_b, p.score, p.reasons, p.batch_id, p.found_at, p.status, p.decided_at, p.decided_by, p.note';
const PAIR_PERSONS = 'JOIN persons pa ON pa.n = p.a JOIN persons pb ON pb.n = p.b';

/**
 * Candidates read together, in order of their numbers (the scorer's copy's rowid): a chunk's candidates, some 60,000
 * at a million persons, read a thousand at a time, so their rows are met in the file's order and each held only while
 * it is scored (with 5,000 at a time more of them outlived the young generation: a fifth more time collecting).
 */
const READ = 1000;
/** Persons of a batch read, checked and their pairs queued together (whole households): what the check holds at once. */
const CHUNK = 2000;
/**
 * A checker holds the file's names' blocks in memory (`loadNameBlocks`) for this many persons or more: reading them
 * costs about what looking up a few hundred persons' neighbourhoods one seek at a time does.
 */
const NAME_BLOCKS_FROM = 1000;
/**
 * The check spreads over threads (hub-threads.ts) from this many persons: a few seconds of work at a large hub, where
 * a thread takes a fraction of a second to start. A day's small batches from the desks are checked on this thread.
 */
const THREADS_FROM = 2 * CHUNK;
/**
 * Threads: one a core but one, which stays with the window and the core's worker (search and registrations go on
 * while a batch is checked), at least one, at most four. Each holds its own connection and a heap capped at some
 * 70 MB (hub-threads.ts): on a hub of two cores the check runs in one thread, in bounded memory.
 */
const MAX_THREADS = 4;
const defaultThreads = (): number => Math.max(1, Math.min(MAX_THREADS, availableParallelism() - 1));

/**
 * A pair to queue, as a chunk's check hands it over (from a thread, a message of numbers only): the two persons'
 * numbers (`a` the smaller), the score, its reasons as a mask, and whether the two households match too.
 */
export interface QueuedPair {
  a: number;
  b: number;
  score: number;
  mask: number;
  householdMatch: boolean;
}

/** A person of a pair found: their number and household (as `idNumber` gives it), and whether it has anyone else. */
interface PairPerson {
  n: number;
  household: number;
  alone: boolean;
}

interface FoundPair {
  /** The two persons as stored: `a` the smaller number. */
  a: PairPerson;
  b: PairPerson;
  /** The batch's person and the person held, whichever has the smaller number. */
  mine: PairPerson;
  held: PairPerson;
  score: number;
  mask: number;
}

/**
 * Persons of these households (just imported) checked against the hub: returns how many new pairs were queued.
 * A batch of any size is checked in chunks of whole households in order of their family names (families of the same
 * names one after another, so the held persons they have in common are read and prepared once, while they are kept),
 * each chunk's pairs queued before the next is read: the memory it takes is bounded whatever the batch.
 *
 * What is queued (`queued`): a pair likely on its own score is kept when the two households say the same, which a
 * family registered at two centres does and a namesake in an unrelated family does not.
 */
export function checkImportedAcrossCentres(ctx: CoreContext, householdIds: readonly string[], batchId: string, options: CheckOptions = {}): number {
  if (ctx.station.role !== 'hub' || householdIds.length === 0) return 0;
  const db = ctx.db;
  const households = JSON.stringify([...new Set(householdIds)]);
  // Pairs are kept only across stations: while the hub holds no other station's households (its first batches from
  // one desk), there is nothing to look up, and a large first import is not slowed by it.
  const stations = sql(db, 'SELECT DISTINCT station_id FROM households WHERE id IN (SELECT value FROM json_each(?))').pluck<string>().all(households);
  const othersHeld = sql(db, 'SELECT 1 FROM households WHERE station_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1').get(JSON.stringify(stations));
  if (!othersHeld) return 0;
  // The batch's active persons by number, household after household in order of the household's first family name
  // (sorted by SQLite, not held as records), with a number for the household (its rank in that order).
  const ordered = sql(
    db,
    `WITH f AS (
      SELECT p.household_id, min(lower(p.family_name_latin)) AS k FROM persons p JOIN households h ON h.id = p.household_id
      WHERE p.household_id IN (SELECT value FROM json_each(?)) AND h.status = 'active' GROUP BY p.household_id
    )
    SELECT p.n, dense_rank() OVER (ORDER BY f.k, f.household_id) AS g FROM f JOIN persons p ON p.household_id = f.household_id
    ORDER BY g, lower(p.given_name_latin)`,
  )
    .raw<[number, number]>()
    .all(households);
  const persons = sql(db, 'SELECT count(*) FROM persons WHERE household_id IN (SELECT value FROM json_each(?))').pluck<number>().get(households)!;
  const chunks = chunksOf(ordered, options.chunk ?? CHUNK);
  const at = ctx.now().getTime();
  let added = 0;
  let checked = 0;
  // A check of one chunk takes a moment; of many, minutes at a million persons: then the job bar counts persons checked.
  const told = chunks.length > 1;
  if (told) report(ctx, 0, ordered.length, 'persons');
  // Each chunk's pairs are queued as soon as they are found, on this thread's connection (the one that writes).
  const queue = (pairs: readonly QueuedPair[], persons: number) => {
    added += queuePairs(db, pairs, batchId, at);
    checked += persons;
    if (told) report(ctx, checked, ordered.length, 'persons');
  };
  const threads = Math.min(options.threads ?? defaultThreads(), chunks.length);
  if (threads > 0 && ctx.readOnly && ordered.length >= (options.threadsFrom ?? THREADS_FROM)) {
    // Not inside `onSpread?.(…)`: an optional call leaves its arguments unevaluated when there is nobody to tell.
    const spread = checkInThreads(ctx.readOnly, chunks, threads, () => chunkChecker(db, ordered.length), queue);
    options.onSpread?.(spread);
  } else {
    const check = chunkChecker(db, ordered.length);
    for (const chunk of chunks) queue(check(chunk), chunk.length);
    options.onSpread?.({ threads: 0, inThreads: 0, here: chunks.length });
  }
  if (added > 0) {
    db.transaction(() =>
      appendAudit(db, {
        at: new Date(at).toISOString(),
        operator: 'hub',
        action: 'hub_duplicates.found',
        entity: 'batch',
        entityId: batchId,
        detail: { persons, added },
      }),
    )();
  }
  return added;
}

/**
 * Notes, in the import's own transaction, that these households of a batch just taken in are still to be checked
 * across centres (migration 023): the note goes once the check has ended (`checkUnchecked`), so a check cut short by
 * the app closing is done again at the next import.
 */
export function noteUnchecked(ctx: CoreContext, batchId: string, householdIds: readonly string[]): void {
  if (ctx.station.role !== 'hub' || householdIds.length === 0) return;
  sql(ctx.db, 'INSERT OR IGNORE INTO hub_unchecked (batch_id, household_id) SELECT ?, value FROM json_each(?)').run(batchId, JSON.stringify(householdIds));
}

/**
 * Checks across centres every batch still noted unchecked (the one just taken in, and any whose check was cut short
 * before), oldest first, each note taken away once its check has ended: returns how many new pairs were queued.
 * Checking a batch again is harmless: a pair queued before keeps its decision.
 */
export function checkUnchecked(ctx: CoreContext, options: CheckOptions = {}): number {
  if (ctx.station.role !== 'hub') return 0;
  let added = 0;
  for (const batchId of uncheckedBatches(ctx.db)) added += checkNoted(ctx, batchId, options);
  return added;
}

/** Batches noted unchecked, oldest first. */
const uncheckedBatches = (db: DB): string[] => sql(db, 'SELECT DISTINCT batch_id FROM hub_unchecked ORDER BY batch_id').pluck<string>().all();

/**
 * Checks one batch noted unchecked and takes its note away (with `noted`, in the same transaction): how many new pairs
 * were queued.
 */
function checkNoted(ctx: CoreContext, batchId: string, options: CheckOptions, noted?: () => void): number {
  const households = sql(ctx.db, 'SELECT household_id FROM hub_unchecked WHERE batch_id = ?').pluck<string>().all(batchId);
  const added = checkImportedAcrossCentres(ctx, households, batchId, options);
  ctx.db.transaction(() => {
    sql(ctx.db, 'DELETE FROM hub_unchecked WHERE batch_id = ?').run(batchId);
    noted?.();
  })();
  // The screens that show the queue read it again: its new pairs, and the batch no longer waiting to be checked
  // (the import told them of its households before its check began).
  ctx.changed(['households']);
  return added;
}

/**
 * A hub supervisor's "check them now" (`hubDuplicates.checkNow`, a long job): the batches whose check the app's
 * closing cut short are checked without waiting for the next import. Each batch's check tells its persons as it goes
 * and ends once begun; a cancel stops the job before the next batch, and the batches checked stay so.
 */
export function checkUncheckedNow(ctx: CoreContext, options: CheckOptions = {}): HubCheckView {
  if (ctx.station.role !== 'hub') throw new CoreError('invalid_input', 'Only a hub checks batches across centres.');
  const batches = uncheckedBatches(ctx.db);
  let checked = 0;
  let added = 0;
  try {
    for (const batchId of batches) {
      // A cancel is taken here, between batches: within one, the check only reports its persons (`report`).
      progress(ctx, checked, batches.length, 'batches');
      // The job notes each batch checked with its note's removal: after a cancel or the app closing, it says truly
      // how many of them stay checked.
      added += checkNoted(ctx, batchId, options, () => applying(ctx, checked + 1, batches.length));
      checked++;
    }
    progress(ctx, checked, batches.length, 'batches');
  } catch (error) {
    if (error instanceof CoreError && error.code === 'cancelled' && checked > 0) throw stoppedError(checked, batches.length);
    throw error;
  }
  return { batches: checked, added };
}

export interface CheckOptions {
  /** Persons read, checked and their pairs queued together (whole households): default `CHUNK`. */
  chunk?: number;
  /** Threads the check is spread over (`defaultThreads`); 0 keeps it on this thread. */
  threads?: number;
  /** A batch of fewer persons is checked on this thread (starting threads costs more than they save): `THREADS_FROM`. */
  threadsFrom?: number;
  /** Told how the chunks were shared out (the benchmark prints it, tests check it). */
  onSpread?: (spread: Spread) => void;
}

/** The batch's persons (by number, with their household's rank) cut into chunks that each end with a household. */
function chunksOf(ordered: readonly (readonly [number, number])[], size: number): number[][] {
  const chunks: number[][] = [];
  for (let from = 0; from < ordered.length;) {
    let to = Math.min(from + size, ordered.length);
    while (to < ordered.length && ordered[to]![1] === ordered[to - 1]![1]) to++;
    chunks.push(ordered.slice(from, to).map(([n]) => n));
    from = to;
  }
  return chunks;
}

/**
 * A checker of chunks on one connection: the persons of a chunk (by number, whole households) read and checked
 * against the hub, the pairs worth queuing returned (`queued`). Every person of the chunk has their candidates looked
 * up first; then the candidates of the whole chunk are read once each, in order of their numbers, and each scored
 * against the persons who found them. Read in the file's order, neighbours share pages (a check of 10,000 persons at a
 * million reads some 300,000 rows, each in a page of its own when read person by person); scored as read, each is
 * garbage a moment later, where keeping them prepared from one person to the next made the collector a fifth of the
 * check.
 */
export function chunkChecker(db: DB, persons: number): (numbers: readonly number[]) => QueuedPair[] {
  const frequency = nameFrequency(db);
  // The names' blocks in memory: a few MB read in a fraction of a second, worth it for a large batch only.
  const known = persons >= NAME_BLOCKS_FROM ? loadNameBlocks(db) : undefined;
  const names = new HeldNames();
  return (numbers) => {
    const chunk = scoringRecordsByNumbers(db, numbers);
    // Looked up in the order given (families of the same names one after another): they seek the same blocks.
    const order = new Map(numbers.map((n, i) => [n, i]));
    chunk.sort((x, y) => order.get(x.n)! - order.get(y.n)!);
    // Found with reads only: the write lock (which a search's audit event and the desk wait for) is taken for the
    // chunk's pairs alone, however long the batch takes to check.
    const mine = chunk.map((record) => {
      const subject = subjectOf(record);
      return { record, subject, prepared: prepareSubject(subject), household: idNumber(record.household_id), station: idNumber(record.station_id) };
    });
    // The chunk holds whole households: how many persons each of its households has is counted here, not read.
    const members = new Map<string, number>();
    for (const record of chunk) members.set(record.household_id, (members.get(record.household_id) ?? 0) + 1);
    // A batch comes from one station as a rule: the persons it holds from that station are no pair, and go unread.
    const stations = new Set(chunk.map((record) => record.station_id));
    const except = stations.size === 1 ? idNumber(chunk[0]!.station_id) : undefined;
    // Each person's candidates in order of their numbers, and all of the chunk's once each: from one station, the
    // chunk's own persons (their family, found by its phone) are left out before anything is read.
    const all = new Set<number>();
    const phones = new Map<string, readonly number[]>();
    const candidates = mine.map(({ subject }) => {
      const numbers = findCandidates(db, subject, known, phones).numbers.filter((n) => except === undefined || !order.has(n));
      for (const n of numbers) all.add(n);
      // Sorted as typed arrays: numerically, without a comparator called for each of some 100,000 numbers.
      return Float64Array.from(numbers).sort();
    });
    const wanted = Float64Array.from(all).sort();
    const found: FoundPair[] = [];
    // How far each person's candidates have been scored.
    const next = candidates.map(() => 0);
    for (let from = 0; from < wanted.length; from += READ) {
      const numbers = Array.from(wanted.subarray(from, from + READ));
      const last = numbers[numbers.length - 1]!;
      // A person of a voided household or of the same station (the batch's own among them) is not read: no pair.
      const held = new Map<number, HeldPerson>();
      for (const person of heldByNumbers(db, numbers, names, except)) held.set(person.n, person);
      for (const [i, { record, prepared, household, station }] of mine.entries()) {
        const theirs = candidates[i]!;
        let at = next[i]!;
        for (; at < theirs.length && theirs[at]! <= last; at++) {
          const other = held.get(theirs[at]!);
          // Themselves (found by their own keys), or a person not read.
          if (!other || other.n === record.n || other.station === station) continue;
          const { score, mask } = scorePrepared(prepared, other.prepared, frequency);
          if (score < LIKELY_DUPLICATE) continue;
          const person = { n: record.n, household, alone: members.get(record.household_id) === 1 };
          // Not the person read: their prepared names and birth are garbage once scored, not kept till the chunk ends.
          const them = { n: other.n, household: other.household, alone: other.alone };
          const [a, b] = record.n < other.n ? [person, them] : [them, person];
          found.push({ a, b, mine: person, held: them, score, mask });
        }
        next[i] = at;
      }
    }
    return queued(found);
  };
}

/** Evidence that needs no other member to back it: a document or a phone the two share. */
const SHARED_CONTACT = maskOf(['same_document', 'same_phone']);

/** A pair found because the two households match too, beside the scorer's reasons. */
const HOUSEHOLD_MATCH = 'household_match';

/**
 * The pairs of a chunk (whole households) worth a hub supervisor's look, with the reasons the households add.
 * In a national population, a person likely on their own score often has namesakes of their age in other families
 * (the same family name and given name, a birth two years apart): at a million persons in the synthetic seed, 97 in
 * 100 such pairs were no one twice. A family registered at two centres has others who match too. So a pair is kept
 * - when it is near-certain on its own (NEAR_CERTAIN_DUPLICATE), or the two share a document or a phone;
 * - when another person of one household is likely another person of the other (two people in each), said as a reason;
 * - when either household has nobody else (a person registered alone at either centre): nothing else could back it.
 * What this gives up: a person registered again within another family of two or more, likely but not near-certain,
 * sharing no document or phone, is not queued.
 */
function queued(found: readonly FoundPair[]): QueuedPair[] {
  // By the batch's household and the household held (not by which has the smaller numbers: a member added to a
  // family later has a larger number than the other family's).
  const between = new Map<string, FoundPair[]>();
  for (const pair of found) {
    const key = `${pair.mine.household} ${pair.held.household}`;
    const list = between.get(key);
    if (list) list.push(pair);
    else between.set(key, [pair]);
  }
  const out: QueuedPair[] = [];
  for (const pairs of between.values()) {
    for (const pair of pairs) {
      const householdMatch = pairs.some((o) => o.mine.n !== pair.mine.n && o.held.n !== pair.held.n);
      if (householdMatch || pair.score >= NEAR_CERTAIN_DUPLICATE || (pair.mask & SHARED_CONTACT) !== 0 || pair.mine.alone || pair.held.alone) {
        out.push(queuedPair(pair, householdMatch));
      }
    }
  }
  return out;
}

const queuedPair = (pair: FoundPair, householdMatch: boolean): QueuedPair => ({ a: pair.a.n, b: pair.b.n, score: pair.score, mask: pair.mask, householdMatch });

/**
 * Takes the pairs of these persons (by number) out of the hub's queue: a person no longer in the file (a household
 * deleted, a member taken out or merged by a later version) is in no pair, and the count of pairs waiting stays true.
 */
export function dropPairsOf(db: DB, numbers: readonly number[]): void {
  if (numbers.length === 0) return;
  const list = JSON.stringify(numbers);
  sql(db, 'DELETE FROM hub_pairs WHERE a IN (SELECT value FROM json_each(?))').run(list);
  sql(db, 'DELETE FROM hub_pairs WHERE b IN (SELECT value FROM json_each(?))').run(list);
}

/** Queues pairs found (a pair seen before keeps its decision; an open one takes the new score): how many are new. */
function queuePairs(db: DB, pairs: readonly QueuedPair[], batchId: string, at: number): number {
  if (pairs.length === 0) return 0;
  const insert = sql(
    db,
    `INSERT INTO hub_pairs (a, b, score, reasons, batch_id, found_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons WHERE hub_pairs.status = 'open'`,
  );
  const exists = sql(db, 'SELECT 1 FROM hub_pairs WHERE a = ? AND b = ?');
  let added = 0;
  db.transaction(() => {
    for (const { a, b, score, mask, householdMatch } of pairs) {
      if (!exists.get(a, b)) added++;
      insert.run(a, b, score, storedReasons(mask, householdMatch ? [HOUSEHOLD_MATCH] : []), batchId, at);
    }
  })();
  return added;
}

/**
 * Persons linked to another who are not counted in the hub's figures: of each group of linked persons, all but the
 * one registered first (earliest arrival, then id), so a person registered at three centres counts once, as an
 * arrival at the first centre, and the centres' figures still add up to the hub's.
 */
export function linkedAway(db: DB): Set<string> {
  const rows = sql(
    db,
    `SELECT pa.id, ha.arrival_date || ' ' || pa.id, pb.id, hb.arrival_date || ' ' || pb.id
    FROM hub_pairs p ${PAIR_PERSONS} JOIN households ha ON ha.id = pa.household_id JOIN households hb ON hb.id = pb.household_id
    WHERE p.status = 'linked'`,
  )
    .raw<[string, string, string, string]>()
    .all();
  const parent = new Map<string, string>();
  const order = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  for (const [a, aOrder, b, bOrder] of rows) {
    order.set(a, aOrder);
    order.set(b, bOrder);
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) continue;
    const first = order.get(ra)! < order.get(rb)!;
    parent.set(first ? rb : ra, first ? ra : rb);
  }
  const away = new Set<string>();
  for (const id of parent.keys()) if (find(id) !== id) away.add(id);
  return away;
}

/** The same persons as a JSON array, bound as one parameter where SQL leaves them out (`json_each(?)`). */
export const linkedAwayJson = (db: DB): string => JSON.stringify([...linkedAway(db)].sort());

/** Open pairs across centres, whatever the filter: the figure shown beside the hub's counts. */
export function pendingAcrossCentres(db: DB): number {
  return pairsWithStatus(db, 'open');
}

/** Pairs of one status, kept by triggers (migration 016): the same at any number of pairs. */
function pairsWithStatus(db: DB, status: HubPairStatus): number {
  return sql(db, 'SELECT n FROM hub_pair_counts WHERE status = ?').pluck<number>().get(status) ?? 0;
}

function viewsOf(ctx: CoreContext, rows: HubPairRow[]): HubPairView[] {
  const records = new Map<string, PersonRecord>(recordsByIds(ctx.db, [...new Set(rows.flatMap((r) => [r.person_a, r.person_b]))]).map((r) => [r.id, r]));
  const labels = stationLabels(ctx);
  const onDate = today(ctx);
  const views: HubPairView[] = [];
  for (const row of rows) {
    const a = records.get(row.person_a);
    const b = records.get(row.person_b);
    if (!a || !b) continue;
    views.push({
      a: viewOf(a, labels, onDate),
      b: viewOf(b, labels, onDate),
      score: row.score,
      reasons: reasonsOfStored(row.reasons),
      batchId: row.batch_id,
      foundAt: new Date(row.found_at).toISOString(),
      status: row.status,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
      note: row.note,
    });
  }
  return views;
}

export interface HubQueueInput {
  status: HubPairStatus;
  centreCode?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** A page of the hub's queue, filtered by centre (either side) and arrival day (either side). */
export function hubQueue(ctx: CoreContext, input: HubQueueInput): HubQueuePage {
  const where = ['p.status = ?'];
  const params: (string | number)[] = [input.status];
  if (input.centreCode) {
    where.push('(ha.centre_code = ? OR hb.centre_code = ?)');
    params.push(input.centreCode, input.centreCode);
  }
  if (input.from || input.to) {
    const from = input.from ?? '0000-01-01';
    const to = input.to ?? '9999-12-31';
    where.push('(ha.arrival_date BETWEEN ? AND ? OR hb.arrival_date BETWEEN ? AND ?)');
    params.push(from, to, from, to);
  }
  const base = `FROM hub_pairs p ${PAIR_PERSONS} JOIN households ha ON ha.id = pa.household_id JOIN households hb ON hb.id = pb.household_id
    WHERE ${where.join(' AND ')}`;
  // Unfiltered, the count the triggers keep (migration 016); by centre or date, counted (a second or more at a million
  // persons and some 100,000 pairs: the filter is a closer look, not the screen's every refresh).
  const total =
    input.centreCode || input.from || input.to
      ? sql(ctx.db, `SELECT count(*) ${base}`)
          .pluck<number>()
          .get(...params)!
      : pairsWithStatus(ctx.db, input.status);
  const order = input.status === 'open' ? 'p.score DESC, p.found_at' : 'p.decided_at DESC';
  const rows = sql<HubPairRow>(ctx.db, `SELECT ${PAIR_COLUMNS} ${base} ORDER BY ${order}, p.a, p.b LIMIT ? OFFSET ?`).all(...params, input.limit, input.offset);
  // From the counts the write path keeps (households/tally.ts), not from every row: the screen refreshes after each
  // import, and at a million persons walking them took seconds of the core worker's time.
  const persons = sql(ctx.db, "SELECT coalesce(sum(n), 0) FROM figure_counts WHERE kind = 'p'").pluck<number>().get()! - linkedAway(ctx.db).size;
  const centres = sql(ctx.db, "SELECT DISTINCT centre_code FROM figure_counts WHERE kind = 'h' AND n > 0 ORDER BY centre_code").pluck<string>().all();
  const unchecked = sql(ctx.db, 'SELECT count(DISTINCT batch_id) FROM hub_unchecked').pluck<number>().get()!;
  return { hub: ctx.station.role === 'hub', total, items: viewsOf(ctx, rows), pending: pendingAcrossCentres(ctx.db), persons, centres, unchecked };
}

/** A page of the queue as the hub supervisor's screen reads it: the persons shown are recorded in the audit trail. */
export function auditedHubQueue(ctx: CoreContext, actor: Actor, input: HubQueueInput): HubQueuePage {
  const page = hubQueue(ctx, input);
  if (page.items.length > 0) {
    // Not waiting for a hub import's write lock (the job worker's): the event follows as soon as it is free.
    appendWhenFree(ctx, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'hub_duplicates.queue_viewed',
      entity: 'person',
      entityId: '',
      detail: { status: input.status, centre: input.centreCode ?? '', offset: input.offset, pairs: page.items.length },
    });
  }
  return page;
}

/** The pair of these two persons (by id), as stored: its numbers, the smaller first. */
function pairNumbers(db: DB, personA: string, personB: string): [number, number] {
  const numbers = sql(db, 'SELECT n FROM persons WHERE id IN (?, ?)').pluck<number>().all(personA, personB);
  if (numbers.length !== 2 || personA === personB) throw new CoreError('not_found', 'This pair is not in the hub’s queue.');
  const [x, y] = numbers as [number, number];
  return x < y ? [x, y] : [y, x];
}

function change(ctx: CoreContext, actor: Actor, personA: string, personB: string, to: HubPairStatus, note: string, expect: 'open' | 'decided'): HubPairView {
  const view = ctx.db.transaction(() => {
    const [a, b] = pairNumbers(ctx.db, personA, personB);
    const read = sql<HubPairRow>(ctx.db, `SELECT ${PAIR_COLUMNS} FROM hub_pairs p ${PAIR_PERSONS} WHERE p.a = ? AND p.b = ?`);
    const row = read.get(a, b);
    if (!row) throw new CoreError('not_found', 'This pair is not in the hub’s queue.');
    if (expect === 'open' && row.status !== 'open') throw new CoreError('conflict', 'Someone already decided about this pair.');
    if (expect === 'decided' && row.status === 'open') throw new CoreError('conflict', 'This pair has no decision to undo.');
    const at = ctx.now().toISOString();
    const decided = to === 'open' ? [null, null] : [at, actor.name];
    sql(ctx.db, 'UPDATE hub_pairs SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE a = ? AND b = ?').run(to, decided[0], decided[1], note, a, b);
    const action = to === 'linked' ? 'hub_duplicates.linked' : to === 'different' ? 'hub_duplicates.different' : 'hub_duplicates.undone';
    const centres = sql(ctx.db, 'SELECT h.centre_code FROM persons p JOIN households h ON h.id = p.household_id WHERE p.n IN (?, ?) ORDER BY p.n')
      .pluck<string>()
      .all(a, b);
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action,
      entity: 'person',
      entityId: row.person_a,
      detail: { personA: row.person_a, personB: row.person_b, from: row.status, to, note, score: row.score, centres },
    });
    return viewsOf(ctx, [read.get(a, b)!])[0];
  })();
  ctx.changed(['households']);
  if (!view) throw new CoreError('not_found', 'One of these persons is no longer at the hub.');
  return view;
}

/** A hub supervisor's decision: one person (a link, counted once) or two people (the pair does not come back). */
export function decideHubPair(
  ctx: CoreContext,
  actor: Actor,
  input: { personA: string; personB: string; decision: 'linked' | 'different'; note: string },
): HubPairView {
  return change(ctx, actor, input.personA, input.personB, input.decision, input.note, 'open');
}

/** A decision taken back: the pair is open again. */
export function undoHubPair(ctx: CoreContext, actor: Actor, input: { personA: string; personB: string; note: string }): HubPairView {
  return change(ctx, actor, input.personA, input.personB, 'open', input.note, 'decided');
}
