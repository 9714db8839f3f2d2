import type { HistoryEntry, HouseholdDetail, SearchHit } from '../../api/views.js';
import type { AuditAction } from '../../api/audit-actions.js';
import type { HouseholdRecordView } from '../../api/views-protection.js';
import { appendAudit } from './trail.js';
import { appendWhenFree } from './deferred.js';
import { today, type Actor, type CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { getHousehold, householdHistory } from '../households/read.js';
import { loadSnapshot } from '../households/write.js';
import { readProtectionSettings } from '../protection/settings.js';
import { searchPersons } from '../search/persons.js';

/**
 * Reading personal data leaves a trace: each view of a household, each search and each printed record is an audit
 * event written in the same transaction as the read (one insert; search stays on its hot path).
 */

const record = (ctx: CoreContext, actor: Actor, action: AuditAction, entity: string, entityId: string, detail: Record<string, unknown>) =>
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
    const registrationNumber = sql(ctx.db, 'SELECT registration_number FROM households WHERE id = ?').pluck<string>().get(id);
    record(ctx, actor, 'household.history_viewed', 'household', id, { registrationNumber, versions: entries.length });
    return entries;
  })();
}

/**
 * Searches are audited as one event per search, never with the typed text: a clerk typing "Grigoryan" sends a
 * query per letter, and the trail would otherwise keep nine events and every name anyone ever typed, even of a
 * family later erased. A search runs from the first query until the clerk opens a result, pauses, locks the screen
 * or signs out; its event records the persons shown (their ids) and the household opened, if any.
 */
export const SEARCH_PAUSE_MS = 3000;
/** Ids kept per event; beyond that, only how many more were shown. */
export const MAX_SHOWN_RECORDED = 200;

export interface PendingSearch {
  ctx: CoreContext;
  actor: Actor;
  queries: number;
  shown: Set<string>;
  more: number;
  timer: ReturnType<typeof setTimeout>;
}

/** Where a connection keeps its search in progress (the dispatcher's session). */
export interface SearchHolder {
  search?: PendingSearch | undefined;
}

const pendingByDb = new WeakMap<CoreContext['db'], Set<SearchHolder>>();

/**
 * Written at once when the write lock is free, else appended as soon as it is (the job worker's hub import holds it
 * for seconds): ending a search never makes the clerk's next request wait for the busy timeout.
 */
function writeSearchEvent(ctx: CoreContext, actor: Actor, detail: { queries: number; shown: string[]; more: number; opened: string | null }): void {
  appendWhenFree(ctx, { at: ctx.now().toISOString(), operator: actor.name, action: 'search', entity: 'search', entityId: detail.opened ?? '', detail });
}

/** Ends the holder's search (if any) and writes its one event; `openedHousehold` when it ended on a result. */
export function endSearch(holder: SearchHolder, openedHousehold: string | null = null): void {
  const pending = holder.search;
  if (!pending) return;
  holder.search = undefined;
  clearTimeout(pending.timer);
  pendingByDb.get(pending.ctx.db)?.delete(holder);
  if (!pending.ctx.db.open) return;
  writeSearchEvent(pending.ctx, pending.actor, { queries: pending.queries, shown: [...pending.shown], more: pending.more, opened: openedHousehold });
}

/** Ends every search in progress on this file (the core is closing). */
export function endAllSearches(ctx: CoreContext): void {
  for (const holder of [...(pendingByDb.get(ctx.db) ?? [])]) endSearch(holder);
}

/** A query of the search in progress on this connection: answered now, audited when the search ends. */
export function searchInSession(ctx: CoreContext, actor: Actor, holder: SearchHolder, text: string, limit: number): SearchHit[] {
  if (!text.trim()) return [];
  const hits = searchPersons(ctx.db, text, limit, today(ctx));
  if (holder.search && (holder.search.actor.id !== actor.id || holder.search.ctx !== ctx)) endSearch(holder);
  let pending = holder.search;
  if (pending) clearTimeout(pending.timer);
  else {
    pending = { ctx, actor, queries: 0, shown: new Set(), more: 0, timer: undefined as unknown as ReturnType<typeof setTimeout> };
    holder.search = pending;
    let holders = pendingByDb.get(ctx.db);
    if (!holders) pendingByDb.set(ctx.db, (holders = new Set()));
    holders.add(holder);
  }
  pending.queries += 1;
  for (const hit of hits) {
    if (pending.shown.has(hit.personId)) continue;
    if (pending.shown.size < MAX_SHOWN_RECORDED) pending.shown.add(hit.personId);
    else pending.more += 1;
  }
  // A timer that keeps nothing alive: a closing core writes what is pending itself (endAllSearches).
  pending.timer = setTimeout(() => endSearch(holder), SEARCH_PAUSE_MS);
  pending.timer.unref();
  return hits;
}

/** A search that is whole at once (a script, the benchmark): one query, one event. */
export function auditedSearch(ctx: CoreContext, actor: Actor, text: string, limit: number): SearchHit[] {
  const holder: SearchHolder = {};
  const hits = searchInSession(ctx, actor, holder, text, limit);
  endSearch(holder);
  return hits;
}

/** Everything the station holds about one family (right of access), recorded as a printed document. */
export function householdRecord(ctx: CoreContext, actor: Actor, id: string): HouseholdRecordView {
  return ctx.db.transaction(() => {
    const s = loadSnapshot(ctx.db, id);
    const { members, ...household } = s.household;
    const versions = sql<HouseholdRecordView['versions'][number]>(
      ctx.db,
      'SELECT version, at, operator, action, reason FROM household_versions WHERE household_id = ? ORDER BY version',
    ).all(id);
    const accesses = sql<HouseholdRecordView['accesses'][number]>(
      ctx.db,
      "SELECT at, operator, action FROM audit_events WHERE entity = 'household' AND entity_id = ? AND entity_id <> '' ORDER BY seq",
    ).all(id);
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
