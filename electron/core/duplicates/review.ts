import type { DuplicateReason, DuplicateReviewSummary } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { progress } from '../jobs.js';
import { sql } from '../db/statements.js';
import { activeRecords, mergedAway, nameFrequency, recordsByIds, subjectOf, type PersonRecord } from './people.js';
import { LIKELY_DUPLICATE, prepareSubject, reasonsOf, scorePrepared, type NameFrequency, type PreparedSubject } from './score.js';

/**
 * The whole file compared with itself, for the supervisor's queue. Every active person is read once; pairs are
 * compared only inside blocks, so 120,000 persons cost about a million comparisons, not seven billion:
 *   1. the same family and given name keys (in either field), births at most five years apart;
 *   2. the same family name key, the same first letter of the given name, births at most two years apart
 *      (a given name spelt beyond folding: Mher / Мгер, Astghik / Астхик);
 *   3. the same given name key, the same first letter of the family name, births at most two years apart
 *      (Hambardzumyan / Амбарцумян);
 *   4. the same document.
 * Keys are compared with b/p and d/t made one (Hakobyan / Акопян). Members of one household are never a pair
 * (twins; a family typed once). Pairs found join the queue as open; a pair already decided keeps its decision; open
 * pairs an earlier review found that no longer qualify leave the queue.
 */

/** Years apart beyond which a pair in the name block is not compared (its score could only be low). */
const NAME_BLOCK_YEARS = 5;
/** Years either side in the blocks of one name key. */
const BIRTH_BLOCK_YEARS = 2;

/**
 * What blocking needs of a person, kept for everyone at once: ids and folded keys, no names or record. The persons of a
 * block are read and prepared only when the block is compared, and let go after it (issue 16): memory holds the keys
 * of the file and one block, not every person prepared.
 */
interface Entry {
  id: string;
  household: string;
  given: string;
  family: string;
  names: string;
  year: number;
  documents: readonly string[];
}

/** A person read and prepared for scoring, for the length of one block. */
interface Loaded {
  record: PersonRecord;
  subject: PreparedSubject;
}

/** A folded key with b/p and d/t made one, for blocking only. */
const blockKey = (key: string): string => key.replace(/b/g, 'p').replace(/d/g, 't');

function entryOf(record: PersonRecord): Entry {
  const subject = prepareSubject(subjectOf(record));
  const given = blockKey(subject.given.key);
  const family = blockKey(subject.family.key);
  return {
    id: record.id,
    household: record.household_id,
    given,
    family,
    names: [given, family].sort().join('|'),
    year: subject.birth?.year ?? 0,
    documents: subject.documents,
  };
}

export interface FoundPair {
  a: PersonRecord;
  b: PersonRecord;
  score: number;
  reasons: DuplicateReason[];
}

function groupBy(entries: readonly Entry[], key: (e: Entry) => string | undefined): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = key(e);
    if (k === undefined) continue;
    const list = groups.get(k);
    if (list) list.push(e);
    else groups.set(k, [e]);
  }
  return groups;
}

/** Pairs of a block sorted by year whose births are at most `years` apart. */
function withinYears(block: Entry[], years: number, compare: (x: Entry, y: Entry) => void): void {
  block.sort((x, y) => x.year - y.year);
  for (let i = 0; i < block.length; i++) {
    const x = block[i]!;
    for (let j = i + 1; j < block.length && block[j]!.year - x.year <= years; j++) compare(x, block[j]!);
  }
}

/** Called every so many blocks with the blocks done and their total (the review's progress). */
type BlockProgress = (done: number, total: number) => void;

/**
 * Compares within blocks: each block's pairs are chosen from the keys alone, then `visitBlock` is given them (rarely
 * a pair twice: by document and by name) to read their persons and score them.
 */
function blockedPairs(entries: readonly Entry[], visitBlock: (pairs: [Entry, Entry][]) => void, onBlocks: BlockProgress = () => {}): number {
  let compared = 0;
  let pairs: [Entry, Entry][] = [];
  const compare = (x: Entry, y: Entry) => {
    if (x.household === y.household) return;
    compared++;
    pairs.push([x, y]);
  };
  const flush = () => {
    if (pairs.length > 0) visitBlock(pairs);
    pairs = [];
  };
  const byNames = groupBy(entries, (e) => (e.given && e.family ? e.names : undefined));
  const byFamily = groupBy(entries, (e) => (e.family && e.given ? `${e.family}|${e.given[0]}` : undefined));
  const byGiven = groupBy(entries, (e) => (e.given && e.family ? `${e.given}|${e.family[0]}` : undefined));
  const byDocument = new Map<string, Entry[]>();
  for (const e of entries) for (const d of e.documents) byDocument.set(d, [...(byDocument.get(d) ?? []), e]);
  const blocks = byNames.size + byFamily.size + byGiven.size + byDocument.size;
  let done = 0;
  const next = () => {
    flush();
    if ((++done & 255) === 0) onBlocks(done, blocks);
  };
  for (const block of byNames.values()) {
    if (block.length > 1) withinYears(block, NAME_BLOCK_YEARS, compare);
    next();
  }
  // One name key and the other's first letter; pairs sharing both keys were compared above.
  const oneKey = (x: Entry, y: Entry) => {
    if (x.names !== y.names) compare(x, y);
  };
  for (const block of byFamily.values()) {
    if (block.length > 1) withinYears(block, BIRTH_BLOCK_YEARS, oneKey);
    next();
  }
  for (const block of byGiven.values()) {
    if (block.length > 1) {
      withinYears(block, BIRTH_BLOCK_YEARS, (x, y) => {
        // Sharing the family key too, the pair was compared by the block before.
        if (x.family !== y.family) oneKey(x, y);
      });
    }
    next();
  }
  for (const block of byDocument.values()) {
    for (let i = 0; i < block.length; i++) for (let j = i + 1; j < block.length; j++) compare(block[i]!, block[j]!);
    next();
  }
  return compared;
}

/** Persons kept read and prepared across blocks (the most recently used). */
const LOADED_CAP = 20_000;

/** The review's progress in thousandths: reading each person's keys first (about a third), then the blocks. */
const PREPARED_SHARE = 300;
const STEPS = 1000;

/** How many persons a review reads (its progress). */
const ACTIVE = `SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'`;

/**
 * Every likely pair in the file, best first. `onProgress` hears how far it is in thousandths (and may throw to stop
 * it: nothing is written here).
 */
export function findDuplicatePairs(
  db: DB,
  frequency: NameFrequency = nameFrequency(db),
  onProgress: (done: number, total: number) => void = () => {},
): { persons: number; compared: number; pairs: FoundPair[] } {
  const away = mergedAway(db);
  const total = sql(db, ACTIVE).pluck<number>().get()!;
  const entries: Entry[] = [];
  let read = 0;
  for (const record of activeRecords(db)) {
    if ((read++ & 255) === 0) onProgress(Math.floor((read / Math.max(1, total)) * PREPARED_SHARE), STEPS);
    if (!away.has(record.id)) entries.push(entryOf(record));
  }
  const found = new Map<string, FoundPair>();
  // Persons read for the latest blocks, most recent last: a person is in up to four blocks, and a block's neighbours
  // often share persons. Bounded, so memory holds a block and the recent ones, never the file.
  const loaded = new Map<string, Loaded>();
  const compared = blockedPairs(
    entries,
    (pairs) => {
      const ids = [...new Set(pairs.flatMap(([x, y]) => [x.id, y.id]))];
      for (const id of ids) {
        const hit = loaded.get(id);
        if (hit) {
          loaded.delete(id);
          loaded.set(id, hit);
        }
      }
      for (const record of recordsByIds(
        db,
        ids.filter((id) => !loaded.has(id)),
      )) {
        loaded.set(record.id, { record, subject: prepareSubject(subjectOf(record)) });
      }
      for (const [ex, ey] of pairs) {
        const x = loaded.get(ex.id);
        const y = loaded.get(ey.id);
        if (!x || !y) continue;
        const { score, mask } = scorePrepared(x.subject, y.subject, frequency);
        if (score < LIKELY_DUPLICATE) continue;
        const [a, b] = x.record.id < y.record.id ? [x.record, y.record] : [y.record, x.record];
        found.set(`${a.id}|${b.id}`, { a, b, score, reasons: reasonsOf(mask) });
      }
      for (const id of loaded.keys()) {
        if (loaded.size <= LOADED_CAP) break;
        loaded.delete(id);
      }
    },
    (done, blocks) => onProgress(PREPARED_SHARE + Math.floor((done / blocks) * (STEPS - PREPARED_SHARE)), STEPS),
  );
  return { persons: entries.length, compared, pairs: [...found.values()].sort((p, q) => q.score - p.score) };
}

/** Runs the review and updates the queue, in one transaction, with an audit event. */
export function reviewDuplicates(ctx: CoreContext, actor: Actor): DuplicateReviewSummary {
  const started = performance.now();
  // Cancelled halfway (core/jobs.ts), it stops before writing anything: the queue stays as it was.
  const { persons, compared, pairs } = findDuplicatePairs(ctx.db, undefined, (done, total) => progress(ctx, done, total, 'steps'));
  progress(ctx, STEPS, STEPS, 'steps');
  const at = ctx.now().toISOString();
  const summary = ctx.db.transaction(() => {
    sql(
      ctx.db,
      'CREATE TEMP TABLE IF NOT EXISTS review_found (person_a TEXT NOT NULL, person_b TEXT NOT NULL, PRIMARY KEY (person_a, person_b)) WITHOUT ROWID',
    ).run();
    sql(ctx.db, 'DELETE FROM temp.review_found').run();
    const remember = sql(ctx.db, 'INSERT INTO temp.review_found (person_a, person_b) VALUES (?, ?)');
    const upsert = sql(
      ctx.db,
      `INSERT INTO duplicate_pairs (person_a, person_b, household_a, household_b, score, reasons, source, found_at)
       VALUES (?, ?, ?, ?, ?, ?, 'review', ?)
       ON CONFLICT (person_a, person_b) DO UPDATE SET score = excluded.score, reasons = excluded.reasons,
         household_a = excluded.household_a, household_b = excluded.household_b
       WHERE duplicate_pairs.status = 'open'`,
    );
    const before = sql(ctx.db, 'SELECT count(*) FROM duplicate_pairs').pluck<number>().get()!;
    for (const p of pairs) {
      remember.run(p.a.id, p.b.id);
      upsert.run(p.a.id, p.b.id, p.a.household_id, p.b.household_id, p.score, JSON.stringify(p.reasons), at);
    }
    const added = sql(ctx.db, 'SELECT count(*) FROM duplicate_pairs').pluck<number>().get()! - before;
    // An open pair a review found before and this one does not (a record was corrected, voided or merged) leaves.
    const gone = sql(
      ctx.db,
      `DELETE FROM duplicate_pairs WHERE status = 'open' AND source = 'review'
       AND NOT EXISTS (SELECT 1 FROM temp.review_found f WHERE f.person_a = duplicate_pairs.person_a AND f.person_b = duplicate_pairs.person_b)`,
    ).run().changes;
    sql(ctx.db, 'DELETE FROM temp.review_found').run();
    const open = sql(ctx.db, "SELECT count(*) FROM duplicate_pairs WHERE status = 'open'").pluck<number>().get()!;
    const seconds = Math.round((performance.now() - started) / 10) / 100;
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'duplicates.reviewed',
      entity: 'duplicates',
      entityId: '',
      detail: { persons, compared, found: pairs.length, added, removed: gone, open },
    });
    return { persons, compared, found: pairs.length, added, open, seconds };
  })();
  ctx.changed(['households']);
  return summary;
}
