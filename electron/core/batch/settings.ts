import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';

/** The settings the batch work keeps in the `settings` table (key → text). */
export const BATCH_SETTINGS = {
  /** On a station: the hub's X25519 public key (base64), and when it was installed. */
  hubPublicKey: 'hub.publicKey',
  hubKeyInstalledAt: 'hub.keyInstalledAt',
  /** Minutes between automatic cuts; 0 turns them off. */
  intervalMinutes: 'batch.intervalMinutes',
  /** Where automatic cuts are written; empty means the data folder's outbox. */
  folder: 'batch.folder',
} as const;

export const DEFAULT_INTERVAL_MINUTES = 15;

export function readSetting(db: DB, key: string): string | undefined {
  const row = sql<{ value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key);
  return row?.value;
}

export function writeSetting(db: DB, key: string, value: string): void {
  sql(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

export function intervalMinutes(db: DB): number {
  const raw = readSetting(db, BATCH_SETTINGS.intervalMinutes);
  const n = raw === undefined ? DEFAULT_INTERVAL_MINUTES : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_INTERVAL_MINUTES;
}
