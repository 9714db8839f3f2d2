import { expect } from 'vitest';
import type { DB } from '../../electron/core/db/open.js';

/** SQLite's plan for a statement, each `?` bound to a placeholder value: one line per step. */
export const plans = (db: DB, text: string): string[] =>
  (db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...Array.from({ length: (text.match(/\?/g) ?? []).length }, () => 'x')) as { detail: string }[]).map(
    (r) => r.detail,
  );

/**
 * Every read of the search keys in these statements is a seek (SEARCH), never a walk of the table (SCAN): `aliases`
 * are the letters the statements give the tables they read (`a`, `b`, `k`...).
 */
export function expectKeysSought(db: DB, statements: readonly string[], aliases: string): void {
  const alias = new RegExp(` [${aliases}]( |$)`);
  for (const text of statements) {
    const plan = plans(db, text);
    expect(plan.filter((d) => /search_keys|PRIMARY KEY|search_keys_person/.test(d)).length, plan.join('\n')).toBeGreaterThan(0);
    expect(
      plan.filter((d) => /search_keys/.test(d) || alias.test(d)).every((d) => d.startsWith('SEARCH')),
      `${text}\n${plan.join('\n')}`,
    ).toBe(true);
  }
}
