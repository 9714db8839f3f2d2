import type { AuditChainReport, StationDivergence, StationTrailView } from '../../api/views-protection.js';
import { signedHeadIsValid, verifyAnchoredTrail } from '../audit/anchor.js';
import { eventHash, type AuditRow } from '../audit/trail.js';
import type { CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import type { PayloadHeader } from './payload.js';

/**
 * The hub's copy of each station's signed audit heads: the anchor a station's trail is checked against. A head is
 * kept per batch, so a station that later signs a shorter or different trail shows as a divergence here, with the
 * first event number where the two stories part.
 */

/**
 * Called once per imported batch, inside its transaction (import.ts). A head not signed by the batch's own station
 * key refuses the whole batch: the station's signature on the file says it wrote that head.
 */
export function keepStationAuditHead(db: DB, header: PayloadHeader, stationPublicKey: string, receivedAt: string): void {
  const head = header.auditHead;
  if (!head) return;
  if (!signedHeadIsValid(header.stationId, stationPublicKey, head)) {
    const message = 'The contents of the batch are not what a batch must hold. Nothing was imported; ask the station to export it again.';
    throw new CoreError('refused', message, [{ path: 'file', code: 'batch.refused.payload_invalid', message: 'the audit head is not signed by the station' }]);
  }
  sql(
    db,
    `INSERT OR IGNORE INTO station_audit_heads (station_id, batch_id, seq, hash, signed_at, signature, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(header.stationId, header.batchId, head.seq, head.hash, head.signedAt, head.signature, receivedAt);
}

interface HeadRow {
  batch_id: string;
  seq: number;
  hash: string;
  signed_at: string;
  signature: string;
  received_at: string;
  sequence_from: number;
}
/** A station's audit event as the hub keeps it: the station's own row, and the batch it came in. */
interface EventRow extends AuditRow {
  batch_id: string;
}
interface StationRow {
  station_id: string;
  station_code: string;
  label: string;
  centre_code: string;
  public_key: string;
}

const parsedDetail = (text: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

type Divergence = NonNullable<StationTrailView['divergence']>;

/** The first event the hub holds that does not hash to itself or does not follow the event before it. */
function firstBrokenEvent(db: DB, stationId: string, receivedAt: (batchId: string) => string): Divergence | undefined {
  const rows = sql<EventRow>(
    db,
    'SELECT seq, at, operator, action, entity, entity_id, detail, prev_hash, hash, batch_id FROM station_events WHERE station_id = ? ORDER BY seq',
  ).iterate(stationId);
  let previous: EventRow | undefined;
  for (const row of rows) {
    const detail = parsedDetail(row.detail);
    const own =
      detail &&
      eventHash(row.prev_hash, row.seq, { at: row.at, operator: row.operator, action: row.action, entity: row.entity, entityId: row.entity_id, detail });
    const follows = previous?.seq !== row.seq - 1 || previous.hash === row.prev_hash;
    if (own !== row.hash || !follows) return { seq: row.seq, kind: 'changed', batchId: row.batch_id, receivedAt: receivedAt(row.batch_id) };
    previous = row;
  }
  return undefined;
}

function divergenceOf(db: DB, station: StationRow, heads: HeadRow[]): Divergence | undefined {
  const at = (h: HeadRow, seq: number, kind: StationDivergence): Divergence => ({ seq, kind, batchId: h.batch_id, receivedAt: h.received_at });
  const found: Divergence[] = [];
  const eventHashAt = sql(db, 'SELECT hash FROM station_events WHERE station_id = ? AND seq = ?').pluck<string>();
  let highest: HeadRow | undefined;
  for (const h of heads) {
    if (!signedHeadIsValid(station.station_id, station.public_key, { seq: h.seq, hash: h.hash, signedAt: h.signed_at, signature: h.signature })) {
      found.push(at(h, h.seq, 'bad_signature'));
      continue;
    }
    // Batches are cut in order: a later batch signing fewer events than an earlier one means events were removed.
    if (highest && h.seq < highest.seq) found.push(at(h, h.seq + 1, 'shortened'));
    if (highest && h.seq === highest.seq && h.hash !== highest.hash) found.push(at(h, h.seq, 'rewritten'));
    const held = h.seq > 0 ? eventHashAt.get(station.station_id, h.seq) : undefined;
    if (held !== undefined && held !== h.hash) found.push(at(h, h.seq, 'rewritten'));
    if (!highest || h.seq > highest.seq) highest = h;
  }
  const receivedAt = (batchId: string) =>
    heads.find((h) => h.batch_id === batchId)?.received_at ??
    sql(db, 'SELECT received_at FROM received_batches WHERE id = ?').pluck<string>().get(batchId) ??
    '';
  const broken = firstBrokenEvent(db, station.station_id, receivedAt);
  if (broken) found.push(broken);
  return found.sort((a, b) => a.seq - b.seq)[0];
}

/** Every station the hub knows, with its signed heads and the first divergence of its trail, if any. */
export function stationTrails(db: DB): StationTrailView[] {
  const stations = sql<StationRow>(
    db,
    'SELECT station_id, station_code, label, centre_code, public_key FROM known_stations ORDER BY centre_code, station_code',
  ).all();
  return stations.map((station) => {
    const heads = sql<HeadRow>(
      db,
      `SELECT h.batch_id, h.seq, h.hash, h.signed_at, h.signature, h.received_at, coalesce(b.sequence_from, 0) AS sequence_from
       FROM station_audit_heads h LEFT JOIN received_batches b ON b.id = h.batch_id
       WHERE h.station_id = ? ORDER BY sequence_from, h.rowid`,
    ).all(station.station_id);
    const events = sql(db, 'SELECT count(*) FROM station_events WHERE station_id = ?').pluck<number>().get(station.station_id)!;
    const divergence = divergenceOf(db, station, heads);
    return {
      stationId: station.station_id,
      stationCode: station.station_code,
      label: station.label,
      centreCode: station.centre_code,
      heads: heads.length,
      signedSeq: heads.reduce((max, h) => Math.max(max, h.seq), 0),
      events,
      ...(divergence ? { divergence } : {}),
    };
  });
}

/**
 * `audit-verify` and the Protection screen: this file's own trail (chain and signed heads) and, on a hub, every
 * station's trail against the heads it signed. Not ok when any of them fails.
 */
export function verifyTrails(ctx: Pick<CoreContext, 'db' | 'dataDir' | 'station'>): AuditChainReport {
  const own = verifyAnchoredTrail(ctx.db, ctx.dataDir, ctx.station.stationId);
  if (ctx.station.role !== 'hub') return own;
  const stations = stationTrails(ctx.db);
  return { ...own, ok: own.ok && stations.every((s) => !s.divergence), stations };
}
