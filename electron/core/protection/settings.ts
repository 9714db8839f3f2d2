import { RETENTION_CATEGORIES, type ProtectionSettings, type RetentionCategory } from '../../api/views-protection.js';
import { appendAudit } from '../audit/trail.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';

/** The administrator's protection settings, kept in the `settings` table: idle lock and retention periods. */

export const DEFAULT_LOCK_AFTER_SECONDS = 180;
const LOCK_KEY = 'protection.lockAfterSeconds';
const retentionKey = (category: RetentionCategory): string => `retention.${category}Days`;

const wholeOr = <T>(raw: string | undefined, fallback: T): number | T => {
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

export function readProtectionSettings(db: DB): ProtectionSettings {
  const retentionDays = Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, wholeOr(readSetting(db, retentionKey(c)), null)])) as Record<
    RetentionCategory,
    number | null
  >;
  return { lockAfterSeconds: wholeOr(readSetting(db, LOCK_KEY), DEFAULT_LOCK_AFTER_SECONDS), retentionDays };
}

export const lockAfterSeconds = (db: DB): number => wholeOr(readSetting(db, LOCK_KEY), DEFAULT_LOCK_AFTER_SECONDS);

/** Saves the settings and records the change (before and after) in the audit trail, in one transaction. */
export function updateProtectionSettings(ctx: CoreContext, actor: Actor, next: ProtectionSettings): ProtectionSettings {
  const saved = ctx.db.transaction(() => {
    const before = readProtectionSettings(ctx.db);
    writeSetting(ctx.db, LOCK_KEY, String(next.lockAfterSeconds));
    for (const c of RETENTION_CATEGORIES) writeSetting(ctx.db, retentionKey(c), next.retentionDays[c] === null ? '' : String(next.retentionDays[c]));
    const after = readProtectionSettings(ctx.db);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'protection',
      detail: { before, after },
    });
    return after;
  })();
  ctx.changed(['settings']);
  return saved;
}
