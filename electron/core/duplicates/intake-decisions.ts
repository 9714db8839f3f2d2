import type { DuplicateReason } from '../../api/views-duplicates.js';
import { appendAudit } from '../audit/trail.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import type { HouseholdSnapshot } from '../households/snapshot.js';
import { nameFrequency, recordsByIds, subjectOf } from './people.js';
import { scoreDuplicate } from './score.js';

/**
 * A clerk's decision about a likely duplicate travels with the new person in the household's version
 * (`duplicateDecision`, kept in its history and in the batches that carry it). The write path hands each version it
 * commits here, inside its transaction, and the decision is kept as a row and an audit event: `same` (this is that
 * person) puts the pair in the supervisor's queue to merge; `different` (continue, with a reason) keeps the pair out;
 * `unsure` (the clerk could not tell) and `continued` (saved past a likely match) put it in the queue at once.
 */

export const ordered = (x: string, y: string): [string, string] => (x < y ? [x, y] : [y, x]);

export const householdOf = (db: DB, personId: string): string => sql(db, 'SELECT household_id FROM persons WHERE id = ?').pluck<string>().get(personId) ?? '';

/** The score and reasons of two persons on file, now. */
function scorePair(db: DB, a: string, b: string): { score: number; reasons: DuplicateReason[] } {
  const records = recordsByIds(db, [a, b]);
  const [x, y] = [records.find((r) => r.id === a), records.find((r) => r.id === b)];
  if (!x || !y) return { score: 0, reasons: [] };
  return scoreDuplicate(subjectOf(x), subjectOf(y), nameFrequency(db));
}

/**
 * Called by the write path with every household version it commits, inside its transaction: keeps the decisions
 * its members carry that are not kept yet.
 */
export function recordIntakeDecisions(db: DB, s: HouseholdSnapshot, meta: { at: string; operator: string; operatorId?: string }): void {
  for (const member of s.household.members) {
    const d = member.duplicateDecision;
    if (!d || d.otherPersonId === member.id) continue;
    const known = sql(db, "SELECT 1 FROM duplicate_decisions WHERE context = 'intake' AND person_id = ? AND other_person_id = ? AND decision = ?").get(
      member.id,
      d.otherPersonId,
      d.decision,
    );
    if (known) continue;
    const otherHousehold = householdOf(db, d.otherPersonId);
    sql(
      db,
      `INSERT INTO duplicate_decisions (at, operator, operator_id, context, decision, person_id, household_id, other_person_id,
         other_household_id, score, reason) VALUES (?, ?, ?, 'intake', ?, ?, ?, ?, ?, ?, ?)`,
    ).run(meta.at, meta.operator, meta.operatorId ?? '', d.decision, member.id, s.id, d.otherPersonId, otherHousehold, d.score ?? null, d.reason);
    if (otherHousehold) {
      const [a, b] = ordered(member.id, d.otherPersonId);
      const { score, reasons } = scorePair(db, a, b);
      const households = a === member.id ? [s.id, otherHousehold] : [otherHousehold, s.id];
      sql(
        db,
        `INSERT INTO duplicate_pairs (person_a, person_b, household_a, household_b, score, reasons, source, found_at, status,
           resolved_at, resolved_by, note)
         VALUES (?, ?, ?, ?, ?, ?, 'intake', ?, ?, ?, ?, ?)
         ON CONFLICT (person_a, person_b) DO UPDATE SET status = excluded.status, resolved_at = excluded.resolved_at,
           resolved_by = excluded.resolved_by, note = excluded.note, source = 'intake'
         WHERE duplicate_pairs.status = 'open'`,
      ).run(
        a,
        b,
        households[0],
        households[1],
        d.score ?? score,
        JSON.stringify(reasons),
        meta.at,
        d.decision === 'different' ? 'different' : 'open',
        d.decision === 'different' ? meta.at : null,
        d.decision === 'different' ? meta.operator : null,
        d.reason,
      );
    }
    appendAudit(db, {
      at: meta.at,
      operator: meta.operator,
      action: 'duplicates.intake_decision',
      entity: 'household',
      entityId: s.id,
      detail: { personId: member.id, otherPersonId: d.otherPersonId, decision: d.decision, reason: d.reason },
    });
  }
}
