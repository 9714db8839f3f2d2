import type { HubBatchesView, HubKeyView, KnownStationView, ReceivedBatchView, StationBatchesView } from '../../api/views-batches.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { pendingHouseholds, pendingRange } from './cut.js';
import { keyFingerprint } from './raw-keys.js';
import { listBatches, outboxFolder } from './export.js';
import { refusalCounts, stationAttempts } from './trust.js';
import { heldRanges, missingRanges } from './import.js';
import { ensureHubKeys, installedHubKey, loadHubKeys, stationPublicKey } from './keys.js';
import { BATCH_SETTINGS, intervalMinutes, readSetting, writeSetting } from './settings.js';

/** What the Batches screen shows, on a station and on a hub, and the settings it changes. */

export function stationBatches(ctx: CoreContext): StationBatchesView {
  const range = pendingRange(ctx.db);
  const installed = installedHubKey(ctx.db);
  const own = stationPublicKey(ctx.db);
  return {
    role: ctx.station.role,
    stationFingerprint: own ? keyFingerprint(own) : null,
    hubKey: installed,
    pending: range && {
      sequenceFrom: range.sequenceFrom,
      sequenceTo: range.sequenceTo,
      changes: range.sequenceTo - range.sequenceFrom + 1,
      households: pendingHouseholds(ctx.db, range),
    },
    batches: listBatches(ctx.db),
    intervalMinutes: intervalMinutes(ctx.db),
    folder: readSetting(ctx.db, BATCH_SETTINGS.folder) ?? '',
    outboxFolder: outboxFolder(ctx.dataDir),
  };
}

export function hubKeyView(dataDir: string): HubKeyView | null {
  const pair = loadHubKeys(dataDir);
  return pair ? { publicKey: pair.publicKey, fingerprint: keyFingerprint(pair.publicKey) } : null;
}

export function knownStations(db: DB): KnownStationView[] {
  const rows = sql<{
    station_id: string;
    station_code: string;
    label: string;
    centre_code: string;
    centre_name: string;
    fingerprint: string;
    first_seen_at: string;
    accepted_by: string;
    last_import_at: string | null;
    batches: number;
  }>(
    db,
    `SELECT k.*, (SELECT count(*) FROM received_batches r WHERE r.station_id = k.station_id) AS batches
     FROM known_stations k ORDER BY k.centre_code, k.label, k.station_id`,
  ).all();
  return rows.map((r) => ({
    stationId: r.station_id,
    stationCode: r.station_code,
    label: r.label,
    centreCode: r.centre_code,
    centreName: r.centre_name,
    fingerprint: r.fingerprint,
    firstSeenAt: r.first_seen_at,
    acceptedBy: r.accepted_by,
    lastImportAt: r.last_import_at,
    batches: r.batches,
    held: heldRanges(db, r.station_id),
    missing: missingRanges(db, r.station_id),
  }));
}

export function receivedBatches(db: DB, limit = 200): ReceivedBatchView[] {
  const rows = sql<{
    id: string;
    station_id: string;
    label: string;
    sequence_from: number;
    sequence_to: number;
    households: number;
    persons: number;
    applied: number;
    skipped: number;
    file_name: string;
    received_at: string;
  }>(
    db,
    `SELECT r.id, r.station_id, coalesce(k.label, '') AS label, r.sequence_from, r.sequence_to, r.households, r.persons,
       r.applied, r.skipped, r.file_name, r.received_at
     FROM received_batches r LEFT JOIN known_stations k ON k.station_id = r.station_id
     ORDER BY r.received_at DESC, r.id DESC LIMIT ?`,
  ).all(limit);
  return rows.map((r) => ({
    id: r.id,
    stationId: r.station_id,
    stationLabel: r.label,
    sequenceFrom: r.sequence_from,
    sequenceTo: r.sequence_to,
    households: r.households,
    persons: r.persons,
    applied: r.applied,
    skipped: r.skipped,
    fileName: r.file_name,
    receivedAt: r.received_at,
  }));
}

export function hubBatches(ctx: CoreContext): HubBatchesView {
  return {
    hubKey: hubKeyView(ctx.dataDir),
    stations: knownStations(ctx.db),
    received: receivedBatches(ctx.db),
    attempts: stationAttempts(ctx.db).map(({ publicKey: _key, label: _label, ...a }) => a),
    refusals: refusalCounts(ctx.db),
  };
}

/** Makes this data folder a hub (creating its key once) or a station again. */
export function setStationRole(ctx: CoreContext, actor: Actor, role: 'station' | 'hub'): HubKeyView | null {
  if (role === 'hub') ensureHubKeys(ctx.dataDir, ctx.now());
  ctx.db.transaction(() => {
    ctx.db.prepare('UPDATE station SET role = ?').run(role);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'station.role_changed',
      entity: 'station',
      entityId: ctx.station.stationId,
      detail: { from: ctx.station.role, to: role },
    });
  })();
  // The context's station describes this folder; keep it true for the rest of the session.
  ctx.station.role = role;
  ctx.changed(['settings']);
  return role === 'hub' ? hubKeyView(ctx.dataDir) : null;
}

export function setBatchSchedule(ctx: CoreContext, actor: Actor, input: { intervalMinutes: number; folder: string }): void {
  if (!Number.isInteger(input.intervalMinutes) || input.intervalMinutes < 0 || input.intervalMinutes > 24 * 60) {
    throw new CoreError('invalid_input', 'The interval is a whole number of minutes from 0 (off) to 1440.', [
      { path: 'intervalMinutes', code: 'batch.interval.invalid', message: 'Whole minutes, 0 to 1440' },
    ]);
  }
  ctx.db.transaction(() => {
    writeSetting(ctx.db, BATCH_SETTINGS.intervalMinutes, String(input.intervalMinutes));
    writeSetting(ctx.db, BATCH_SETTINGS.folder, input.folder.trim());
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'batch',
      detail: { intervalMinutes: input.intervalMinutes, folder: input.folder.trim() },
    });
  })();
  ctx.changed(['settings']);
}
