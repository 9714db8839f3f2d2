import type { CoreContext } from '../context.js';
import { sql } from '../db/statements.js';

/**
 * The family being typed, kept in SQLite as the clerk types, so a crash or a closed window loses nothing.
 * One draft per owner (operator), so the next operator at the desk does not see another's draft.
 */
export function saveDraft(ctx: CoreContext, owner: string, payload: string): void {
  sql(
    ctx.db,
    'INSERT INTO drafts (owner, saved_at, payload) VALUES (?, ?, ?) ON CONFLICT (owner) DO UPDATE SET saved_at = excluded.saved_at, payload = excluded.payload',
  ).run(owner, ctx.now().toISOString(), payload);
}

export function loadDraft(ctx: CoreContext, owner: string): { savedAt: string; payload: string } | null {
  const row = sql<{ saved_at: string; payload: string }>(ctx.db, 'SELECT saved_at, payload FROM drafts WHERE owner = ?').get(owner);
  return row ? { savedAt: row.saved_at, payload: row.payload } : null;
}

export function clearDraft(ctx: CoreContext, owner: string): void {
  sql(ctx.db, 'DELETE FROM drafts WHERE owner = ?').run(owner);
}
