import { sweepOrphanKeys } from '../duplicates/blocks.js';
import { RETENTION_CATEGORIES, type PurgeReport, type RetentionCategory } from '../../api/views-protection.js';
import { deleteHousehold } from '../households/tally.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { applying, progress, stoppedError } from '../jobs.js';
import type { HouseholdSnapshot } from '../households/snapshot.js';
import { decodeSnapshotText, HOLDS_BIT, storeSnapshotJson } from '../households/stored-snapshot.js';
import { loadSnapshot, writeSnapshot } from '../households/write.js';
import { readProtectionSettings } from './settings.js';
import { eraseStaleDoorNames } from '../queue/tickets.js';

/**
 * Retention and erasure. A category of personal data (the contact phones, the notes, document numbers, the address)
 * is removed once its retention period after registration has run out: through the one write path (a new version,
 * change-log op `purged`, reason `retention: <categories>`) and from every earlier version kept in the history. An
 * erasure on request removes the family altogether (change-log op `deleted`, which batches carry to the hub as a
 * deletion). Either way the file is then cleaned: `secure_delete` (set at open) overwrites freed cells, VACUUM
 * rebuilds the file without free pages and a TRUNCATE checkpoint empties the WAL.
 */

type Members = HouseholdSnapshot['household']['members'];

/** What each category removes from a household and its members. */
const STRIP: Record<RetentionCategory, (s: HouseholdSnapshot) => HouseholdSnapshot> = {
  contact: (s) => withHousehold(s, { phone: '' }, (m) => ({ ...m, phone: '' })),
  notes: (s) => withHousehold(s, { notes: '' }, (m) => ({ ...m, notes: '' })),
  documents: (s) => withHousehold(s, {}, (m) => ({ ...m, documents: [] })),
  address: (s) => withHousehold(s, { destinationDetails: '' }, (m) => m),
};

function withHousehold(
  s: HouseholdSnapshot,
  patch: Partial<HouseholdSnapshot['household']>,
  member: (m: Members[number]) => Members[number],
): HouseholdSnapshot {
  return { ...s, household: { ...s.household, ...patch, members: s.household.members.map(member) } };
}

export const stripCategories = (s: HouseholdSnapshot, categories: readonly RetentionCategory[]): HouseholdSnapshot =>
  categories.reduce((acc, c) => STRIP[c](acc), s);

const DAY_MS = 86_400_000;

/**
 * Households whose data of this category outlived its period, in the current version or any earlier one: each version
 * says in its `holds` bits which categories it still holds (stored-snapshot.ts), so the scan stays in SQLite.
 */
function expired(db: DB, category: RetentionCategory, cutoff: string): string[] {
  return sql(
    db,
    `SELECT DISTINCT h.id FROM households h JOIN household_versions v ON v.household_id = h.id
     WHERE h.registered_at < ? AND v.holds & ? <> 0`,
  )
    .pluck<string>()
    .all(cutoff, HOLDS_BIT[category]);
}

function plan(ctx: CoreContext): Map<string, RetentionCategory[]> {
  const { retentionDays } = readProtectionSettings(ctx.db);
  const due = new Map<string, RetentionCategory[]>();
  for (const category of RETENTION_CATEGORIES) {
    const days = retentionDays[category];
    if (days === null) continue;
    const cutoff = new Date(ctx.now().getTime() - days * DAY_MS).toISOString();
    for (const id of expired(ctx.db, category, cutoff)) due.set(id, [...(due.get(id) ?? []), category]);
  }
  return due;
}

const report = (ctx: CoreContext, due: Map<string, RetentionCategory[]>): PurgeReport => {
  const byCategory = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, 0])) as Record<RetentionCategory, number>;
  for (const categories of due.values()) for (const c of categories) byCategory[c]++;
  return { households: due.size, byCategory, at: ctx.now().toISOString() };
};

/** What a purge would remove now. */
export const previewPurge = (ctx: CoreContext): PurgeReport => report(ctx, plan(ctx));

/** Removes the categories from every version the history keeps (the reason of a `purged` version names them). */
export function scrubHistory(db: DB, householdId: string, categories: readonly RetentionCategory[]): void {
  const rows = sql<{ version: number; snapshot: Buffer }>(db, 'SELECT version, snapshot FROM household_versions WHERE household_id = ?').all(householdId);
  const update = sql(db, 'UPDATE household_versions SET snapshot = ?, json_bytes = ?, members = ?, holds = ? WHERE household_id = ? AND version = ?');
  for (const row of rows) {
    const before = decodeSnapshotText(row.snapshot);
    const scrubbed = stripCategories(JSON.parse(before) as HouseholdSnapshot, categories);
    const json = JSON.stringify(scrubbed);
    if (json === before) continue;
    const stored = storeSnapshotJson(json, scrubbed);
    update.run(stored.snapshot, stored.jsonBytes, stored.members, stored.holds, householdId, row.version);
  }
}

export const purgeReason = (categories: readonly RetentionCategory[]): string => `retention: ${categories.join(', ')}`;

/** The categories a `purged` version's reason names (for a hub applying it to its own history). */
export const purgedCategories = (reason: string): RetentionCategory[] =>
  (/^retention: (.*)$/.exec(reason)?.[1] ?? '').split(', ').filter((c): c is RetentionCategory => (RETENTION_CATEGORIES as readonly string[]).includes(c));

function purgeHousehold(ctx: CoreContext, actor: Actor, id: string, categories: RetentionCategory[]): void {
  const current = loadSnapshot(ctx.db, id);
  const at = ctx.now().toISOString();
  const next: HouseholdSnapshot = { ...stripCategories(current, categories), version: current.version + 1, updatedAt: at };
  const reason = purgeReason(categories);
  writeSnapshot(ctx.db, next, { at, operator: actor.name, operatorId: actor.id, action: 'purged', reason });
  scrubHistory(ctx.db, id, categories);
  appendAudit(ctx.db, {
    at,
    operator: actor.name,
    action: 'household.purged',
    entity: 'household',
    entityId: id,
    detail: { version: next.version, registrationNumber: current.registrationNumber, categories },
  });
}

/**
 * Leaves no copy of removed data in the file. `secure_delete` has already overwritten the freed cells and pages;
 * the TRUNCATE checkpoint moves the overwritten pages into the main file and empties the WAL, which still held the
 * old page images. VACUUM also gives the free pages back (seconds on a large file, so the scheduled purge skips it).
 */
export function cleanFile(db: DB, options: { vacuum?: boolean } = {}): void {
  if (options.vacuum ?? true) {
    // Duplicate keys of a person no longer held (the write path deletes them; this full pass is the safety net).
    sweepOrphanKeys(db);
    db.exec('VACUUM');
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Removes every category whose period ran out, one household per transaction, then cleans the file (with VACUUM
 * unless `vacuum: false`, as the twice-daily purge runs during a shift).
 *
 * As a long job (issue 15) it counts households and may be cancelled between two of them. A cancel does not undo the
 * households already purged: removing data whose period ran out is the rule, and a supervisor who stops a purge
 * expects what was removed to stay removed, not to reappear; each household is whole (its one transaction), the rest
 * waits for the next purge. Those already purged are still cleaned out of the file (the checkpoint, no VACUUM) before
 * the job ends as stopped; the final VACUUM is its point of no return.
 */
export function purgeExpired(ctx: CoreContext, actor: Actor, options: { vacuum?: boolean } = {}): PurgeReport {
  // The queue's names typed at the door (issue 17) last the day only, unless the ticket became a registration.
  const doorNames = eraseStaleDoorNames(ctx);
  const due = plan(ctx);
  const planned = [...due];
  let done = 0;
  try {
    for (const [id, categories] of planned) {
      progress(ctx, done, planned.length, 'households');
      ctx.db.transaction(() => {
        purgeHousehold(ctx, actor, id, categories);
        applying(ctx, done + 1, planned.length);
      })();
      done++;
    }
    progress(ctx, done, planned.length, 'households');
  } catch (error) {
    if (done === 0) throw error;
    // Stopped (or failed) part way: audit and clean what was purged, then say how far it got.
    const partial = report(ctx, new Map(planned.slice(0, done)));
    ctx.db.transaction(() =>
      appendAudit(ctx.db, {
        at: partial.at,
        operator: actor.name,
        action: 'retention.purged',
        entity: 'retention',
        entityId: '',
        detail: { ...partial, stoppedAfter: done, planned: planned.length },
      }),
    )();
    cleanFile(ctx.db, { vacuum: false });
    ctx.changed(['households']);
    throw error instanceof CoreError && error.code === 'cancelled' ? stoppedError(done, planned.length) : error;
  }
  const summary = report(ctx, due);
  ctx.db.transaction(() => {
    appendAudit(ctx.db, { at: summary.at, operator: actor.name, action: 'retention.purged', entity: 'retention', entityId: '', detail: { ...summary } });
    applying(ctx, planned.length, planned.length, { final: true });
  })();
  if (due.size > 0) {
    cleanFile(ctx.db, options);
    ctx.changed(['households']);
  } else if (doorNames > 0) cleanFile(ctx.db, { vacuum: false });
  return summary;
}

/**
 * Erasure on request (a supervisor's act): the household, its members, search keys, history and slips go in one
 * transaction with a change-log `deleted` row and an audit event; then the file is cleaned.
 *
 * As a long job (issue 15), in two steps: the erasure (cancellable until it commits: then nothing was erased) and
 * the clean-up of the file (VACUUM, seconds on a large file). Its commit is the point of no return: an erasure is
 * not to be half-undone, and stopping the clean-up would leave the erased data in free pages, so from there a cancel
 * is refused with the reason, and the job only finishes.
 */
export function eraseHousehold(ctx: CoreContext, actor: Actor, input: { id: string; reason: string }): { id: string; registrationNumber: string } {
  progress(ctx, 0, 2, 'steps');
  const erased = ctx.db.transaction(() => {
    progress(ctx, 0, 2, 'steps');
    const current = loadSnapshot(ctx.db, input.id);
    const at = ctx.now().toISOString();
    const version = current.version + 1;
    deleteHousehold(ctx.db, input.id);
    if (sql(ctx.db, 'SELECT count(*) FROM household_versions WHERE household_id = ?').pluck().get(input.id) !== 0) {
      throw new CoreError('internal', 'The history of the household was not removed.');
    }
    sql(ctx.db, 'INSERT INTO change_log (at, entity, entity_id, version, op) VALUES (?, ?, ?, ?, ?)').run(at, 'household', input.id, version, 'deleted');
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'household.erased',
      entity: 'household',
      entityId: input.id,
      detail: { registrationNumber: current.registrationNumber, version, reason: input.reason },
    });
    applying(ctx, 1, 1, { final: true });
    return { id: input.id, registrationNumber: current.registrationNumber };
  })();
  progress(ctx, 1, 2, 'steps');
  cleanFile(ctx.db);
  progress(ctx, 2, 2, 'steps');
  ctx.changed(['households']);
  return erased;
}
