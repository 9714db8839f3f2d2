import type { HistoryEntry, HouseholdDetail, SearchHit } from '../api/views.js';
import type { HouseholdRecordView } from '../api/views-protection.js';
import { appendAudit } from './audit.js';
import { tracedRead } from './audit-deferred.js';
import { today, type Actor, type CoreContext } from './context.js';
import { sql } from './db/statements.js';
import { getHousehold, householdHistory } from './households/read.js';
import { loadSnapshot } from './households/write.js';
import { readProtectionSettings } from './protection-settings.js';
import { searchPersons } from './search.js';

/**
 * Reading personal data leaves a trace: each view of a household, each search and each printed record is an audit
 * event written in the same transaction as the read (one insert; search stays on its hot path).
 */

const record = (ctx: CoreContext, actor: Actor, action: string, entity: string, entityId: string, detail: Record<string, unknown>) =>
  appendAudit(ctx.db, { at: ctx.now().toISOString(), operator: actor.name, action, entity, entityId, detail });

export function viewHousehold(ctx: CoreContext, actor: Actor, id: string): HouseholdDetail {
  return ctx.db.transaction(() => {
    const detail = getHousehold(ctx.db, id, today(ctx));
    record(ctx, actor, 'household.viewed', 'household', id, { registrationNumber: detail.registrationNumber, version: detail.version });
    return detail;
  })();
}

export function viewHistory(ctx: CoreContext, actor: Actor, id: string): HistoryEntry[] {
  return ctx.db.transaction(() => {
    const entries = householdHistory(ctx.db, id);
    const registrationNumber = sql(ctx.db, 'SELECT registration_number FROM households WHERE id = ?').pluck().get(id) as string | undefined;
    record(ctx, actor, 'household.history_viewed', 'household', id, { registrationNumber, versions: entries.length });
    return entries;
  })();
}

/** The query is kept (who looked for whom is what an audit of searches is for); the hits only as a count. */
export function auditedSearch(ctx: CoreContext, actor: Actor, text: string, limit: number): SearchHit[] {
  if (!text.trim()) return [];
  // Answered even while a hub import holds the write lock: the event follows as soon as it is free.
  return tracedRead(
    ctx,
    () => searchPersons(ctx.db, text, limit, today(ctx)),
    (hits) => ({ at: ctx.now().toISOString(), operator: actor.name, action: 'search', entity: 'search', entityId: '', detail: { text: text.trim(), hits: hits.length } }),
  );
}

/** Everything the station holds about one family (right of access), recorded as a printed document. */
export function householdRecord(ctx: CoreContext, actor: Actor, id: string): HouseholdRecordView {
  return ctx.db.transaction(() => {
    const s = loadSnapshot(ctx.db, id);
    const { members, ...household } = s.household;
    const versions = sql(ctx.db, 'SELECT version, at, operator, action, reason FROM household_versions WHERE household_id = ? ORDER BY version')
      .all(id) as HouseholdRecordView['versions'];
    const accesses = sql(ctx.db,
      "SELECT at, operator, action FROM audit_events WHERE entity = 'household' AND entity_id = ? AND entity_id <> '' ORDER BY seq",
    ).all(id) as HouseholdRecordView['accesses'];
    const printedAt = ctx.now().toISOString();
    record(ctx, actor, 'household.record_printed', 'household', id, { registrationNumber: s.registrationNumber, version: s.version });
    return {
      printedAt,
      station: ctx.station,
      registrationNumber: s.registrationNumber,
      id: s.id,
      registeredAt: s.registeredAt,
      updatedAt: s.updatedAt,
      status: s.status,
      voidReason: s.voidReason,
      household,
      // The member's id is the file's, not something held about the person.
      members: members.map(({ id: _id, ...m }) => m),
      versions,
      accesses,
      retentionDays: readProtectionSettings(ctx.db).retentionDays,
    };
  })();
}
