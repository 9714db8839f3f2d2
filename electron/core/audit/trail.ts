import { createHash } from 'node:crypto';
import type { AuditAction } from '../../api/audit-actions.js';
import type { AuditChainReport, AuditEventView, ChainBreak } from '../../api/views-protection.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';

/**
 * The audit trail: append-only and hash-chained. Each event's hash covers the previous hash and the event's own
 * fields, so changing, removing or reordering a row breaks the chain from there on. The head (last number and hash)
 * is kept in its own row, written in the same transaction, so removing the last events shows too. Triggers refuse
 * UPDATE and DELETE from the app's own code; someone editing the file by other means is what the chain reveals.
 */

/** An event as it is appended: the view the supervisor reads, before the trail gives it its number. */
export type AuditEvent = Omit<AuditEventView, 'seq'>;
/** An event core appends: its kind is one of the kinds the screens can name (api/audit-actions.ts). */
export type NewAuditEvent = AuditEvent & { action: AuditAction };

export const GENESIS_HASH = '0'.repeat(64);

export function eventHash(prevHash: string, seq: number, e: AuditEvent): string {
  const canonical = JSON.stringify([seq, e.at, e.operator, e.action, e.entity, e.entityId, JSON.stringify(e.detail)]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The row of `audit_head`: the last event's number and hash, read by the writer and by the chain check. */
interface HeadRow {
  seq: number;
  hash: string;
}

/** Call inside the transaction of the act it records. One read of the head, one insert, one update. */
export function appendAudit(db: DB, event: NewAuditEvent): void {
  const head = sql<HeadRow>(db, 'SELECT seq, hash FROM audit_head WHERE id = 1').get();
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS_HASH;
  const hash = eventHash(prev, seq, event);
  sql(
    db,
    `INSERT INTO audit_events (seq, at, operator, action, entity, entity_id, detail, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, event.at, event.operator, event.action, event.entity, event.entityId, JSON.stringify(event.detail), prev, hash);
  sql(db, 'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
}

export interface AuditRow {
  seq: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const asEvent = (row: AuditRow): AuditEvent | null => {
  try {
    const detail = JSON.parse(row.detail) as unknown;
    if (typeof detail !== 'object' || detail === null) return null;
    return { at: row.at, operator: row.operator, action: row.action, entity: row.entity, entityId: row.entity_id, detail: detail as Record<string, unknown> };
  } catch {
    return null;
  }
};

const rowHashAt = (row: AuditRow, seq: number): string | null => {
  const event = asEvent(row);
  return event && eventHash(row.prev_hash, seq, event);
};

/** The number a whole row was written under, when it now sits under another (searched near where it is). */
function originalSeq(row: AuditRow, maxSeq: number): number | undefined {
  const event = asEvent(row);
  if (!event) return undefined;
  const limit = Math.max(maxSeq, row.seq) + 1;
  for (let d = 1; d <= limit; d++) {
    for (const seq of [row.seq - d, row.seq + d]) {
      if (seq >= 1 && seq <= limit && eventHash(row.prev_hash, seq, event) === row.hash) return seq;
    }
  }
  return undefined;
}

export interface ChainSource {
  /** Rows in ascending `seq`. */
  rows(): Iterable<AuditRow>;
  /** Whether some row carries this hash (only asked once a link is broken). */
  hasHash(hash: string): boolean;
  /** The head recorded beside the rows, if the source keeps one. */
  head(): { seq: number; hash: string } | undefined;
  /** The highest number present (only asked once a link is broken). */
  maxSeq(): number;
}

/**
 * Walks the chain and names the first link that does not hold: `changed` (a row's content no longer matches its
 * hash), `removed` (a number is missing, or the trail ends before its recorded head) or `reordered` (a whole row
 * sits under another number or after another row).
 */
export function verifyChain(source: ChainSource): AuditChainReport {
  let prev = GENESIS_HASH;
  let expected = 1;
  let count = 0;
  const head = source.head();
  const broken = (seq: number, kind: ChainBreak): AuditChainReport => ({ ok: false, events: count, headSeq: head?.seq ?? 0, brokenAt: { seq, kind } });
  for (const row of source.rows()) {
    count++;
    if (row.seq > expected) return broken(expected, 'removed');
    if (row.seq < expected) return broken(expected, 'changed');
    if (rowHashAt(row, row.seq) !== row.hash) {
      const original = originalSeq(row, source.maxSeq());
      if (original === undefined) return broken(row.seq, 'changed');
      // Whole, but written under another number: moved (its predecessor is still here) or renumbered after a removal.
      return broken(row.seq, row.prev_hash === GENESIS_HASH || source.hasHash(row.prev_hash) ? 'reordered' : 'removed');
    }
    if (row.prev_hash !== prev) {
      // Whole, but not after the row before it: that row was rewritten (and re-hashed), or this one moved.
      return source.hasHash(row.prev_hash) ? broken(row.seq, 'reordered') : broken(row.seq - 1, 'changed');
    }
    prev = row.hash;
    expected++;
  }
  const last = expected - 1;
  if (head) {
    if (head.seq > last) return broken(last + 1, 'removed');
    if (head.seq < last) return broken(head.seq + 1, 'changed');
    if (head.hash !== prev) return broken(last, 'changed');
  } else if (last > 0) {
    return broken(last + 1, 'removed');
  }
  return { ok: true, events: count, headSeq: head?.seq ?? 0 };
}

export function verifyAuditChain(db: DB): AuditChainReport {
  return verifyChain({
    rows: () =>
      db.prepare<unknown[], AuditRow>('SELECT seq, at, operator, action, entity, entity_id, detail, prev_hash, hash FROM audit_events ORDER BY seq').iterate(),
    hasHash: (hash) => db.prepare('SELECT 1 FROM audit_events WHERE hash = ? LIMIT 1').get(hash) !== undefined,
    head: () => db.prepare<unknown[], HeadRow>('SELECT seq, hash FROM audit_head WHERE id = 1').get(),
    maxSeq: () => db.prepare<unknown[], number>('SELECT coalesce(max(seq), 0) FROM audit_events').pluck().get()!,
  });
}

/** The latest events, newest first, for the supervisor's screen. */
export function recentAuditEvents(db: DB, limit: number, beforeSeq?: number): AuditEventView[] {
  const rows = sql<AuditRow>(
    db,
    'SELECT seq, at, operator, action, entity, entity_id, detail, prev_hash, hash FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?',
  ).all(beforeSeq ?? Number.MAX_SAFE_INTEGER, limit);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    operator: r.operator,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: asEvent(r)?.detail ?? {},
  }));
}
