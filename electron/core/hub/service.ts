import type { SequenceRange } from '../../api/views-batches.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { readManifestHead, type BatchManifest } from '../batch/envelope.js';
import { keyFingerprint } from '../batch/raw-keys.js';
import type { ByteSource } from '../batch/envelope-v2.js';

/** The most a batch file's head takes: magic, length, a manifest of 64 KiB at most and a header signature. */
const HEAD_BYTES = 12 + 64 * 1024 + 64;
import { admitBatchHead, heldRanges, importBatch, missingRanges } from '../batch/import.js';
import { countRefusal, isId } from '../batch/trust.js';
import { ensureHubKeys, loadHubKeys } from '../batch/keys.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import { rawKey } from '../batch/raw-keys.js';
import { bindingProof } from '../sync/crypto.js';
import { ensureHubSigningKeys } from './keys.js';
import { signReceipt, type SignedReceipt } from '../sync/receipt.js';
import type { HubIdentity, StationRanges } from '../sync/answers.js';

/**
 * The hub's side of sync, independent of HTTP: who the hub is, taking in one uploaded batch (through the batches
 * import, so every check it makes applies), the receipt for a batch, and the ranges held per station. The HTTP server
 * (hub/server.ts), the folder collector (collectFolder in sync/folder.ts) and the in-memory target (for tests) all call this.
 */

export const HUB_SETTINGS = {
  /** '1': batches from stations the hub has never seen are accepted (and the station enrolled) on first use. */
  enrolmentOpen: 'hub.enrolmentOpen',
  /** The hub role in the app: the port (and address) its own process serves sync on; empty: it does not serve. */
  servePort: 'hub.servePort',
  serveHost: 'hub.serveHost',
} as const;

export const SYNC_ACTOR: Actor = { id: 'sync', name: 'sync', role: 'admin' };

export type { HubIdentity, StationRanges } from '../sync/answers.js';

export interface Received {
  /** false: the hub already had this batch (the same receipt as the first time). */
  created: boolean;
  receipt: SignedReceipt;
  missing: SequenceRange[];
}

/** A refusal with the HTTP status it travels as; `code` is stable (sync.refused.*), `message` is for the clerk. */
export class HubRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly stationId = '',
  ) {
    super(message);
    this.name = 'HubRefusal';
  }
}

export interface HubService {
  identity(challenge?: string): HubIdentity;
  /** Takes in one batch file; `claimedId` is the id the request named (path or Idempotency-Key). */
  receive(bytes: Buffer | ByteSource, claimedId?: string, remote?: string): Received;
  /**
   * The cheap check on the head of an upload (its first bytes: magic, length, manifest), before the body is read
   * whole: throws HubRefusal (403) for a key that is not enrolled (or revoked) while enrolment is closed.
   */
  admit(head: Buffer, claimedId?: string, remote?: string): BatchManifest;
  /** Counts a refusal the transport made (size, rate, bytes in flight, a malformed request). */
  refused(code: string): void;
  receipt(batchId: string): SignedReceipt | null;
  ranges(stationId: string): StationRanges;
}

export interface HubOptions {
  /** Overrides the hub's setting (serve-hub --open-enrolment). */
  enrolmentOpen?: boolean;
  actor?: Actor;
}

export const hubEnrolmentOpen = (db: DB): boolean => readSetting(db, HUB_SETTINGS.enrolmentOpen) === '1';

export function setHubEnrolment(ctx: CoreContext, actor: Actor, open: boolean): void {
  ctx.db.transaction(() => {
    writeSetting(ctx.db, HUB_SETTINGS.enrolmentOpen, open ? '1' : '0');
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'hub.enrolment',
      detail: { open },
    });
  })();
  ctx.changed(['settings', 'sync']);
}

/** The HTTP status a core refusal travels as. */
function statusOf(code: string): number {
  if (code === 'batch.refused.same_id_other_content') return 409;
  if (code === 'batch.refused.station_unknown' || code === 'batch.refused.station_revoked' || code === 'batch.refused.not_owner') return 403;
  return 422;
}

function hubRefusal(error: unknown, stationId = ''): unknown {
  if (error instanceof CoreError && error.code === 'refused') {
    const code = error.issues?.[0]?.code ?? 'batch.refused';
    const detail = error.issues?.[0]?.message;
    const message = detail && detail !== error.message ? `${error.message} (${detail})` : error.message;
    return new HubRefusal(statusOf(code), code === 'batch.refused.station_unknown' ? 'sync.station_unknown' : code, message, stationId);
  }
  return error;
}

interface ReceivedRow {
  id: string;
  station_id: string;
  sha256: string;
  payload_sha256: string;
  sequence_from: number;
  sequence_to: number;
  received_at: string;
}

export function createHubService(ctx: CoreContext, options: HubOptions = {}): HubService {
  if (ctx.station.role !== 'hub') {
    throw new CoreError('not_configured', 'This data folder is a station, not a hub. Create the hub with: init --data DIR --role hub');
  }
  const hubKeys = loadHubKeys(ctx.dataDir) ?? ensureHubKeys(ctx.dataDir, ctx.now()).pair;
  const signing = ensureHubSigningKeys(ctx.dataDir, ctx.now()).pair;
  const hubKeyFingerprint = keyFingerprint(hubKeys.publicKey);
  const actor = options.actor ?? SYNC_ACTOR;
  const enrolmentOpen = () => options.enrolmentOpen ?? hubEnrolmentOpen(ctx.db);

  const receiptFor = (batchId: string): SignedReceipt | null => {
    const row = sql<ReceivedRow>(
      ctx.db,
      'SELECT id, station_id, sha256, payload_sha256, sequence_from, sequence_to, received_at FROM received_batches WHERE id = ?',
    ).get(batchId);
    if (!row) return null;
    return signReceipt(
      {
        batchId: row.id,
        stationId: row.station_id,
        sha256: row.sha256,
        payloadSha256: row.payload_sha256,
        sequenceFrom: row.sequence_from,
        sequenceTo: row.sequence_to,
        receivedAt: row.received_at,
        hubKeyFingerprint,
      },
      signing,
    );
  };

  const admit = (headBytes: Buffer, claimedId?: string, remote?: string): BatchManifest => {
    let manifest: BatchManifest;
    try {
      manifest = admitBatchHead(ctx, actor, headBytes, { acceptNewStation: enrolmentOpen() ? true : undefined, remote });
    } catch (error) {
      let named = '';
      try {
        named = readManifestHead(headBytes).stationId;
      } catch {
        // No readable manifest: the log line names no station.
      }
      throw hubRefusal(error, named);
    }
    if (claimedId !== undefined && claimedId !== manifest.batchId) {
      countRefusal(ctx.db, 'sync.id_mismatch', ctx.now().toISOString());
      throw new HubRefusal(400, 'sync.id_mismatch', `The request names batch ${claimedId} but the file is batch ${manifest.batchId}.`, manifest.stationId);
    }
    return manifest;
  };

  return {
    identity(challenge) {
      const id: HubIdentity = {
        format: 'intake-hub',
        version: 1,
        hubId: ctx.station.stationId,
        label: ctx.station.stationLabel,
        centreCode: ctx.station.centreCode,
        hubKey: hubKeys.publicKey,
        hubKeyFingerprint,
        signingKey: signing.publicKey,
        signingKeyFingerprint: keyFingerprint(signing.publicKey),
        enrolmentOpen: enrolmentOpen(),
      };
      if (challenge !== undefined) {
        if (!rawKey(challenge)) throw new HubRefusal(400, 'bad_challenge', 'The challenge is not the base64 of a 32-byte X25519 public key.');
        try {
          return { ...id, challenge, proof: bindingProof(hubKeys, signing.publicKey, challenge) };
        } catch {
          throw new HubRefusal(400, 'bad_challenge', 'The challenge is not a usable X25519 public key.');
        }
      }
      return id;
    },

    admit,

    receive(bytes, claimedId, remote) {
      // The head: as much as a manifest (or a signed header) may take, read from wherever the bytes are.
      const head = Buffer.isBuffer(bytes) ? bytes : bytes.read(0, HEAD_BYTES);
      const manifest = admit(head, claimedId, remote);
      let outcome;
      try {
        outcome = importBatch(ctx, actor, bytes, {
          fileName: `${manifest.batchId}.ibatch`,
          acceptNewStation: enrolmentOpen() ? true : undefined,
          refuseUnknown: true,
          remote,
        });
      } catch (error) {
        throw hubRefusal(error, manifest.stationId);
      }
      if (outcome.status === 'confirm_station') throw new Error('an unknown station was not refused');
      const receipt = receiptFor(manifest.batchId);
      if (!receipt) throw new Error('the batch was taken in but its record is missing');
      return { created: outcome.status === 'imported', receipt, missing: outcome.missing };
    },

    refused(code) {
      countRefusal(ctx.db, code, ctx.now().toISOString());
    },

    receipt: receiptFor,

    ranges(stationId) {
      if (!isId(stationId)) throw new HubRefusal(400, 'sync.bad_id', 'That is not a station id.');
      const known = sql(ctx.db, 'SELECT 1 FROM known_stations WHERE station_id = ?').get(stationId) !== undefined;
      return { stationId, known, held: heldRanges(ctx.db, stationId), missing: missingRanges(ctx.db, stationId) };
    },
  };
}
