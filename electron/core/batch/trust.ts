import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { type BatchManifest } from './envelope.js';
import { keyFingerprint } from './raw-keys.js';

/**
 * Trust at the hub: which station keys an administrator enrolled (or revoked), the stations that tried before being
 * enrolled, who owns each household, and how many batches were refused for each reason. One rule for every way a
 * batch arrives (HTTP, watched folder, CLI import, the app's import).
 */

/** Ids from outside (station, batch, household, person): a UUID as the desks make them, nothing else. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isId = (value: unknown): boolean => typeof value === 'string' && value.length === 36 && ID_PATTERN.test(value);

export type KeyStatus = 'enrolled' | 'revoked' | 'unknown';

export function stationKeyStatus(db: DB, publicKey: string): KeyStatus {
  const row = sql<{ revoked_at: string | null }>(db, 'SELECT revoked_at FROM enrolled_keys WHERE public_key = ?').get(publicKey);
  if (!row) return 'unknown';
  return row.revoked_at ? 'revoked' : 'enrolled';
}

function parseStationKey(text: string): string {
  const key = text.trim();
  try {
    keyFingerprint(key);
  } catch {
    throw new CoreError('invalid_input', 'That is not a station key: it must be the base64 of a 32-byte Ed25519 public key, as `station-key` prints it.');
  }
  return key;
}

/** Writes the enrolment inside the caller's transaction (an import accepting a station confirmed by a supervisor). */
export function recordEnrolment(db: DB, publicKey: string, at: string, actor: Actor): void {
  sql(db, 'INSERT INTO enrolled_keys (public_key, fingerprint, enrolled_at, enrolled_by) VALUES (?, ?, ?, ?) ON CONFLICT (public_key) DO NOTHING').run(
    publicKey,
    keyFingerprint(publicKey),
    at,
    actor.name,
  );
  sql(db, 'DELETE FROM station_attempts WHERE public_key = ?').run(publicKey);
}

export interface Enrolment {
  fingerprint: string;
  created: boolean;
}

/** A hub administrator or supervisor enrols a station key (checked by its fingerprint, read aloud). Audited. */
export function enrolStationKey(ctx: CoreContext, actor: Actor, keyText: string): Enrolment {
  if (ctx.station.role !== 'hub') throw new CoreError('not_configured', 'Stations are enrolled at the hub: this data folder is a station.');
  const publicKey = parseStationKey(keyText);
  const fingerprint = keyFingerprint(publicKey);
  const status = stationKeyStatus(ctx.db, publicKey);
  if (status === 'revoked')
    throw new CoreError('conflict', `The station key ${fingerprint} was revoked; a revoked key is never enrolled again. Make the desk a new key.`);
  if (status === 'enrolled') return { fingerprint, created: false };
  ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    recordEnrolment(ctx.db, publicKey, at, actor);
    appendAudit(ctx.db, { at, operator: actor.name, action: 'station.enrolled', entity: 'station', entityId: fingerprint, detail: { fingerprint } });
  })();
  ctx.changed(['batches', 'sync']);
  return { fingerprint, created: true };
}

/** Enrols a station that tried, by the fingerprint the supervisor confirmed with the desk. */
export function enrolAttempt(ctx: CoreContext, actor: Actor, fingerprint: string): Enrolment {
  const key = sql(ctx.db, 'SELECT public_key FROM station_attempts WHERE fingerprint = ?').pluck<string>().get(fingerprint);
  if (!key) throw new CoreError('not_found', 'No station with that key fingerprint has tried to send a batch here.');
  return enrolStationKey(ctx, actor, key);
}

function stationKeyOf(db: DB, station: string): { publicKey: string; fingerprint: string } {
  const byStation = sql<{ public_key: string; fingerprint: string }>(db, 'SELECT public_key, fingerprint FROM known_stations WHERE station_id = ?').get(
    station,
  );
  const row =
    byStation ?? sql<{ public_key: string; fingerprint: string }>(db, 'SELECT public_key, fingerprint FROM enrolled_keys WHERE fingerprint = ?').get(station);
  if (!row) throw new CoreError('not_found', `This hub knows no station ${station} (give its station id or key fingerprint).`);
  return { publicKey: row.public_key, fingerprint: row.fingerprint };
}

/** A stolen or lost laptop: its key's batches are refused from now on. Audited. */
export function revokeStationKey(ctx: CoreContext, actor: Actor, station: string, reason: string): { fingerprint: string } {
  const key = stationKeyOf(ctx.db, station);
  ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    sql(
      ctx.db,
      `INSERT INTO enrolled_keys (public_key, fingerprint, enrolled_at, enrolled_by, revoked_at, revoked_by, revoked_reason)
       VALUES (@key, @fp, @at, @by, @at, @by, @reason)
       ON CONFLICT (public_key) DO UPDATE SET revoked_at = excluded.revoked_at, revoked_by = excluded.revoked_by, revoked_reason = excluded.revoked_reason`,
    ).run({ key: key.publicKey, fp: key.fingerprint, at, by: actor.name, reason });
    appendAudit(ctx.db, { at, operator: actor.name, action: 'station.revoked', entity: 'station', entityId: key.fingerprint, detail: { station, reason } });
  })();
  ctx.changed(['batches', 'sync']);
  return key;
}

/** A lost or broken desk's households pass to its replacement station, which may then change them. Audited. */
export function moveHouseholds(ctx: CoreContext, actor: Actor, fromStation: string, toStation: string): { moved: number } {
  if (!isId(fromStation) || !isId(toStation) || fromStation === toStation) {
    throw new CoreError('invalid_input', 'Give two different station ids (as the Batches screen shows them).');
  }
  const known = (id: string) => sql(ctx.db, 'SELECT 1 FROM known_stations WHERE station_id = ?').get(id) !== undefined;
  if (!known(toStation))
    throw new CoreError('not_found', `Station ${toStation} has not sent a batch to this hub yet: enrol it and take in its first batch first.`);
  const moved = ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    const n = sql(ctx.db, 'UPDATE household_owners SET station_id = ?, moved_from = ? WHERE station_id = ?').run(toStation, fromStation, fromStation).changes;
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'station.households_moved',
      entity: 'station',
      entityId: fromStation,
      detail: { from: fromStation, to: toStation, households: n },
    });
    return n;
  })();
  ctx.changed(['households', 'batches']);
  return { moved };
}

/** Owner of a household at the hub, or undefined when no batch created it here. */
export const ownerOf = (db: DB, householdId: string): string | undefined =>
  sql(db, 'SELECT station_id FROM household_owners WHERE household_id = ?').pluck<string>().get(householdId);

export function recordAttempt(db: DB, manifest: BatchManifest, at: string, remote = ''): void {
  sql(
    db,
    `INSERT INTO station_attempts (public_key, fingerprint, station_id, centre, remote, first_at, last_at)
     VALUES (@key, @fp, @station, @centre, @remote, @at, @at)
     ON CONFLICT (public_key) DO UPDATE SET station_id = excluded.station_id, centre = excluded.centre, remote = excluded.remote,
       last_at = excluded.last_at, attempts = attempts + 1`,
  ).run({ key: manifest.stationPublicKey, fp: keyFingerprint(manifest.stationPublicKey), station: manifest.stationId, centre: manifest.centre, remote, at });
}

export interface StationAttempt {
  fingerprint: string;
  publicKey: string;
  stationId: string;
  label: string;
  centre: string;
  firstAt: string;
  lastAt: string;
  attempts: number;
}

export function stationAttempts(db: DB): StationAttempt[] {
  return sql<StationAttempt>(
    db,
    `SELECT fingerprint, public_key AS publicKey, station_id AS stationId, label, centre, first_at AS firstAt,
      last_at AS lastAt, attempts FROM station_attempts ORDER BY last_at DESC LIMIT 200`,
  ).all();
}

/** Counts a refusal by its code; kept small (codes are a fixed set). */
export function countRefusal(db: DB, code: string, at: string): void {
  sql(
    db,
    'INSERT INTO hub_refusal_counts (code, count, last_at) VALUES (?, 1, ?) ON CONFLICT (code) DO UPDATE SET count = count + 1, last_at = excluded.last_at',
  ).run(code.slice(0, 80), at);
}

export interface RefusalCount {
  code: string;
  count: number;
  lastAt: string;
}

export function refusalCounts(db: DB): RefusalCount[] {
  return sql<RefusalCount>(db, 'SELECT code, count, last_at AS lastAt FROM hub_refusal_counts ORDER BY count DESC, code').all();
}
