import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { BatchView, ExportOutcome, PlainExportView } from '../../api/views-batches.js';
import { keepSignedHead, signAuditHead, type AuditHead } from '../audit/anchor.js';
import { appendAudit } from '../audit/trail.js';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { applying, progress } from '../jobs.js';
import { cutBatch, nextBatchRange, pendingRange, streamCut, type BatchCounts, type BatchRange, type CutBatch } from './cut.js';
import { BatchError, sealBatch } from './envelope.js';
import { BatchSealerV2, verifyBatchV2 } from './envelope-v2.js';
import type { PayloadHeader } from './payload.js';
import { realFileSystem, writeBatchFile, writeBatchFileStreamed, type BatchFileSystem } from './file.js';
import { loadStationKeys, requireHubKey } from './keys.js';
import { BATCH_SETTINGS, intervalMinutes, readSetting } from './settings.js';

/**
 * Exporting: cut the waiting range, seal it to the installed hub key, write it atomically, read it back and verify
 * it, and only then record it as written. Any failure leaves the range waiting for the next export.
 */

export const BATCH_EXTENSION = '.ibatch';
export const OUTBOX_FOLDER = 'outbox';
export const outboxFolder = (dataDir: string): string => join(dataDir, OUTBOX_FOLDER);

/** No personal data in the name: centre, station code and the change-log range. */
export function batchFileName(ctx: Pick<CoreContext, 'station'>, range: BatchRange, suffix = BATCH_EXTENSION): string {
  const pad = (n: number) => String(n).padStart(7, '0');
  return `${ctx.station.centreCode}-${ctx.station.stationCode}-${pad(range.sequenceFrom)}-${pad(range.sequenceTo)}${suffix}`;
}

export interface ExportTarget {
  /** A folder: the file gets its standard name there. */
  folder?: string;
  /** Or an exact file path (the CLI's --out). */
  file?: string;
}

export interface ExportOptions {
  /** The file layer (tests make it fail like a full or pulled stick). */
  files?: BatchFileSystem;
  /** The largest batch file the hub takes (its request limit); a larger backlog goes in several batches. */
  maxBytes?: number;
  /** Plaintext bytes per sealed chunk (format version 2; default 1 MiB). */
  chunkBytes?: number;
}

function targetPath(ctx: CoreContext, target: ExportTarget, range: BatchRange, suffix?: string): string {
  if (target.file) return resolve(target.file);
  if (target.folder) return resolve(target.folder, batchFileName(ctx, range, suffix));
  throw new CoreError('invalid_input', 'Choose the folder to write the batch to.', [
    { path: 'folder', code: 'batch.folder.required', message: 'Choose a folder' },
  ]);
}

interface BatchRow {
  id: string;
  sequence_from: number;
  sequence_to: number;
  households: number;
  persons: number;
  events: number;
  deletions: number;
  sha256: string;
  bytes: number;
  hub_fingerprint: string;
  file_path: string;
  status: BatchView['status'];
  created_at: string;
  uploaded_at: string | null;
  acknowledged_at: string | null;
}

const toView = (r: BatchRow): BatchView => ({
  id: r.id,
  sequenceFrom: r.sequence_from,
  sequenceTo: r.sequence_to,
  households: r.households,
  persons: r.persons,
  events: r.events,
  deletions: r.deletions,
  sha256: r.sha256,
  bytes: r.bytes,
  hubFingerprint: r.hub_fingerprint,
  filePath: r.file_path,
  fileName: basename(r.file_path),
  status: r.status,
  createdAt: r.created_at,
  uploadedAt: r.uploaded_at,
  acknowledgedAt: r.acknowledged_at,
});

export function getBatch(db: DB, id: string): BatchView | undefined {
  const row = sql<BatchRow>(db, 'SELECT * FROM batches WHERE id = ?').get(id);
  return row && toView(row);
}

export function listBatches(db: DB, limit = 200): BatchView[] {
  return sql<BatchRow>(db, 'SELECT * FROM batches ORDER BY sequence_to DESC LIMIT ?').all(limit).map(toView);
}

/** Batches the hub has not acknowledged yet, oldest first: the outbox. */
export function waitingBatches(db: DB): BatchView[] {
  return sql<BatchRow>(db, "SELECT * FROM batches WHERE status <> 'acknowledged' ORDER BY sequence_from").all().map(toView);
}

export function markBatchUploaded(ctx: CoreContext, id: string): void {
  sql(ctx.db, "UPDATE batches SET status = 'uploaded', uploaded_at = ? WHERE id = ? AND status = 'written'").run(ctx.now().toISOString(), id);
  ctx.changed(['batches']);
}

/** Only once the hub's receipt has been checked by the caller (sync). */
export function markBatchAcknowledged(ctx: CoreContext, id: string, receipt: string): void {
  sql(ctx.db, "UPDATE batches SET status = 'acknowledged', acknowledged_at = ?, receipt = ?, uploaded_at = coalesce(uploaded_at, ?) WHERE id = ?").run(
    ctx.now().toISOString(),
    receipt,
    ctx.now().toISOString(),
    id,
  );
  ctx.changed(['batches']);
}

/** Seals a cut batch to `hubPublicKey` with this station's signing key, in format version 1 (tests, vectors). */
export function sealCut(ctx: CoreContext, cut: CutBatch, hubPublicKey: string): Buffer {
  const h = cut.header;
  return sealBatch({
    manifest: {
      batchId: h.batchId,
      stationId: h.stationId,
      centre: h.centreCode,
      sequenceFrom: h.sequenceFrom,
      sequenceTo: h.sequenceTo,
      counts: { households: cut.counts.households, persons: cut.counts.persons, events: cut.counts.events },
      createdAt: h.createdAt,
    },
    payload: cut.payload,
    stationKeys: loadStationKeys(ctx),
    hubPublicKey,
  });
}

/** What a written batch records about its cut: the header, the counts and the plaintext payload's hash. */
interface CutRecord {
  header: PayloadHeader;
  counts: BatchCounts;
  payloadSha256: string;
}

function recordBatch(ctx: CoreContext, actor: Actor, cut: CutRecord, written: { path: string; sha256: string; bytes: number }, hubFingerprint: string): void {
  const h = cut.header;
  ctx.db
    .transaction(() => {
      // The last moment a cancel can stop the export (the caller then removes the file); its commit is the export.
      progress(ctx, EXPORT_STEPS - 1, EXPORT_STEPS);
      // Another process (the CLI beside the app) may have exported the same changes meanwhile.
      const last = sql(ctx.db, 'SELECT coalesce(max(sequence_to), 0) FROM batches').pluck<number>().get()!;
      if (last !== h.sequenceFrom - 1) {
        throw new CoreError('conflict', 'Another export of the same changes finished first. Nothing more was exported.', [
          { path: 'folder', code: 'batch.export.raced', message: 'Exported meanwhile' },
        ]);
      }
      sql(
        ctx.db,
        `INSERT INTO batches (id, station_id, sequence_from, sequence_to, audit_from, audit_to, households, persons, events,
         deletions, sha256, payload_sha256, bytes, hub_fingerprint, file_path, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'written', ?)`,
      ).run(
        h.batchId,
        h.stationId,
        h.sequenceFrom,
        h.sequenceTo,
        h.auditFrom,
        h.auditTo,
        cut.counts.households,
        cut.counts.persons,
        cut.counts.events,
        cut.counts.deletions,
        written.sha256,
        cut.payloadSha256,
        written.bytes,
        hubFingerprint,
        written.path,
        h.createdAt,
      );
      if (h.auditHead) keepSignedHead(ctx.db, ctx.dataDir, h.auditHead, h.batchId);
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        operator: actor.name,
        action: 'batch.exported',
        entity: 'batch',
        entityId: h.batchId,
        detail: {
          sequenceFrom: h.sequenceFrom,
          sequenceTo: h.sequenceTo,
          households: cut.counts.households,
          persons: cut.counts.persons,
          file: basename(written.path),
          hub: hubFingerprint,
        },
      });
      applying(ctx, 1, 1, { final: true });
    })
    .immediate();
}

/**
 * An export as a long job (issue 15) goes in steps: cut and seal the changes as the file is written, verify the file,
 * record it. A cancel stops it at any step before the record's commit, and nothing is left: no record, and no file (a
 * file written already is removed, as for any failure after the write). The record's commit is the export.
 */
const EXPORT_STEPS = 4;

/**
 * Cuts, seals and writes the next batch. Returns `{ exported: false }` when every change is already in a batch.
 * Throws CoreError: not_configured (no hub key), io_failed (full disk, pulled stick), conflict (file exists).
 */
export function exportBatch(ctx: CoreContext, actor: Actor, target: ExportTarget, options: ExportOptions = {}): ExportOutcome {
  const hub = requireHubKey(ctx.db);
  progress(ctx, 0, EXPORT_STEPS);
  const range = nextBatchRange(ctx.db, options.maxBytes);
  if (!range) return { exported: false, reason: 'nothing_waiting' };
  const path = targetPath(ctx, target, range);
  const stationKeys = loadStationKeys(ctx);
  const signHead = (head: AuditHead) => signAuditHead(ctx.station.stationId, stationKeys, head, ctx.now().toISOString());
  // Format version 2, streamed: cut, sealed chunk by chunk and written as it goes, so memory holds one chunk.
  const batchId = ctx.newId();
  let cut: CutRecord | undefined;
  const written = writeBatchFileStreamed(
    path,
    (write) => {
      let sealer: BatchSealerV2 | undefined;
      const { header, counts } = streamCut(ctx, batchId, range, { signHead }, (h, c) => {
        sealer = new BatchSealerV2(
          {
            manifest: {
              batchId: h.batchId,
              stationId: h.stationId,
              centre: h.centreCode,
              sequenceFrom: h.sequenceFrom,
              sequenceTo: h.sequenceTo,
              counts: { households: c.households, persons: c.persons, events: c.events },
              createdAt: h.createdAt,
            },
            stationKeys,
            hubPublicKey: hub.publicKey,
            ...(options.chunkBytes ? { chunkBytes: options.chunkBytes } : {}),
          },
          write,
        );
        const s = sealer;
        // The cut is counted and its sealing begins.
        progress(ctx, 1, EXPORT_STEPS);
        return (bytes) => s.write(bytes);
      });
      cut = { header, counts, payloadSha256: sealer!.end().payloadSha256 };
      // Cut, sealed and written; a cancel here makes writeBatchFileStreamed remove what it wrote.
      progress(ctx, 2, EXPORT_STEPS);
    },
    {
      files: options.files,
      check: (readBack) => {
        try {
          if (verifyBatchV2(readBack).manifest.batchId !== batchId) throw new Error('another batch');
        } catch (error) {
          const detail = error instanceof BatchError ? error.code : 'mismatch';
          throw new CoreError('io_failed', `The batch read back from the stick does not verify (${detail}). Nothing was exported; use another stick.`, [
            { path: 'folder', code: 'batch.io.readback', message: 'read back does not verify' },
          ]);
        }
        // Cancelled while it verified: writeBatchFileStreamed removes the file it wrote, as for a read-back that fails.
        progress(ctx, 3, EXPORT_STEPS);
      },
    },
  );
  if (!cut) throw new CoreError('internal', 'The batch was written but its cut was not recorded.');
  try {
    recordBatch(ctx, actor, cut, written, hub.fingerprint);
  } catch (error) {
    // Unrecorded, the file would carry a range the next batch carries again: remove it rather than leave a twin.
    try {
      (options.files ?? realFileSystem).unlinkSync(written.path);
    } catch {
      // Left behind, it is still a valid batch; a hub that takes both ignores the older copies.
    }
    throw error;
  }
  ctx.changed(['batches']);
  const batch = getBatch(ctx.db, batchId);
  if (!batch) throw new CoreError('internal', 'The batch was written but could not be read back from the file.');
  return { exported: true, batch };
}

/**
 * A supervisor's deliberate plain export of the waiting changes: the same JSON Lines, neither encrypted nor signed,
 * for when no hub key can be had. It is not a batch (no hub takes it in; the changes stay waiting) and it is audited.
 */
export function exportPlain(ctx: CoreContext, actor: Actor, target: ExportTarget, options: ExportOptions = {}): PlainExportView | null {
  progress(ctx, 0, EXPORT_STEPS);
  const range = pendingRange(ctx.db);
  if (!range) return null;
  const path = targetPath(ctx, target, range, '-PLAIN.jsonl');
  const cut = cutBatch(ctx, ctx.newId(), range, { plain: true });
  progress(ctx, 2, EXPORT_STEPS);
  // Cancelled once written: the check's throw makes writeBatchFile remove the file; its audit is the export.
  const written = writeBatchFile(path, cut.payload, { files: options.files, check: () => progress(ctx, 3, EXPORT_STEPS) });
  ctx.db.transaction(() => {
    applying(ctx, 1, 1, { final: true });
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'batch.plain_exported',
      entity: 'batch',
      entityId: cut.header.batchId,
      detail: {
        warning: 'unencrypted personal data',
        file: written.path,
        sequenceFrom: range.sequenceFrom,
        sequenceTo: range.sequenceTo,
        households: cut.counts.households,
        persons: cut.counts.persons,
      },
    });
  })();
  ctx.changed(['batches']);
  return { filePath: written.path, households: cut.counts.households, persons: cut.counts.persons, bytes: written.bytes };
}

/**
 * For the main process's timer: cuts a batch when the interval has passed since the last one and changes are
 * waiting, into the chosen folder or the outbox. Returns null when nothing is due. Failures throw as exportBatch's.
 */
export function exportDue(ctx: CoreContext, now: Date, actor: Actor = SYSTEM_ACTOR): ExportOutcome | null {
  const minutes = intervalMinutes(ctx.db);
  if (minutes === 0 || readSetting(ctx.db, BATCH_SETTINGS.hubPublicKey) === undefined) return null;
  if (!pendingRange(ctx.db)) return null;
  const last = sql(ctx.db, 'SELECT max(created_at) FROM batches').pluck<string | null>().get()!;
  if (last && now.getTime() - Date.parse(last) < minutes * 60_000) return null;
  const folder = readSetting(ctx.db, BATCH_SETTINGS.folder) || outboxFolder(ctx.dataDir);
  if (folder === outboxFolder(ctx.dataDir)) mkdirSync(folder, { recursive: true });
  return exportBatch(ctx, actor, { folder });
}
