import type { Household } from '../../api/schemas/household.js';
import type { DuplicateReason, DuplicatePairView, DuplicateQueuePage, PairStatus } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import { today, type Actor, type CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { loadSnapshot, updateHousehold } from '../households/write.js';
import { householdOf, ordered } from './intake-decisions.js';
import { recordsByIds, stationLabels, viewOf, type PersonRecord } from './people.js';

/**
 * The supervisor's queue of possible duplicates. A pair is resolved: `different` keeps it from coming back; `same`
 * merges, by a new version of the duplicate's household in which that person is marked as merged into the one kept:
 * both histories stay. (Decisions taken at the intake desk: intake-decisions.ts.)
 */

export interface PairRow {
  person_a: string;
  person_b: string;
  household_a: string;
  household_b: string;
  score: number;
  reasons: string;
  source: 'review' | 'intake' | 'list';
  found_at: string;
  status: PairStatus;
  kept_person: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  note: string;
}

function pairView(row: PairRow, records: Map<string, PersonRecord>, labels: Map<string, string>, onDate: string): DuplicatePairView | undefined {
  const a = records.get(row.person_a);
  const b = records.get(row.person_b);
  if (!a || !b) return undefined;
  return {
    a: viewOf(a, labels, onDate),
    b: viewOf(b, labels, onDate),
    score: row.score,
    reasons: JSON.parse(row.reasons) as DuplicateReason[],
    source: row.source,
    foundAt: row.found_at,
    status: row.status,
    keptPersonId: row.kept_person,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    note: row.note,
  };
}

function viewsOf(ctx: CoreContext, rows: PairRow[]): DuplicatePairView[] {
  const records = new Map(recordsByIds(ctx.db, [...new Set(rows.flatMap((r) => [r.person_a, r.person_b]))]).map((r) => [r.id, r]));
  const labels = stationLabels(ctx);
  const onDate = today(ctx);
  return rows.map((r) => pairView(r, records, labels, onDate)).filter((v): v is DuplicatePairView => v !== undefined);
}

/** A page of the queue as the supervisor's screen reads it: the persons shown are recorded in the audit trail. */
export function auditedQueue(ctx: CoreContext, actor: Actor, input: { status: PairStatus; limit: number; offset: number }): DuplicateQueuePage {
  const page = duplicateQueue(ctx, input);
  if (page.items.length > 0) {
    ctx.db.transaction(() =>
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        operator: actor.name,
        action: 'duplicates.queue_viewed',
        entity: 'person',
        entityId: '',
        detail: { status: input.status, offset: input.offset, pairs: page.items.length },
      }),
    )();
  }
  return page;
}

/** A current person (merged ones are not) of an active household. */
const livePerson = (column: string): string =>
  `EXISTS (SELECT 1 FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = duplicate_pairs.${column} AND h.status = 'active')`;

/** A page of the queue (open pairs, best first) or of the pairs decided. */
export function duplicateQueue(ctx: CoreContext, input: { status: PairStatus; limit: number; offset: number }): DuplicateQueuePage {
  // An open pair leaves the queue by itself once a side is voided or merged into another record.
  const where = input.status === 'open' ? `status = ? AND ${livePerson('person_a')} AND ${livePerson('person_b')}` : 'status = ?';
  const total = sql(ctx.db, `SELECT count(*) FROM duplicate_pairs WHERE ${where}`).pluck<number>().get(input.status)!;
  const order = input.status === 'open' ? 'score DESC, found_at' : 'resolved_at DESC';
  const rows = sql<PairRow>(ctx.db, `SELECT * FROM duplicate_pairs WHERE ${where} ORDER BY ${order}, person_a, person_b LIMIT ? OFFSET ?`).all(
    input.status,
    input.limit,
    input.offset,
  );
  return { total, items: viewsOf(ctx, rows) };
}

/** Every pair of the file, whatever its status (the CLI's `duplicates --json`). */
export function allPairs(ctx: CoreContext): DuplicatePairView[] {
  return viewsOf(ctx, sql<PairRow>(ctx.db, 'SELECT * FROM duplicate_pairs ORDER BY status, score DESC, person_a, person_b').all());
}

export interface ResolveInput {
  personA: string;
  personB: string;
  decision: 'same' | 'different';
  /** For `same`: the record kept; the other is marked as merged into it. Default: the one registered first. */
  keep?: string | undefined;
  note: string;
}

/** A supervisor's decision on a pair of the queue. */
export function resolvePair(ctx: CoreContext, actor: Actor, input: ResolveInput): DuplicatePairView {
  const [a, b] = ordered(input.personA, input.personB);
  const view = ctx.db.transaction(() => {
    const row = sql<PairRow>(ctx.db, 'SELECT * FROM duplicate_pairs WHERE person_a = ? AND person_b = ?').get(a, b);
    if (!row) throw new CoreError('not_found', 'This pair is not in the queue. Run the review again.');
    if (row.status !== 'open') throw new CoreError('conflict', 'Someone already decided about this pair.');
    const at = ctx.now().toISOString();
    // Seen before the merge: the merged person then lives only in their household's history.
    const seen = viewsOf(ctx, [row])[0];
    let kept: string | null = null;
    if (input.decision === 'same') {
      const records = recordsByIds(ctx.db, [a, b]);
      if (records.length < 2) throw new CoreError('not_found', 'One of these persons is no longer in the file.');
      kept = input.keep ?? [...records].sort((x, y) => x.arrived_at.localeCompare(y.arrived_at) || x.id.localeCompare(y.id))[0]!.id;
      if (kept !== a && kept !== b) throw new CoreError('invalid_input', 'Keep one of the two persons of the pair.');
      const merged = kept === a ? b : a;
      markMerged(ctx, actor, merged, kept);
    }
    sql(ctx.db, 'UPDATE duplicate_pairs SET status = ?, kept_person = ?, resolved_at = ?, resolved_by = ?, note = ? WHERE person_a = ? AND person_b = ?').run(
      input.decision,
      kept,
      at,
      actor.name,
      input.note,
      a,
      b,
    );
    sql(
      ctx.db,
      `INSERT INTO duplicate_decisions (at, operator, operator_id, context, decision, person_id, household_id, other_person_id,
         other_household_id, score, reason) VALUES (?, ?, ?, 'review', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(at, actor.name, actor.id, input.decision, a, row.household_a, b, row.household_b, row.score, input.note);
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: input.decision === 'same' ? 'duplicates.merged' : 'duplicates.different',
      entity: 'person',
      entityId: a,
      detail: { personA: a, personB: b, kept, note: input.note, score: row.score },
    });
    const updated = sql<PairRow>(ctx.db, 'SELECT * FROM duplicate_pairs WHERE person_a = ? AND person_b = ?').get(a, b)!;
    return (
      seen && {
        ...seen,
        status: updated.status,
        keptPersonId: updated.kept_person,
        resolvedAt: updated.resolved_at,
        resolvedBy: updated.resolved_by,
        note: updated.note,
      }
    );
  })();
  ctx.changed(['households']);
  if (!view) throw new CoreError('not_found', 'One of these persons is no longer in the file.');
  return view;
}

/** A new version of the duplicate's household, through the one write path, in which that person is marked merged. */
function markMerged(ctx: CoreContext, actor: Actor, personId: string, into: string): void {
  const householdId = householdOf(ctx.db, personId);
  const s = loadSnapshot(ctx.db, householdId);
  const household: Household = {
    ...s.household,
    members: s.household.members.map((m) => (m.id === personId ? { ...m, mergedInto: into } : m)),
  };
  updateHousehold(ctx, actor, { id: s.id, expectedVersion: s.version, household });
}
