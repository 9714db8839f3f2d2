import type { DuplicateReason, HubPairStatus, HubPairView, HubQueuePage } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { appendWhenFree } from '../audit/deferred.js';
import { today, type Actor, type CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { findCandidates } from './candidates.js';
import {
  nameFrequency,
  recordsByIds,
  scoringRecordsByIds,
  scoringRecordsByNumbers,
  stationLabels,
  subjectOf,
  viewOf,
  type PersonRecord,
  type ScoringRecord,
} from './people.js';
import { LIKELY_DUPLICATE, prepareSubject, reasonsOf, scorePrepared, type NameFrequency, type PreparedSubject } from './score.js';

/**
 * Duplicates across centres, at the hub. Importing a batch checks only its persons against everyone the hub holds,
 * through the same blocking keys and the same scorer as the check at the intake desk, and keeps the likely pairs
 * whose two persons come from two stations. A hub supervisor links a pair (one person) or keeps it apart; a link is
 * the hub's own record: no household version, nothing carried back to a station, undone by a decision of its own.
 */

interface HubPairRow {
  person_a: string;
  person_b: string;
  household_a: string;
  household_b: string;
  station_a: string;
  station_b: string;
  centre_a: string;
  centre_b: string;
  score: number;
  reasons: string;
  batch_id: string;
  found_at: string;
  status: HubPairStatus;
  decided_at: string | null;
  decided_by: string | null;
  note: string;
}

/** Prepared persons kept while one batch is checked (bounded memory on a batch of any size). */
const PREPARED_KEPT = 10_000;
/** Persons of a batch whose candidates are looked up together: bounds the block rows held at once. */
const SLICE = 1000;
/** Persons of a batch read, checked and their pairs queued together: what the check holds at once, at most. */
const CHUNK = 2000;

interface FoundPair {
  a: ScoringRecord;
  b: ScoringRecord;
  score: number;
  mask: number;
}

/**
 * Persons of these households (just imported) checked against the hub: returns how many new pairs were queued.
 * A batch of any size is checked in chunks of persons in order of their names (families of the same names one after
 * another, so the held persons they have in common are read and prepared once, while they are kept), each chunk's
 * pairs queued before the next is read: the memory it takes is bounded whatever the batch.
 */
export function checkImportedAcrossCentres(ctx: CoreContext, householdIds: readonly string[], batchId: string, options: { chunk?: number } = {}): number {
  if (ctx.station.role !== 'hub' || householdIds.length === 0) return 0;
  const db = ctx.db;
  const households = JSON.stringify([...new Set(householdIds)]);
  // Pairs are kept only across stations: while the hub holds no other station's households (its first batches from
  // one desk), there is nothing to look up, and a large first import is not slowed by it.
  const stations = sql(db, 'SELECT DISTINCT station_id FROM households WHERE id IN (SELECT value FROM json_each(?))').pluck<string>().all(households);
  const othersHeld = sql(db, 'SELECT 1 FROM households WHERE station_id NOT IN (SELECT value FROM json_each(?)) LIMIT 1').get(JSON.stringify(stations));
  if (!othersHeld) return 0;
  // The batch's active persons by number, in order of their names (sorted by SQLite, not held as records).
  const ordered = sql(
    db,
    `SELECT p.n FROM persons p JOIN households h ON h.id = p.household_id
    WHERE p.household_id IN (SELECT value FROM json_each(?)) AND h.status = 'active'
    ORDER BY lower(p.family_name_latin), lower(p.given_name_latin)`,
  )
    .pluck<number>()
    .all(households);
  const persons = sql(db, 'SELECT count(*) FROM persons WHERE household_id IN (SELECT value FROM json_each(?))').pluck<number>().get(households)!;
  const frequency = nameFrequency(db);
  const at = ctx.now().toISOString();
  const kept = new Map<number, { record: ScoringRecord; prepared: PreparedSubject }>();
  const keep = (r: ScoringRecord) => {
    let k = kept.get(r.n);
    if (!k) {
      if (kept.size >= PREPARED_KEPT) kept.clear();
      k = { record: r, prepared: prepareSubject(subjectOf(r)) };
      kept.set(r.n, k);
    }
    return k;
  };
  let added = 0;
  const size = options.chunk ?? CHUNK;
  for (let from = 0; from < ordered.length; from += size) {
    const numbers = ordered.slice(from, from + size);
    const chunk = scoringRecordsByNumbers(db, numbers);
    const order = new Map(numbers.map((n, i) => [n, i]));
    chunk.sort((x, y) => order.get(x.n)! - order.get(y.n)!);
    // Found with reads only: the write lock (which a search's audit event and the desk wait for) is taken for the
    // chunk's pairs alone, however long the batch takes to check.
    const found: FoundPair[] = [];
    for (let start = 0; start < chunk.length; start += SLICE) found.push(...checkSlice(db, chunk.slice(start, start + SLICE), keep, kept, frequency));
    added += queuePairs(db, found, batchId, at);
  }
  if (added > 0) {
    db.transaction(() =>
      appendAudit(db, { at, operator: 'hub', action: 'hub_duplicates.found', entity: 'batch', entityId: batchId, detail: { persons, added } }),
    )();
  }
  return added;
}

/** One slice of a batch's persons against the hub: their candidates read in one statement each way, then scored. */
function checkSlice(
  db: DB,
  slice: readonly ScoringRecord[],
  keep: (r: ScoringRecord) => { record: ScoringRecord; prepared: PreparedSubject },
  kept: ReadonlyMap<number, { record: ScoringRecord }>,
  frequency: NameFrequency,
): FoundPair[] {
  const found: FoundPair[] = [];
  // Candidates found by their number (the duplicate keys) or by id (a document or phone shared), each read once.
  const candidates = slice.map((r) => findCandidates(db, subjectOf(r)));
  const toRead = new Set<number>();
  const idsToRead = new Set<string>();
  for (const { numbers, ids } of candidates) {
    for (const n of numbers) if (!kept.has(n)) toRead.add(n);
    for (const id of ids) idsToRead.add(id);
  }
  for (const r of scoringRecordsByNumbers(db, [...toRead])) keep(r);
  const byId = new Map(scoringRecordsByIds(db, [...idsToRead]).map((r) => [r.id, r]));
  for (const [i, record] of slice.entries()) {
    const mine = keep(record).prepared;
    const { numbers, ids } = candidates[i]!;
    const others = new Set(numbers);
    for (const id of ids) {
      const r = byId.get(id);
      if (!r) continue;
      others.add(r.n);
      keep(r);
    }
    for (const n of others) {
      if (n === record.n) continue;
      // A person of the same station (the batch's own persons among them) is no pair across centres.
      const other = kept.get(n)?.record ?? scoringRecordsByNumbers(db, [n])[0];
      if (!other || other.status !== 'active' || other.station_id === record.station_id) continue;
      const { score, mask } = scorePrepared(mine, keep(other).prepared, frequency);
      if (score < LIKELY_DUPLICATE) continue;
      const [a, b] = record.id < other.id ? [record, other] : [other, record];
      found.push({ a, b, score, mask });
    }
  }
  return found;
}

/** Queues pairs found (a pair seen before keeps its decision; an open one takes the new score): how many are new. */
function queuePairs(db: DB, found: readonly FoundPair[], batchId: string, at: string): number {
  if (found.length === 0) return 0;
  const insert = sql(
    db,
    `INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, reasons, batch_id, found_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (person_a, person_b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons WHERE hub_pairs.status = 'open'`,
  );
  const exists = sql(db, 'SELECT 1 FROM hub_pairs WHERE person_a = ? AND person_b = ?');
  let added = 0;
  db.transaction(() => {
    for (const { a, b, score, mask } of found) {
      if (!exists.get(a.id, b.id)) added++;
      insert.run(
        a.id,
        b.id,
        a.household_id,
        b.household_id,
        a.station_id,
        b.station_id,
        a.centre_code,
        b.centre_code,
        score,
        JSON.stringify(reasonsOf(mask)),
        batchId,
        at,
      );
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
    `SELECT p.person_a, ha.arrival_date || ' ' || p.person_a, p.person_b, hb.arrival_date || ' ' || p.person_b
    FROM hub_pairs p JOIN households ha ON ha.id = p.household_a JOIN households hb ON hb.id = p.household_b
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
  // Kept by triggers (migration 016): the same at any number of pairs.
  return sql(db, "SELECT n FROM hub_pair_counts WHERE status = 'open'").pluck<number>().get() ?? 0;
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
      reasons: JSON.parse(row.reasons) as DuplicateReason[],
      batchId: row.batch_id,
      foundAt: row.found_at,
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
    where.push('(p.centre_a = ? OR p.centre_b = ?)');
    params.push(input.centreCode, input.centreCode);
  }
  if (input.from || input.to) {
    const from = input.from ?? '0000-01-01';
    const to = input.to ?? '9999-12-31';
    where.push('(ha.arrival_date BETWEEN ? AND ? OR hb.arrival_date BETWEEN ? AND ?)');
    params.push(from, to, from, to);
  }
  const base = `FROM hub_pairs p JOIN households ha ON ha.id = p.household_a JOIN households hb ON hb.id = p.household_b WHERE ${where.join(' AND ')}`;
  const total = sql(ctx.db, `SELECT count(*) ${base}`)
    .pluck<number>()
    .get(...params)!;
  const order = input.status === 'open' ? 'p.score DESC, p.found_at' : 'p.decided_at DESC';
  const rows = sql<HubPairRow>(ctx.db, `SELECT p.* ${base} ORDER BY ${order}, p.person_a, p.person_b LIMIT ? OFFSET ?`).all(
    ...params,
    input.limit,
    input.offset,
  );
  const persons =
    sql(ctx.db, "SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'").pluck<number>().get()! -
    linkedAway(ctx.db).size;
  const centres = sql(ctx.db, "SELECT DISTINCT centre_code FROM households WHERE status = 'active' ORDER BY centre_code").pluck<string>().all();
  return { hub: ctx.station.role === 'hub', total, items: viewsOf(ctx, rows), pending: pendingAcrossCentres(ctx.db), persons, centres };
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

const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

function change(ctx: CoreContext, actor: Actor, personA: string, personB: string, to: HubPairStatus, note: string, expect: 'open' | 'decided'): HubPairView {
  const [a, b] = ordered(personA, personB);
  const view = ctx.db.transaction(() => {
    const row = sql<HubPairRow>(ctx.db, 'SELECT * FROM hub_pairs WHERE person_a = ? AND person_b = ?').get(a, b);
    if (!row) throw new CoreError('not_found', 'This pair is not in the hub’s queue.');
    if (expect === 'open' && row.status !== 'open') throw new CoreError('conflict', 'Someone already decided about this pair.');
    if (expect === 'decided' && row.status === 'open') throw new CoreError('conflict', 'This pair has no decision to undo.');
    const at = ctx.now().toISOString();
    const decided = to === 'open' ? [null, null] : [at, actor.name];
    sql(ctx.db, 'UPDATE hub_pairs SET status = ?, decided_at = ?, decided_by = ?, note = ? WHERE person_a = ? AND person_b = ?').run(
      to,
      decided[0],
      decided[1],
      note,
      a,
      b,
    );
    const action = to === 'linked' ? 'hub_duplicates.linked' : to === 'different' ? 'hub_duplicates.different' : 'hub_duplicates.undone';
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action,
      entity: 'person',
      entityId: a,
      detail: { personA: a, personB: b, from: row.status, to, note, score: row.score, centres: [row.centre_a, row.centre_b] },
    });
    return viewsOf(ctx, [sql<HubPairRow>(ctx.db, 'SELECT * FROM hub_pairs WHERE person_a = ? AND person_b = ?').get(a, b)!])[0];
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
