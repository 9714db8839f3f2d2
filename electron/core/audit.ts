import { createHash } from 'node:crypto';
import type { DB } from './db/open.js';

/**
 * The audit trail: append-only and hash-chained. Each event's hash covers the previous hash and the event's own
 * fields, so changing, removing or reordering a row breaks the chain from there on.
 */

export interface AuditEvent {
  at: string;
  operator: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

export function eventHash(prevHash: string, seq: number, e: AuditEvent): string {
  const canonical = JSON.stringify([seq, e.at, e.operator, e.action, e.entity, e.entityId, JSON.stringify(e.detail)]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** Call inside the transaction of the act it records. */
export function appendAudit(db: DB, event: AuditEvent): void {
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prev = last?.hash ?? GENESIS_HASH;
  db.prepare(
    `INSERT INTO audit_events (seq, at, operator, action, entity, entity_id, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, event.at, event.operator, event.action, event.entity, event.entityId, JSON.stringify(event.detail), prev, eventHash(prev, seq, event));
}

export interface ChainReport {
  ok: boolean;
  events: number;
  /** The first row whose hash or link does not hold. */
  brokenAt?: { seq: number; reason: 'hash' | 'link' | 'gap' };
}

export function verifyAuditChain(db: DB): ChainReport {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').iterate() as IterableIterator<{
    seq: number; at: string; operator: string; action: string; entity: string; entity_id: string;
    detail: string; prev_hash: string; hash: string;
  }>;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const row of rows) {
    count++;
    if (row.seq !== expectedSeq) return { ok: false, events: count, brokenAt: { seq: expectedSeq, reason: 'gap' } };
    if (row.prev_hash !== prev) return { ok: false, events: count, brokenAt: { seq: row.seq, reason: 'link' } };
    const event: AuditEvent = {
      at: row.at, operator: row.operator, action: row.action, entity: row.entity, entityId: row.entity_id,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    };
    if (eventHash(prev, row.seq, event) !== row.hash) return { ok: false, events: count, brokenAt: { seq: row.seq, reason: 'hash' } };
    prev = row.hash;
    expectedSeq++;
  }
  return { ok: true, events: count };
}
