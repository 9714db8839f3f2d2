import { basename } from 'node:path';
import { batched, deleteHousehold } from '../households/tally.js';
import type { ImportOutcome, ImportReceipt, SequenceRange, StationIdentity } from '../../api/views-batches.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql, type TypedStatement } from '../db/statements.js';
import { stationCodeOf } from '../intake/registration-number.js';
import { CoreError } from '../errors.js';
import { checkUnchecked, noteUnchecked } from '../duplicates/hub.js';
import { insertVersion, writeSnapshot } from '../households/write.js';
import { purgedCategories, scrubHistory } from '../protection/retention.js';
import { BatchError, isVersion2, manifestHeadLength, openBatch, readManifestHead, verifyBatch, type BatchErrorCode, type BatchManifest } from './envelope.js';
import { keyFingerprint } from './raw-keys.js';
import { bufferSource, openBatchV2, verifyBatchV2, type ByteSource } from './envelope-v2.js';
import { sha256Hex } from './file.js';
import { keepStationAuditHead } from './station-heads.js';
import { loadHubKeys } from './keys.js';
import {
  LineSplitter,
  parsePayload,
  PayloadError,
  PayloadReader,
  type DeletionRecord,
  type EventRecord,
  type ParsedPayload,
  type PayloadHeader,
  type PayloadRecord,
  type VersionRecord,
} from './payload.js';
import { countRefusal, isId, ownerOf, recordAttempt, recordEnrolment, stationKeyStatus } from './trust.js';
import { applying, progress } from '../jobs.js';

/**
 * A hub taking in a batch: every check first (signature, station, hub, hash, ranges, every record), then the whole
 * batch in one transaction through the one write path. A batch that fails any check is refused whole.
 */

export type RefusalCode =
  | BatchErrorCode
  | 'not_hub'
  | 'no_hub_key'
  | 'station_key_changed'
  | 'same_id_other_content'
  | 'payload_invalid'
  | 'payload_unsupported'
  | 'plain_export'
  | 'apply_failed'
  | 'station_unknown'
  | 'station_revoked'
  | 'bad_id'
  | 'not_owner'
  | 'station_code_taken';

const REFUSALS: Record<Exclude<RefusalCode, BatchErrorCode>, string> = {
  not_hub: 'This data folder is a station, not a hub: batches are taken in at the hub. Set this app up as the hub first.',
  no_hub_key: 'This hub has no key yet, so no batch can have been sealed for it. Create the hub key and give it to the stations first.',
  station_key_changed:
    'This batch is signed with a different key than the one this hub knows for that station. It may not come from that station. Do not import it; ask the hub supervisor.',
  same_id_other_content:
    'A different batch with the same number was already imported from that station. This file was not imported; ask the station to export again.',
  payload_invalid: 'The contents of the batch are not what a batch must hold. Nothing was imported; ask the station to export it again.',
  payload_unsupported: 'The batch was made by a newer version of the app. Update the hub, then import it again.',
  plain_export: 'This is a plain export, not a batch: a hub takes in only sealed batches.',
  apply_failed: 'The batch could not be applied, so nothing of it was imported. Tell the hub supervisor.',
  station_unknown:
    "This hub has not enrolled the station that sealed this batch, so nothing of it was read. Ask the hub's administrator to enrol this desk (compare the key fingerprint in the desk's sync settings), then send it again.",
  station_revoked: "The key that sealed this batch was revoked at the hub (a lost or stolen desk). Nothing of it was read. Ask the hub's administrator.",
  bad_id: 'The batch names an id that is not one a desk makes. Nothing of it was imported.',
  not_owner:
    "The batch changes a family that another station registered. A batch may change only its own station's families, so nothing of it was imported. Tell the hub supervisor.",
  station_code_taken:
    "Another station at this hub already uses this station's code, so its registration numbers would collide. Nothing was imported. Tell the hub supervisor.",
};

/** A refusal: the clerk's reason as the message, its code (batch.refused.*) for the screen to translate. */
export function refusal(code: RefusalCode, detail?: string): CoreError {
  const message = code in REFUSALS ? REFUSALS[code as keyof typeof REFUSALS] : new BatchError(code as BatchErrorCode).message;
  return new CoreError('refused', message, [{ path: 'file', code: `batch.refused.${code}`, message: detail ?? message }]);
}

export interface ImportOptions {
  /** The file's name, kept with the record of the batch. */
  fileName?: string;
  /**
   * A station key the hub has not enrolled: `true` enrols it (a hub whose enrolment is open); a key fingerprint
   * enrols it only if its key has that fingerprint (the app, after the supervisor confirmed it); absent, the
   * station is refused or asked about (refuseUnknown) and nothing of the batch is read.
   */
  acceptNewStation?: boolean | string;
  /** An unknown station is refused (station_unknown) rather than answered with `confirm_station` (CLI, HTTP, folder). */
  refuseUnknown?: boolean;
  /** Where the batch came from (a remote address), kept with a refused station's attempt. */
  remote?: string;
}

interface KnownRow {
  station_id: string;
  public_key: string;
  fingerprint: string;
  station_code: string;
  label: string;
  centre_code: string;
  centre_name: string;
}

interface ReceivedRow {
  id: string;
  station_id: string;
  sequence_from: number;
  sequence_to: number;
  sha256: string;
  households: number;
  persons: number;
  events: number;
  deletions: number;
  applied: number;
  skipped: number;
  received_at: string;
}

const identityFrom = (row: KnownRow): StationIdentity => ({
  stationId: row.station_id,
  stationCode: row.station_code,
  label: row.label,
  centreCode: row.centre_code,
  centreName: row.centre_name,
  fingerprint: row.fingerprint,
});

/** A BatchError (of the envelope) as the hub's refusal; anything else as it is. */
function asRefusal<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof BatchError) throw refusal(error.code, error.detail);
    throw error;
  }
}

/** Checks the whole file without decrypting it: version 1 from its bytes, version 2 streamed from its source. */
function verified(input: BatchBytes): { manifest: BatchManifest; sha256: string } {
  return asRefusal(() => {
    if (input.v2) return verifyBatchV2(input.source);
    const bytes = input.bytes();
    return { manifest: verifyBatch(bytes), sha256: sha256Hex(bytes) };
  });
}

function parsed<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof PayloadError) throw refusal(error.kind === 'unsupported' ? 'payload_unsupported' : 'payload_invalid', error.message);
    throw error;
  }
}

/**
 * The payload must say what the signed manifest says, and every record must lie in the batch's range, once, in
 * order. Fed record by record (a streamed batch) or from a parsed payload (`checkAgainstManifest`).
 */
class ManifestCheck {
  private previous: number;
  private readonly households = new Map<string, number>();
  private events = 0;

  constructor(private readonly m: BatchManifest) {
    this.previous = m.sequenceFrom - 1;
  }

  private problem = (detail: string) => refusal('payload_invalid', detail);

  header(h: PayloadHeader): void {
    if (h.plain) throw refusal('plain_export');
    if (h.batchId !== this.m.batchId || h.stationId !== this.m.stationId) throw this.problem('header names another batch or station');
    if (h.sequenceFrom !== this.m.sequenceFrom || h.sequenceTo !== this.m.sequenceTo) throw this.problem('header range differs from the manifest');
  }

  ids(r: VersionRecord | DeletionRecord): void {
    if (r.t === 'deletion') {
      if (!isId(r.entityId)) throw refusal('bad_id', `household id ${JSON.stringify(r.entityId.slice(0, 60))}`);
      return;
    }
    const s = r.snapshot;
    if (!isId(s.id)) throw refusal('bad_id', `household id ${JSON.stringify(s.id.slice(0, 60))}`);
    const person = s.household.members.find((member) => !isId(member.id));
    if (person) throw refusal('bad_id', `person id ${JSON.stringify(person.id.slice(0, 60))} in household ${s.id}`);
  }

  order(r: VersionRecord | DeletionRecord): void {
    if (r.seq < this.m.sequenceFrom || r.seq > this.m.sequenceTo) throw this.problem(`record ${r.seq} is outside the batch's range`);
    if (r.seq === this.previous) throw this.problem(`record ${r.seq} appears twice`);
    if (r.seq < this.previous) throw this.problem(`record ${r.seq} comes after record ${this.previous}`);
    this.previous = r.seq;
    if (r.t === 'version') this.households.set(r.snapshot.id, r.snapshot.household.members.length);
    else this.households.delete(r.entityId);
  }

  event(): void {
    this.events++;
  }

  finish(): void {
    let persons = 0;
    for (const n of this.households.values()) persons += n;
    const c = this.m.counts;
    if (c.households !== this.households.size || c.persons !== persons || c.events !== this.events) {
      throw this.problem('counts differ from the manifest');
    }
  }
}

/** A whole payload checked before anything is applied (version 1). */
function checkAgainstManifest(p: ParsedPayload, m: BatchManifest): void {
  const check = new ManifestCheck(m);
  check.header(p.header);
  for (const v of p.versions) check.ids(v);
  for (const d of p.deletions) check.ids(d);
  for (const r of [...p.versions, ...p.deletions].sort((a, b) => a.seq - b.seq)) check.order(r);
  for (let i = 0; i < p.events.length; i++) check.event();
  check.finish();
}

const receiptOf = (r: ReceivedRow): ImportReceipt => ({
  batchId: r.id,
  stationId: r.station_id,
  sha256: r.sha256,
  sequenceFrom: r.sequence_from,
  sequenceTo: r.sequence_to,
  receivedAt: r.received_at,
});

/** Ranges of a station's change log that no batch received so far has covered (from 1 to the highest held). */
export function missingRanges(db: DB, stationId: string): SequenceRange[] {
  const missing: SequenceRange[] = [];
  let next = 1;
  for (const r of heldRanges(db, stationId)) {
    if (r.from > next) missing.push({ from: next, to: r.from - 1 });
    next = Math.max(next, r.to + 1);
  }
  return missing;
}

/** The ranges held for a station, neighbours merged. */
export function heldRanges(db: DB, stationId: string): SequenceRange[] {
  const rows = sql(db, 'SELECT sequence_from, sequence_to FROM received_batches WHERE station_id = ? ORDER BY sequence_from')
    .raw<[number, number]>()
    .all(stationId);
  const held: SequenceRange[] = [];
  for (const [from, to] of rows) {
    const last = held.at(-1);
    if (last && from <= last.to + 1) last.to = Math.max(last.to, to);
    else held.push({ from, to });
  }
  return held;
}

/** Page cache for an import's transaction: 64 MiB (negative: KiB), against SQLite's default 2 MiB. */
const IMPORT_CACHE_KIB = -65536;

interface Applied {
  applied: number;
  skipped: number;
  deletions: number;
}

/**
 * A batch creates households for its own station and changes only its own: checked for every record before any is
 * applied, so a batch that reaches for another station's household is refused whole, naming the household and both
 * stations. Registration numbers carry their station's code, pinned to one station at this hub.
 */
function checkOwnership(db: DB, p: ParsedPayload): void {
  checkStationCode(db, p.header);
  const numberOwner = sql<NumberHolder>(db, 'SELECT id, station_id FROM households WHERE registration_number = ?');
  for (const v of p.versions) checkVersionOwner(db, p.header, v, numberOwner);
  for (const d of p.deletions) checkDeletionOwner(db, p.header, d);
}

function checkStationCode(db: DB, h: PayloadHeader): void {
  const other = sql<{ station_id: string; label: string }>(db, 'SELECT station_id, label FROM known_stations WHERE station_code = ? AND station_id <> ?').get(
    h.stationCode,
    h.stationId,
  );
  if (other)
    throw refusal(
      'station_code_taken',
      `station code ${h.stationCode} of station ${h.stationId} already belongs to station ${other.station_id} (${other.label})`,
    );
  const pinned = sql(db, 'SELECT station_code FROM known_stations WHERE station_id = ?').pluck<string>().get(h.stationId);
  if (pinned !== undefined && pinned !== '' && pinned !== h.stationCode) {
    throw refusal('station_code_taken', `station ${h.stationId} sent code ${h.stationCode} but this hub knows it as ${pinned}`);
  }
}

interface NumberHolder {
  id: string;
  station_id: string;
}
type NumberOwner = TypedStatement<NumberHolder>;

function checkVersionOwner(db: DB, h: PayloadHeader, v: VersionRecord, numberOwner: NumberOwner): void {
  const s = v.snapshot;
  if (s.stationId !== h.stationId) {
    throw refusal('not_owner', `household ${s.id} names station ${s.stationId} but the batch comes from station ${h.stationId}`);
  }
  const owner = ownerOf(db, s.id);
  if (owner !== undefined && owner !== h.stationId) {
    throw refusal('not_owner', `household ${s.id} belongs to station ${owner}; the batch from station ${h.stationId} may not change it`);
  }
  // A new household takes a number of the sender's own code; one it owns (perhaps moved to it) keeps its number.
  if (owner === undefined && stationCodeOf(s.registrationNumber) !== h.stationCode) {
    throw refusal('not_owner', `household ${s.id} has registration number ${s.registrationNumber}, not one of station ${h.stationId} (${h.stationCode})`);
  }
  const holder = numberOwner.get(s.registrationNumber);
  if (holder && holder.id !== s.id) {
    throw refusal(
      'not_owner',
      `registration number ${s.registrationNumber} of household ${s.id} (station ${h.stationId}) is held by household ${holder.id} of station ${ownerOf(db, holder.id) ?? holder.station_id}`,
    );
  }
}

function checkDeletionOwner(db: DB, h: PayloadHeader, d: DeletionRecord): void {
  const owner = ownerOf(db, d.entityId);
  if (owner !== undefined && owner !== h.stationId) {
    throw refusal('not_owner', `household ${d.entityId} belongs to station ${owner}; the batch from station ${h.stationId} may not delete it`);
  }
}

function applyVersion(db: DB, r: VersionRecord, stationId: string, result: Applied, tombstones: boolean): void {
  const s = r.snapshot;
  if (tombstones && sql(db, 'SELECT 1 FROM station_deletions WHERE station_id = ? AND household_id = ?').get(stationId, s.id)) {
    result.skipped++;
    return;
  }
  const current = sql(db, 'SELECT version FROM households WHERE id = ?').pluck<number>().get(s.id);
  if (current === undefined || s.version > current) {
    writeSnapshot(db, s, { at: r.at, operator: r.operator, action: r.op, reason: r.reason });
    sql(db, 'INSERT OR IGNORE INTO household_owners (household_id, station_id, since) VALUES (?, ?, ?)').run(s.id, stationId, r.at);
    result.applied++;
  } else {
    // The hub has this version or a newer one: an older copy never overwrites; it only fills a gap in the history.
    if (s.version < current) {
      insertVersion(db, s, { at: r.at, operator: r.operator, action: r.op, reason: r.reason }, { orIgnore: true });
    }
    result.skipped++;
  }
  // Data the station purged (retention) must not outlive it here: in the versions the hub held, or in an older
  // version that arrived after the purge.
  if (r.op === 'purged' || (current !== undefined && s.version < current)) scrubPurged(db, s.id);
}

/** Removes from a household's history every category that one of its `purged` versions names. */
function scrubPurged(db: DB, householdId: string): void {
  const reasons = sql(db, "SELECT reason FROM household_versions WHERE household_id = ? AND action = 'purged'").pluck<string>().all(householdId);
  const categories = [...new Set(reasons.flatMap(purgedCategories))];
  if (categories.length > 0) scrubHistory(db, householdId, categories);
}

function applyDeletion(db: DB, r: DeletionRecord, stationId: string, batchId: string, result: Applied): void {
  deleteHousehold(db, r.entityId);
  // The mark is this station's: it blocks only its own later versions, never another station's household.
  sql(db, 'INSERT OR REPLACE INTO station_deletions (station_id, household_id, version, deleted_at, batch_id) VALUES (?, ?, ?, ?, ?)').run(
    stationId,
    r.entityId,
    r.version,
    r.at,
    batchId,
  );
  // A mark for an id the hub never held makes no owner: the station that registers it later still may.
  sql(db, 'INSERT INTO change_log (at, entity, entity_id, version, op) VALUES (?, ?, ?, ?, ?)').run(r.at, 'household', r.entityId, r.version, r.op);
  result.deletions++;
}

function duplicateOutcome(db: DB, row: ReceivedRow, manifest: BatchManifest): ImportOutcome {
  const known = sql<KnownRow>(db, 'SELECT * FROM known_stations WHERE station_id = ?').get(manifest.stationId)!;
  return {
    status: 'duplicate',
    receipt: receiptOf(row),
    station: identityFrom(known),
    firstUse: false,
    households: row.households,
    persons: row.persons,
    applied: 0,
    skipped: 0,
    deletions: 0,
    events: 0,
    missing: missingRanges(db, manifest.stationId),
  };
}

/**
 * Applies one batch inside the caller's transaction, record by record: `start` with the payload's header, `record`
 * for each record in order, `finish` to record the batch. Any throw rolls the whole batch back.
 */
class Applier {
  readonly result: Applied = { applied: 0, skipped: 0, deletions: 0 };
  readonly householdIds: string[] = [];
  private header: PayloadHeader | undefined;
  private tombstones = false;
  private events = 0;
  private done = 0;
  private insertEvent: ReturnType<typeof sql> | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly actor: Actor,
    private readonly a: Accepted,
  ) {}

  get total(): number {
    return this.a.manifest.sequenceTo - this.a.manifest.sequenceFrom + 1;
  }

  start(h: PayloadHeader): StationIdentity {
    const { ctx, a } = this;
    this.header = h;
    checkStationCode(ctx.db, h);
    const station: StationIdentity = {
      stationId: h.stationId,
      stationCode: h.stationCode,
      label: h.stationLabel,
      centreCode: h.centreCode,
      centreName: h.centreName,
      fingerprint: keyFingerprint(a.manifest.stationPublicKey),
    };
    if (!a.known) recordEnrolment(ctx.db, a.manifest.stationPublicKey, a.receivedAt, this.actor);
    sql(
      ctx.db,
      `INSERT INTO known_stations (station_id, public_key, fingerprint, station_code, label, centre_code, centre_name, first_seen_at, accepted_by, last_import_at)
       VALUES (@stationId, @publicKey, @fingerprint, @stationCode, @label, @centreCode, @centreName, @at, @actor, @at)
       ON CONFLICT (station_id) DO UPDATE SET station_code = excluded.station_code, label = excluded.label,
         centre_code = excluded.centre_code, centre_name = excluded.centre_name, last_import_at = excluded.last_import_at`,
    ).run({ ...station, publicKey: a.manifest.stationPublicKey, at: a.receivedAt, actor: this.actor.name });
    this.tombstones = sql(ctx.db, 'SELECT EXISTS (SELECT 1 FROM station_deletions WHERE station_id = ?)').pluck().get(h.stationId) === 1;
    this.insertEvent = sql(
      ctx.db,
      `INSERT OR IGNORE INTO station_events (station_id, seq, at, operator, action, entity, entity_id, detail, prev_hash, hash, batch_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return station;
  }

  /** One version or deletion: checked for ownership (a streamed batch was checked for the rest by the caller), then applied. */
  record(r: VersionRecord | DeletionRecord, checkOwner: boolean): void {
    const h = this.header!;
    const db = this.ctx.db;
    // Cancelled halfway (core/jobs.ts): the throw rolls the whole batch back.
    if ((this.done & 63) === 0) progress(this.ctx, this.done, this.total, 'records');
    this.done++;
    if (checkOwner) {
      if (r.t === 'version') checkVersionOwner(db, h, r, sql(db, 'SELECT id, station_id FROM households WHERE registration_number = ?'));
      else checkDeletionOwner(db, h, r);
    }
    try {
      if (r.t === 'version') {
        applyVersion(db, r, h.stationId, this.result, this.tombstones);
        this.householdIds.push(r.snapshot.id);
      } else {
        applyDeletion(db, r, h.stationId, h.batchId, this.result);
        this.tombstones = true;
      }
    } catch (error) {
      if (error instanceof CoreError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw refusal(
        'apply_failed',
        /UNIQUE.*registration_number/.test(detail) ? 'a registration number in the batch is already used by another family at the hub' : detail,
      );
    }
  }

  event(e: EventRecord): void {
    const h = this.header!;
    this.events++;
    this.insertEvent!.run(h.stationId, e.seq, e.at, e.operator, e.action, e.entity, e.entityId, e.detail, e.prevHash, e.hash, h.batchId);
  }

  finish(station: StationIdentity): ImportOutcome {
    const { ctx, a, result } = this;
    const { manifest, sha256, receivedAt } = a;
    keepStationAuditHead(ctx.db, this.header!, manifest.stationPublicKey, receivedAt);
    const row: ReceivedRow = {
      id: manifest.batchId,
      station_id: manifest.stationId,
      sequence_from: manifest.sequenceFrom,
      sequence_to: manifest.sequenceTo,
      sha256,
      households: manifest.counts.households,
      persons: manifest.counts.persons,
      events: manifest.counts.events,
      deletions: result.deletions,
      applied: result.applied,
      skipped: result.skipped,
      received_at: receivedAt,
    };
    sql(
      ctx.db,
      `INSERT INTO received_batches (id, station_id, sequence_from, sequence_to, sha256, payload_sha256, households, persons,
         events, deletions, applied, skipped, file_name, created_at, received_at, received_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.id,
      row.station_id,
      row.sequence_from,
      row.sequence_to,
      sha256,
      manifest.payloadSha256,
      row.households,
      row.persons,
      row.events,
      row.deletions,
      row.applied,
      row.skipped,
      basename(a.fileName ?? ''),
      manifest.createdAt,
      receivedAt,
      this.actor.name,
    );
    appendAudit(ctx.db, {
      at: receivedAt,
      operator: this.actor.name,
      action: 'batch.imported',
      entity: 'batch',
      entityId: manifest.batchId,
      detail: {
        stationId: manifest.stationId,
        sequenceFrom: manifest.sequenceFrom,
        sequenceTo: manifest.sequenceTo,
        applied: result.applied,
        skipped: result.skipped,
        deletions: result.deletions,
        firstUse: !a.known,
        sha256,
      },
    });
    return {
      status: 'imported',
      receipt: receiptOf(row),
      station,
      firstUse: !a.known,
      households: row.households,
      persons: row.persons,
      applied: result.applied,
      skipped: result.skipped,
      deletions: result.deletions,
      events: this.events,
      missing: missingRanges(ctx.db, manifest.stationId),
    };
  }
}

interface Accepted {
  manifest: BatchManifest;
  sha256: string;
  known: boolean;
  fileName: string | undefined;
  receivedAt: string;
}

/**
 * The whole batch in one transaction: all of it, or (on any error) none of it. `feed` hands the applier the payload:
 * a parsed one (version 1, checked whole beforehand) or one decrypted and read chunk by chunk (version 2, checked
 * record by record as it is applied).
 */
function applyInTransaction(ctx: CoreContext, actor: Actor, a: Accepted, feed: (applier: Applier) => StationIdentity): ImportOutcome {
  return ctx.db
    .transaction(() => {
      // Checked again under the write lock: another import of the same file may have finished meanwhile.
      const raced = sql<ReceivedRow>(ctx.db, 'SELECT * FROM received_batches WHERE id = ?').get(a.manifest.batchId);
      if (raced) {
        if (raced.sha256 !== a.sha256) throw refusal('same_id_other_content');
        return duplicateOutcome(ctx.db, raced, a.manifest);
      }
      const applier = new Applier(ctx, actor, a);
      // Counts (figures, name vocabulary) written once for the batch, not once per household.
      const station = batched(ctx.db, () => feed(applier));
      const outcome = applier.finish(station);
      // Noted with the commit: the batch is the hub's then, and the check across centres that follows is not cut short
      // (a lone import's job can no longer be cancelled; a folder notes its own batches and stops at the next one,
      // import-folder.ts). Its households are noted as unchecked until that check ends: cut short by the app closing,
      // it is done again at the next import.
      applying(ctx, 1, 1, { final: true });
      noteUnchecked(ctx, a.manifest.batchId, applier.householdIds);
      return outcome;
    })
    .immediate();
}

/** Version 1: the payload parsed and checked whole, then applied in the order of its change log. */
function feedParsed(db: DB, payload: ParsedPayload): (applier: Applier) => StationIdentity {
  return (applier) => {
    checkOwnership(db, payload);
    const station = applier.start(payload.header);
    for (const r of [...payload.versions, ...payload.deletions].sort((x, y) => x.seq - y.seq)) applier.record(r, false);
    for (const e of payload.events) applier.event(e);
    return station;
  };
}

/**
 * Version 2: chunks decrypted one at a time, cut into lines, each record checked (schema, ids, range, order,
 * ownership) and applied as it comes; the final signature and the counts are checked at the end, before the
 * transaction commits. Memory holds one chunk and one line, whatever the size of the batch.
 */
function feedStreamed(
  source: ByteSource,
  hubKeys: NonNullable<ReturnType<typeof loadHubKeys>>,
  verified: { manifest: BatchManifest; sha256: string },
): (applier: Applier) => StationIdentity {
  return (applier) => {
    const reader = new PayloadReader();
    const check = new ManifestCheck(verified.manifest);
    let station: StationIdentity | undefined;
    const splitter = new LineSplitter((line) => {
      const r = parsed(() => reader.line(line)) as PayloadHeader | PayloadRecord | undefined;
      if (!r) return;
      if (r.t === 'batch') {
        check.header(r);
        station = applier.start(r);
      } else if (r.t === 'event') {
        check.event();
        applier.event(r);
      } else {
        check.ids(r);
        check.order(r);
        applier.record(r, true);
      }
    });
    asRefusal(() => openBatchV2(source, hubKeys, (plain) => parsed(() => splitter.push(plain)), { verified }));
    parsed(() => {
      splitter.end();
      reader.finish();
    });
    check.finish();
    if (!station) throw refusal('payload_invalid', 'the header record is missing');
    return station;
  };
}

/** The manifest at the head of the file, unverified: which station key it names, before anything costly. */
function head(bytes: Uint8Array): BatchManifest {
  return asRefusal(() => readManifestHead(bytes));
}

/** A batch as a hub takes it in: its bytes in memory, or a source read piece by piece (a file). */
export type BatchInput = Uint8Array | ByteSource;

interface BatchBytes {
  source: ByteSource;
  v2: boolean;
  /** The whole file (version 1 only: it is signed and sealed in one piece). */
  bytes(): Buffer;
}

function batchBytes(input: BatchInput): BatchBytes {
  const source = input instanceof Uint8Array ? bufferSource(input) : input;
  const first = source.read(0, 8);
  return {
    source,
    v2: isVersion2(first),
    bytes: () => (input instanceof Uint8Array ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : source.read(0, source.size)),
  };
}

/** The head of a batch (magic, manifest or signed header) read from its source. */
function headOf(source: ByteSource): Buffer {
  const first = source.read(0, 12);
  const needed = asRefusal(() => manifestHeadLength(first));
  return needed === undefined ? first : source.read(0, needed);
}

/**
 * The enrolment rule, from the manifest alone (nothing read, verified or decrypted yet): an enrolled key goes on; a
 * revoked key is refused; an unknown key is recorded among the stations that tried, and refused (or, in the app,
 * answered with `confirm_station` for a supervisor to check its fingerprint) unless the caller accepts it.
 */
function admitted(ctx: CoreContext, m: BatchManifest, options: ImportOptions): ImportOutcome | undefined {
  if (!isId(m.batchId)) throw refusal('bad_id', `batch id ${JSON.stringify(m.batchId.slice(0, 60))}`);
  if (!isId(m.stationId)) throw refusal('bad_id', `station id ${JSON.stringify(m.stationId.slice(0, 60))}`);
  const status = stationKeyStatus(ctx.db, m.stationPublicKey);
  const fingerprint = keyFingerprint(m.stationPublicKey);
  if (status === 'revoked') throw refusal('station_revoked', `station ${m.stationId}, key ${fingerprint}`);
  if (status === 'enrolled') return undefined;
  const accept = options.acceptNewStation;
  if (accept === true || accept === fingerprint) return undefined;
  recordAttempt(ctx.db, m, ctx.now().toISOString(), options.remote);
  ctx.changed(['batches']);
  if (options.refuseUnknown) throw refusal('station_unknown', `station ${m.stationId} of centre ${m.centre}, key ${fingerprint}`);
  return {
    status: 'confirm_station',
    station: { stationId: m.stationId, stationCode: '', label: m.stationId, centreCode: m.centre, centreName: '', fingerprint },
  };
}

/** Refusals that say something about an enrolled station's batch are kept in the hub's audit trail. */
const AUDITED = new Set([
  'not_owner',
  'station_code_taken',
  'bad_id',
  'payload_invalid',
  'same_id_other_content',
  'station_key_changed',
  'apply_failed',
  'hash_mismatch',
  'decrypt_failed',
  'wrong_hub',
]);

function noteRefusal(ctx: CoreContext, actor: Actor, error: CoreError, manifest: BatchManifest | undefined): void {
  const code = (error.issues?.[0]?.code ?? 'batch.refused').replace(/^batch\.refused\./, '');
  const at = ctx.now().toISOString();
  ctx.db.transaction(() => {
    countRefusal(ctx.db, code, at);
    if (manifest && AUDITED.has(code)) {
      appendAudit(ctx.db, {
        at,
        operator: actor.name,
        action: 'batch.refused',
        entity: 'batch',
        entityId: manifest.batchId,
        detail: { stationId: manifest.stationId, code, reason: error.issues?.[0]?.message ?? error.message },
      });
    }
  })();
  // The hub's screen shows the counts.
  ctx.changed(['batches']);
}

/**
 * Takes in one batch file, of version 1 or 2 (`input`: its bytes, or a `fileSource` to read a large file piece by
 * piece). Returns `imported`, `duplicate` (the same file again: nothing changes, the same receipt) or
 * `confirm_station` (an unknown station and no acceptance given: nothing of the batch is read). Throws
 * CoreError('refused') with a clerk's reason (and `batch.refused.<code>` in its issues) when the batch is refused;
 * the refusal is counted, and audited when the batch came from an enrolled station.
 */
export function importBatch(ctx: CoreContext, actor: Actor, input: BatchInput, options: ImportOptions = {}): ImportOutcome {
  if (ctx.station.role !== 'hub') throw refusal('not_hub');
  let manifest: BatchManifest | undefined;
  try {
    const batch = batchBytes(input);
    const named = head(headOf(batch.source));
    const asked = admitted(ctx, named, options);
    if (asked) return asked;
    const checked = verified(batch);
    manifest = checked.manifest;
    return importAdmitted(ctx, actor, batch, checked, options);
  } catch (error) {
    if (error instanceof CoreError && error.code === 'refused') noteRefusal(ctx, actor, error, manifest);
    throw error;
  }
}

/**
 * The cheap check alone, on the first bytes of an upload (the magic, the length and the manifest): refuses, and
 * counts, a batch whose key is unknown or revoked before the rest of it is even read.
 */
export function admitBatchHead(ctx: CoreContext, actor: Actor, headBytes: Uint8Array, options: ImportOptions = {}): BatchManifest {
  try {
    const named = head(headBytes);
    admitted(ctx, named, { ...options, refuseUnknown: true });
    return named;
  } catch (error) {
    if (error instanceof CoreError && error.code === 'refused') noteRefusal(ctx, actor, error, undefined);
    throw error;
  }
}

function importAdmitted(
  ctx: CoreContext,
  actor: Actor,
  batch: BatchBytes,
  checked: { manifest: BatchManifest; sha256: string },
  options: ImportOptions,
): ImportOutcome {
  const { manifest, sha256 } = checked;
  const previous = sql<ReceivedRow>(ctx.db, 'SELECT * FROM received_batches WHERE id = ?').get(manifest.batchId);
  if (previous) {
    if (previous.sha256 !== sha256 || previous.station_id !== manifest.stationId) throw refusal('same_id_other_content');
    // Taken in before: its check across centres may have been cut short (the app closed); it is finished now.
    checkUnchecked(ctx);
    return duplicateOutcome(ctx.db, previous, manifest);
  }
  const known = sql<KnownRow>(ctx.db, 'SELECT * FROM known_stations WHERE station_id = ?').get(manifest.stationId);
  if (known && known.public_key !== manifest.stationPublicKey) throw refusal('station_key_changed');
  const hubKeys = loadHubKeys(ctx.dataDir);
  if (!hubKeys) throw refusal('no_hub_key');
  let feed: (applier: Applier) => StationIdentity;
  if (batch.v2) feed = feedStreamed(batch.source, hubKeys, checked);
  else {
    const payload = parsed(() => parsePayload(asRefusal(() => openBatch(batch.bytes(), hubKeys)).payload));
    checkAgainstManifest(payload, manifest);
    feed = feedParsed(ctx.db, payload);
  }
  const accepted: Accepted = { manifest, sha256, known: Boolean(known), fileName: options.fileName, receivedAt: ctx.now().toISOString() };

  // One transaction for the whole batch dirties many index pages; a larger page cache spares re-writing them to the WAL.
  const cacheSize = Number(ctx.db.pragma('cache_size', { simple: true }));
  ctx.db.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  let outcome: ImportOutcome;
  try {
    outcome = applyInTransaction(ctx, actor, accepted, feed);
  } finally {
    ctx.db.pragma(`cache_size = ${cacheSize}`);
  }
  if (outcome.status === 'imported') {
    // An erased family's pages were overwritten (secure_delete); the WAL still holds copies until it is emptied.
    if (outcome.deletions > 0) ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    ctx.changed(['households', 'batches']);
    // Issue 14: the batch's persons checked against everyone the hub holds, for the queue across centres (and any
    // batch whose check was cut short before, first).
    checkUnchecked(ctx);
  }
  return outcome;
}
