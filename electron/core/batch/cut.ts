import { currentAuditHead, type AuditHead, type SignedAuditHead } from '../audit/anchor.js';
import type { CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import type { HouseholdAction } from '../households/snapshot.js';
import { decodeSnapshotBytes } from '../households/stored-snapshot.js';
import { deletionLine, endLine, eventLine, headerLine, PAYLOAD_VERSION, versionLineParts, type PayloadHeader } from './payload.js';

/**
 * Cutting a batch: the part of the station's change log (and audit trail) that no batch has carried yet, turned
 * into the payload of docs/batch-payload.md. Nothing is recorded here; a range counts as exported only once its
 * file is on disk, whole and verified (export.ts).
 */

/** Change-log operations that erase a household (sent to the hub as deletions); the protection work writes them. */
export const DELETION_OPS: ReadonlySet<string> = new Set(['deleted']);

export interface BatchRange {
  sequenceFrom: number;
  sequenceTo: number;
  /** Audit events carried along; auditTo < auditFrom when there are none. */
  auditFrom: number;
  auditTo: number;
}

export interface BatchCounts {
  households: number;
  persons: number;
  events: number;
  deletions: number;
  versions: number;
}

export interface CutBatch {
  header: PayloadHeader;
  payload: Buffer;
  counts: BatchCounts;
}

const line = (text: string): Buffer => Buffer.from(`${text}\n`, 'utf8');

/** What the next batch would carry, or null when every change is already in a batch. */
export function pendingRange(db: DB): BatchRange | null {
  const last = sql<{ seq: number; audit: number }>(db, 'SELECT coalesce(max(sequence_to), 0) AS seq, coalesce(max(audit_to), 0) AS audit FROM batches').get()!;
  const top = sql(db, 'SELECT coalesce(max(seq), 0) FROM change_log').pluck<number>().get()!;
  if (top <= last.seq) return null;
  const auditTop = sql(db, 'SELECT coalesce(max(seq), 0) FROM audit_events').pluck<number>().get()!;
  return { sequenceFrom: last.seq + 1, sequenceTo: top, auditFrom: last.audit + 1, auditTo: Math.max(auditTop, last.audit) };
}

/** The largest batch file: the hub's request limit (hub/server.ts takes it as its default), so a file fits in one request. */
export const BATCH_MAX_BYTES = 64 * 1024 * 1024;
/** Room for the envelope around the payload (manifest, signature, encryption header and tag) and the payload's own
 * header and end lines. */
const ENVELOPE_ROOM = 16 * 1024;
/** A line's fields around its snapshot or detail; an event's detail is escaped again in its line (quotes). */
const LINE_ROOM = 320;
const ESCAPING = 1.25;

/**
 * The range of the next batch: what `pendingRange` holds, cut short so that the batch file fits in `maxBytes` (a
 * desk offline for a week has more than one request of changes). Always at least one change, so a single household
 * larger than the limit still goes (and the hub says so) rather than blocking everything behind it. Audit events
 * fill what room is left, in order; those that do not fit go with the next batch.
 */
export function nextBatchRange(db: DB, maxBytes = BATCH_MAX_BYTES): BatchRange | null {
  const full = pendingRange(db);
  if (!full) return null;
  const budget = maxBytes - ENVELOPE_ROOM;
  let used = 0;
  let sequenceTo = full.sequenceFrom - 1;
  const changes = sql(
    db,
    `SELECT c.seq, coalesce(v.json_bytes, 0)
     FROM change_log c
     LEFT JOIN household_versions v ON c.entity = 'household' AND v.household_id = c.entity_id AND v.version = c.version
     WHERE c.seq BETWEEN ? AND ? ORDER BY c.seq`,
  )
    .raw<[number, number]>()
    .iterate(full.sequenceFrom, full.sequenceTo);
  for (const [seq, bytes] of changes) {
    if (sequenceTo >= full.sequenceFrom && used + bytes + LINE_ROOM > budget) break;
    used += bytes + LINE_ROOM;
    sequenceTo = seq;
  }
  let auditTo = full.auditFrom - 1;
  if (full.auditTo >= full.auditFrom) {
    const events = sql(
      db,
      `SELECT seq, length(CAST(detail AS BLOB)) + length(CAST(operator AS BLOB)) + length(action) + length(entity_id)
       FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq`,
    )
      .raw<[number, number]>()
      .iterate(full.auditFrom, full.auditTo);
    for (const [seq, bytes] of events) {
      const line = Math.ceil(bytes * ESCAPING) + LINE_ROOM;
      if (used + line > budget) break;
      used += line;
      auditTo = seq;
    }
  }
  return { sequenceFrom: full.sequenceFrom, sequenceTo, auditFrom: full.auditFrom, auditTo: Math.max(auditTo, full.auditFrom - 1) };
}

/** How many households the waiting changes touch (for the screen and the outbox). */
export function pendingHouseholds(db: DB, range: BatchRange | null): number {
  if (!range) return 0;
  return sql(db, 'SELECT count(DISTINCT entity_id) FROM change_log WHERE seq BETWEEN ? AND ?').pluck<number>().get(range.sequenceFrom, range.sequenceTo)!;
}

type ChangeRow = [
  seq: number,
  entity: string,
  entityId: string,
  version: number,
  op: string,
  at: string,
  operator: string | null,
  reason: string | null,
  snapshot: Buffer | null,
];
type EventRow = [seq: number, at: string, operator: string, action: string, entity: string, entityId: string, detail: string, prevHash: string, hash: string];

export interface CutOptions {
  plain?: boolean;
  /** Signs the trail's head at the cut (export.ts, with the station key); the header then carries it. */
  signHead?: (head: AuditHead) => SignedAuditHead;
}

/** Builds the payload for `range` in one buffer (a plain export; version 1 sealing in tests). */
export function cutBatch(ctx: CoreContext, batchId: string, range: BatchRange, options: CutOptions = {}): CutBatch {
  const lines: Buffer[] = [];
  const { header, counts } = streamCut(ctx, batchId, range, options, () => (bytes) => lines.push(bytes));
  return { header, payload: Buffer.concat(lines), counts };
}

/**
 * Builds the payload for `range`, read in one transaction so it is a consistent picture of the file, handing its
 * bytes to a sink piece by piece (a line, or a snapshot as stored): nothing of the batch is held whole. `begin` is
 * called once, before the first byte, with the header and the counts (a sealed batch's header states them), and
 * returns the sink.
 */
export function streamCut(
  ctx: CoreContext,
  batchId: string,
  range: BatchRange,
  options: CutOptions,
  begin: (header: PayloadHeader, counts: BatchCounts) => (bytes: Buffer) => void,
): { header: PayloadHeader; counts: BatchCounts } {
  return ctx.db.transaction(() => {
    // Signed in the same transaction as the events are read, so the head is the one the batch carries up to.
    const auditHead = options.signHead?.(currentAuditHead(ctx.db));
    const header: PayloadHeader = {
      t: 'batch',
      payloadVersion: PAYLOAD_VERSION,
      batchId,
      stationId: ctx.station.stationId,
      stationCode: ctx.station.stationCode,
      stationLabel: ctx.station.stationLabel,
      centreCode: ctx.station.centreCode,
      centreName: ctx.station.centreName,
      ...range,
      createdAt: ctx.now().toISOString(),
      ...(options.plain ? { plain: true as const } : {}),
      ...(auditHead ? { auditHead } : {}),
    };
    const counts = countRange(ctx.db, range);
    const write = begin(header, counts);
    // Lines are assembled as UTF-8 bytes: a snapshot's stored JSON goes into the payload as it was stored, unparsed.
    write(line(headerLine(header)));
    let versions = 0;
    let deletions = 0;
    const changes = sql(
      ctx.db,
      `SELECT c.seq, c.entity, c.entity_id, c.version, c.op, c.at, v.operator, v.reason, v.snapshot
       FROM change_log c
       LEFT JOIN household_versions v ON c.entity = 'household' AND v.household_id = c.entity_id AND v.version = c.version
       WHERE c.seq BETWEEN ? AND ? ORDER BY c.seq`,
    )
      .raw<ChangeRow>()
      .iterate(range.sequenceFrom, range.sequenceTo);
    for (const [seq, entity, entityId, version, op, at, operator, reason, snapshot] of changes) {
      if (entity !== 'household') continue;
      if (DELETION_OPS.has(op)) {
        write(line(deletionLine({ t: 'deletion', seq, entity: 'household', entityId, version, at, op })));
        deletions++;
      } else if (snapshot !== null) {
        // A version erased since (by a deletion later in the log) has no snapshot left to send.
        const [head, tail] = versionLineParts({ t: 'version', seq, op: op as HouseholdAction, at, operator: operator ?? '', reason: reason ?? '' });
        write(Buffer.concat([Buffer.from(head, 'utf8'), decodeSnapshotBytes(snapshot), Buffer.from(tail, 'utf8')]));
        versions++;
      }
    }
    let events = 0;
    if (range.auditTo >= range.auditFrom) {
      const rows = sql(
        ctx.db,
        'SELECT seq, at, operator, action, entity, entity_id, detail, prev_hash, hash FROM audit_events WHERE seq BETWEEN ? AND ? ORDER BY seq',
      )
        .raw<EventRow>()
        .iterate(range.auditFrom, range.auditTo);
      for (const [seq, at, operator, action, entity, entityId, detail, prevHash, hash] of rows) {
        write(line(eventLine({ t: 'event', seq, at, operator, action, entity, entityId, detail, prevHash, hash })));
        events++;
      }
    }
    write(line(endLine({ t: 'end', versions, deletions, events })));
    return { header, counts };
  })();
}

/** What a range carries, counted before its payload is written: households (and their members) still there at its end. */
function countRange(db: DB, range: BatchRange): BatchCounts {
  const membersOf = new Map<string, number>();
  let versions = 0;
  let deletions = 0;
  const changes = sql(
    db,
    `SELECT c.entity, c.entity_id, c.op, v.snapshot IS NOT NULL, v.members
     FROM change_log c
     LEFT JOIN household_versions v ON c.entity = 'household' AND v.household_id = c.entity_id AND v.version = c.version
     WHERE c.seq BETWEEN ? AND ? ORDER BY c.seq`,
  )
    .raw<[string, string, string, number, number | null]>()
    .iterate(range.sequenceFrom, range.sequenceTo);
  for (const [entity, entityId, op, held, members] of changes) {
    if (entity !== 'household') continue;
    if (DELETION_OPS.has(op)) {
      membersOf.delete(entityId);
      deletions++;
    } else if (held) {
      membersOf.set(entityId, members ?? 0);
      versions++;
    }
  }
  const events =
    range.auditTo >= range.auditFrom
      ? sql(db, 'SELECT count(*) FROM audit_events WHERE seq BETWEEN ? AND ?').pluck<number>().get(range.auditFrom, range.auditTo)!
      : 0;
  let persons = 0;
  for (const n of membersOf.values()) persons += n;
  return { households: membersOf.size, persons, events, deletions, versions };
}
