import { mkdirSync, readFileSync } from 'node:fs';
import type { SequenceRange } from '../../api/views-batches.js';
import type { SyncErrorCode, SyncErrorView, SyncReportView } from '../../api/views-sync.js';
import { appendAudit } from '../audit/trail.js';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { pendingRange } from '../batch/cut.js';
import { exportBatch, markBatchAcknowledged, markBatchUploaded, outboxFolder } from '../batch/export.js';
import { sha256Hex } from '../batch/file.js';
import { installedHubKey } from '../batch/keys.js';
import { generateKeyPair, X25519 } from '../batch/raw-keys.js';
import { checkBindingProof } from './crypto.js';
import { verifiedReceipt } from './receipt.js';
import { outboxEntries, pinnedReceiptKey, pinReceiptKey, readStatusRow, writeStatus, type OutboxEntry } from './state.js';
import { SyncFailure, TRANSIENT, type SyncTarget, type UploadAnswer } from './target.js';

/**
 * The outbox: batches wait until the hub answers with a receipt that verifies, and only then are they acknowledged.
 * One sync: check the hub is there and is the hub whose key is installed; cut the next batch; send every waiting
 * batch in order; resend what the hub says it lacks. Network errors, 429 and 5xx are retried later with exponential
 * backoff and jitter; a refusal that will not change marks the batch refused, with the hub's reason. Everything the
 * next attempt needs (attempts, when, the last error) is in SQLite, so a restart continues where it stopped.
 */

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** Batches cut in one sync at most (a week's backlog at a busy desk is a handful of 64 MiB batches). */
const MAX_CUTS_PER_SYNC = 200;

export interface SyncOptions {
  /** Ignore the backoff schedule ("Sync now", the CLI). */
  force?: boolean;
  /** Cut the next batch first when changes are waiting (default true). */
  cut?: boolean;
  backoff?: Backoff;
  /** In [0, 1): jitter (tests fix it). */
  random?: () => number;
  actor?: Actor;
  /** The largest batch file the hub takes (default: its 64 MiB request limit). */
  maxBatchBytes?: number;
}

/** Exponential backoff with jitter: between half and all of base·2^(n−1), capped; never less than Retry-After. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}

const errorCodeOf = (failure: SyncFailure): SyncErrorCode =>
  failure.kind === 'awaiting' ? 'unreachable' : failure.kind === 'refused' ? 'refused' : failure.kind;

class Stop extends Error {
  constructor(readonly error: SyncErrorView) {
    super(error.message);
  }
}

const inFlight = new WeakMap<object, Promise<SyncReportView>>();

/** True while a sync of this station is running (in this process). */
export const syncRunning = (ctx: CoreContext): boolean => inFlight.has(ctx.db);

/**
 * One sync against `target`. Never two at once for the same station in this process: a call while one runs gets
 * that run's report. Never throws for the hub's or the network's failures: they are in the report and in SQLite.
 */
export function syncOnce(ctx: CoreContext, target: SyncTarget, options: SyncOptions = {}): Promise<SyncReportView> {
  const running = inFlight.get(ctx.db);
  if (running) return running;
  const run = runSync(ctx, target, options).finally(() => inFlight.delete(ctx.db));
  inFlight.set(ctx.db, run);
  return run;
}

async function runSync(ctx: CoreContext, target: SyncTarget, options: SyncOptions): Promise<SyncReportView> {
  const actor = options.actor ?? SYSTEM_ACTOR;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const iso = () => ctx.now().toISOString();
  const report: SyncReportView = {
    reachable: false,
    address: target.address,
    cut: null,
    acknowledged: [],
    awaiting: [],
    refused: [],
    resent: [],
    missing: [],
    waiting: 0,
    error: null,
  };
  const errorView = (code: SyncErrorCode, message: string): SyncErrorView => ({ code, message, at: iso() });
  const before = readStatusRow(ctx.db);

  try {
    // 1. Is the hub there, and is it the hub whose key this station installed?
    const challenge = generateKeyPair(X25519);
    let identity;
    try {
      identity = await target.probe(challenge.publicKey);
    } catch (error) {
      if (!(error instanceof SyncFailure)) throw error;
      const failures = before.failures + 1;
      const code = error.kind === 'refused' ? 'not_a_hub' : errorCodeOf(error);
      const message =
        error.kind === 'refused' ? `Something answers at ${target.address}, but not as an intake hub (${error.message}). Check the address.` : error.message;
      report.error = errorView(code, message);
      writeStatus(ctx.db, {
        online: error.kind === 'unreachable' || error.kind === 'timeout' ? 0 : 1,
        last_checked_at: iso(),
        failures,
        next_attempt_at: new Date(ctx.now().getTime() + backoffDelay(failures, backoff, random, error.extra.retryAfterMs)).toISOString(),
        last_error: message,
        last_error_code: code,
        last_error_at: iso(),
      });
      return report;
    }
    report.reachable = true;
    // Back after being away: whatever each batch's backoff says, send now.
    const force = options.force === true || before.online !== 1;
    writeStatus(ctx.db, { online: 1, last_checked_at: iso(), failures: 0, next_attempt_at: null });

    const hubKey = installedHubKey(ctx.db);
    if (!hubKey) {
      throw new Stop(
        errorView('no_hub_key', "No hub key is installed on this station, so no batch can be sealed for the hub. Install the hub's key (Sync settings)."),
      );
    }
    let receiptKey = pinnedReceiptKey(ctx.db)?.publicKey;
    if (identity) {
      if (identity.hubKey !== hubKey.publicKey) {
        throw new Stop(
          errorView(
            'wrong_hub',
            `The hub at ${target.address} has another key (${identity.hubKeyFingerprint}) than the one installed here (${hubKey.fingerprint}). Nothing was sent. Check the address, or install this hub's key.`,
          ),
        );
      }
      if (receiptKey && identity.signingKey !== receiptKey) {
        throw new Stop(
          errorView(
            'receipt_key_changed',
            `The hub at ${target.address} now signs its receipts with another key (${identity.signingKeyFingerprint}). Nothing is marked as received until an administrator checks it and forgets the old key (Sync settings).`,
          ),
        );
      }
      if (!receiptKey && target.kind !== 'folder') {
        if (typeof identity.proof !== 'string' || !checkBindingProof(challenge, hubKey.publicKey, identity.signingKey, identity.proof)) {
          throw new Stop(
            errorView(
              'bad_proof',
              `The hub at ${target.address} could not prove it holds the hub key installed here. Nothing was sent. It may be another machine pretending to be the hub.`,
            ),
          );
        }
        pinReceiptKey(ctx, actor, identity.signingKey, 'proof');
        receiptKey = identity.signingKey;
      }
    }

    // 2. Resend what the hub says it lacks (a hub restored from a backup): acknowledged batches not in its ranges.
    const ranges = await target.ranges(ctx.station.stationId).catch((error: unknown) => {
      if (error instanceof SyncFailure) return null;
      throw error;
    });
    if (ranges) report.resent = requeueMissing(ctx, actor, ranges.held, hubKey.fingerprint);

    // 3. Cut the next batch from the changes no batch carries yet.
    if (options.cut !== false && pendingRange(ctx.db)) {
      try {
        mkdirSync(outboxFolder(ctx.dataDir), { recursive: true });
        // A backlog larger than one request goes as several batches, in order (the report names the last).
        for (let cuts = 0; cuts < MAX_CUTS_PER_SYNC && pendingRange(ctx.db); cuts++) {
          const outcome = exportBatch(ctx, actor, { folder: outboxFolder(ctx.dataDir) }, options.maxBatchBytes ? { maxBytes: options.maxBatchBytes } : {});
          if (!outcome.exported) break;
          const b = outcome.batch;
          report.cut = { batchId: b.id, sequenceFrom: b.sequenceFrom, sequenceTo: b.sequenceTo, households: b.households, persons: b.persons };
        }
      } catch (error) {
        if (!(error instanceof CoreError)) throw error;
        // The changes stay waiting for the next cut; what is already in batches is still sent.
        report.error = errorView('cut_failed', `The next batch could not be written: ${error.message}`);
      }
    }

    // 4. Send every waiting batch, oldest first.
    let lastMissing: SequenceRange[] | undefined;
    for (const entry of outboxEntries(ctx.db)) {
      if (entry.state !== 'waiting') continue;
      if (!force && entry.next_attempt_at && entry.next_attempt_at > iso()) break;
      const outcome = await sendOne(ctx, target, entry, receiptKey, { actor, backoff, random, iso });
      if (outcome.kind === 'acknowledged') {
        report.acknowledged.push(outcome.synced);
        lastMissing = outcome.missing;
      } else if (outcome.kind === 'awaiting') report.awaiting.push(entry.id);
      else if (outcome.kind === 'refused') report.refused.push({ batchId: entry.id, code: outcome.code, reason: outcome.reason });
      else if (outcome.kind === 'skipped') report.error = outcome.error;
      else {
        report.error = outcome.error;
        if (outcome.error.code === 'unreachable' || outcome.error.code === 'timeout') writeStatus(ctx.db, { online: 0 });
        break;
      }
    }
    // What the hub still lacks: its answer to the last upload says, or else the ranges asked for above.
    report.missing = lastMissing ?? ranges?.missing ?? [];
    if (report.error) throw new Stop(report.error);
    // The hub answered everything; a refusal is still what the clerk must see, in the hub's words.
    const refused = report.refused.at(-1);
    const shown = refused ? errorView('refused', `The hub refused batch ${refused.batchId}: ${refused.reason}`) : null;
    writeStatus(ctx.db, { last_success_at: iso(), last_error: shown?.message ?? null, last_error_code: shown?.code ?? null, last_error_at: shown?.at ?? null });
    return report;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    report.error = error.error;
    writeStatus(ctx.db, { last_error: error.error.message, last_error_code: error.error.code, last_error_at: error.error.at });
    return report;
  } finally {
    report.waiting = outboxEntries(ctx.db).filter((e) => e.state === 'waiting').length;
    ctx.changed(['sync', 'batches']);
  }
}

type SendOutcome =
  | { kind: 'acknowledged'; synced: SyncReportView['acknowledged'][number]; missing: SequenceRange[] }
  | { kind: 'awaiting' }
  | { kind: 'refused'; code: string; reason: string }
  /** This batch could not be sent (its file is gone); the others still are. */
  | { kind: 'skipped'; error: SyncErrorView }
  /** The hub or the network failed: stop here, try again later. */
  | { kind: 'retry'; error: SyncErrorView };

interface SendContext {
  actor: Actor;
  backoff: Backoff;
  random: () => number;
  iso: () => string;
}

async function sendOne(ctx: CoreContext, target: SyncTarget, entry: OutboxEntry, receiptKey: string | undefined, s: SendContext): Promise<SendOutcome> {
  const attempts = entry.attempts + 1;
  const failed = (code: SyncErrorCode, message: string, retryAfterMs?: number) => {
    const at = ctx.now();
    const next = new Date(at.getTime() + backoffDelay(attempts, s.backoff, s.random, retryAfterMs)).toISOString();
    sql(ctx.db, 'UPDATE sync_outbox SET attempts = ?, next_attempt_at = ?, last_attempt_at = ?, last_error = ?, last_error_code = ? WHERE batch_id = ?').run(
      attempts,
      next,
      at.toISOString(),
      message,
      code,
      entry.id,
    );
    return { code, message, at: at.toISOString() };
  };
  const expected = {
    batchId: entry.id,
    stationId: ctx.station.stationId,
    sha256: entry.sha256,
    payloadSha256: entry.payload_sha256,
    sequenceFrom: entry.sequence_from,
    sequenceTo: entry.sequence_to,
    hubKeyFingerprint: entry.hub_fingerprint,
  };
  const accept = (answer: UploadAnswer): SendOutcome => {
    if (!receiptKey) {
      markBatchUploaded(ctx, entry.id);
      sql(ctx.db, 'UPDATE sync_outbox SET attempts = ?, last_attempt_at = ?, last_error = NULL, last_error_code = NULL WHERE batch_id = ?').run(
        attempts,
        s.iso(),
        entry.id,
      );
      return { kind: 'awaiting' };
    }
    const checked = verifiedReceipt(answer.receipt, receiptKey, expected);
    if ('problem' in checked) {
      return {
        kind: 'retry',
        error: failed('bad_receipt', `The hub's receipt for batch ${entry.id} does not verify: ${checked.problem}. The batch stays waiting.`),
      };
    }
    const { receipt } = checked;
    ctx.db.transaction(() => {
      markBatchAcknowledged(ctx, entry.id, JSON.stringify(answer.receipt));
      sql(ctx.db, 'DELETE FROM sync_outbox WHERE batch_id = ?').run(entry.id);
    })();
    return {
      kind: 'acknowledged',
      synced: {
        batchId: entry.id,
        sequenceFrom: entry.sequence_from,
        sequenceTo: entry.sequence_to,
        households: entry.households,
        persons: entry.persons,
        duplicate: answer.status === 'duplicate',
        receivedAt: receipt.receivedAt,
      },
      missing: answer.missing,
    };
  };

  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(entry.file_path);
    if (sha256Hex(bytes) !== entry.sha256) bytes = undefined;
  } catch {
    bytes = undefined;
  }
  try {
    if (!bytes) {
      // The file went with a stick (or was damaged): the hub may have it already by that route.
      const known = await target.receipt(entry.id);
      if (known) return accept(known);
      return {
        kind: 'skipped',
        error: failed(
          'file_missing',
          `The file of batch ${entry.id} (${entry.file_path}) is not on this computer, or has changed. Put the stick it was written to back, or take it to the hub; the batch stays waiting.`,
        ),
      };
    }
    sql(ctx.db, 'UPDATE sync_outbox SET last_attempt_at = ? WHERE batch_id = ?').run(s.iso(), entry.id);
    return accept(await target.upload({ batchId: entry.id, fileName: `${entry.id}.ibatch`, bytes }));
  } catch (error) {
    if (!(error instanceof SyncFailure)) throw error;
    if (error.kind === 'awaiting') {
      markBatchUploaded(ctx, entry.id);
      failed('unreachable', error.message);
      sql(ctx.db, 'UPDATE sync_outbox SET last_error = NULL, last_error_code = NULL WHERE batch_id = ?').run(entry.id);
      return { kind: 'awaiting' };
    }
    if (TRANSIENT.has(error.kind)) return { kind: 'retry', error: failed(errorCodeOf(error), error.message, error.extra.retryAfterMs) };
    const code = error.extra.code ?? `http_${error.extra.status ?? 0}`;
    ctx.db.transaction(() => {
      sql(
        ctx.db,
        "UPDATE sync_outbox SET state = 'refused', attempts = ?, last_attempt_at = ?, next_attempt_at = NULL, refused_code = ?, refused_reason = ?, refused_at = ?, last_error = ?, last_error_code = 'refused' WHERE batch_id = ?",
      ).run(attempts, s.iso(), code, error.message, s.iso(), error.message, entry.id);
      appendAudit(ctx.db, {
        at: s.iso(),
        operator: s.actor.name,
        action: 'sync.batch_refused',
        entity: 'batch',
        entityId: entry.id,
        detail: { code, reason: error.message, hub: target.address },
      });
    })();
    return { kind: 'refused', code, reason: error.message };
  }
}

const covered = (held: SequenceRange[], from: number, to: number): boolean => held.some((r) => r.from <= from && r.to >= to);

/** Acknowledged batches (sealed for this hub) whose range the hub does not hold: back to waiting, to be sent again. */
function requeueMissing(ctx: CoreContext, actor: Actor, held: SequenceRange[], hubFingerprint: string): string[] {
  const acknowledged = sql<{ id: string; sequence_from: number; sequence_to: number }>(
    ctx.db,
    "SELECT id, sequence_from, sequence_to FROM batches WHERE status = 'acknowledged' AND hub_fingerprint = ? ORDER BY sequence_from",
  ).all(hubFingerprint);
  const lacking = acknowledged.filter((b) => !covered(held, b.sequence_from, b.sequence_to));
  if (lacking.length === 0) return [];
  ctx.db.transaction(() => {
    for (const b of lacking) {
      sql(ctx.db, "UPDATE batches SET status = 'uploaded', acknowledged_at = NULL WHERE id = ?").run(b.id);
      sql(ctx.db, 'INSERT OR REPLACE INTO sync_outbox (batch_id) VALUES (?)').run(b.id);
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        operator: actor.name,
        action: 'sync.resend',
        entity: 'batch',
        entityId: b.id,
        detail: { sequenceFrom: b.sequence_from, sequenceTo: b.sequence_to, reason: 'the hub does not hold this range' },
      });
    }
  })();
  return lacking.map((b) => b.id);
}
