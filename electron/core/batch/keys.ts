import { z } from 'zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { CoreError } from '../errors.js';
import { firstProblem } from '../wire.js';
import { generateHubKeyPair, generateStationKeyPair, keyFingerprint, type KeyPair } from './raw-keys.js';
import { readKeyFileText, writeKeyFileText } from '../protection/sealed-files.js';
import { BATCH_SETTINGS, readSetting, writeSetting } from './settings.js';

/**
 * The keys a data folder holds: every station signs its batches with an Ed25519 key (keys/station.key); a hub
 * also holds the X25519 key batches are sealed to (keys/hub.key). Private halves live only in those files (mode
 * 0600); the station's public key is also in its table row, so a lost or swapped key file is noticed.
 */

export const KEYS_FOLDER = 'keys';
export const stationKeyPath = (dataDir: string): string => join(dataDir, KEYS_FOLDER, 'station.key');
export const hubKeyPath = (dataDir: string): string => join(dataDir, KEYS_FOLDER, 'hub.key');

/** A key file as writeKeyFile writes it (createdAt is for people; older files may lack it). */
const KeyFileSchema = z.object({
  kind: z.enum(['station-ed25519', 'hub-x25519']),
  publicKey: z.string(),
  privateKey: z.string(),
  createdAt: z.string().optional(),
});
type KeyFile = z.infer<typeof KeyFileSchema>;
type KeyKind = KeyFile['kind'];

function writeKeyFile(path: string, kind: KeyKind, pair: KeyPair, now: Date): void {
  const file: KeyFile = { kind, publicKey: pair.publicKey, privateKey: pair.privateKey, createdAt: now.toISOString() };
  writeKeyFileText(path, `${JSON.stringify(file, null, 2)}\n`);
}

function readKeyFile(path: string, kind: KeyKind): KeyPair {
  const text = readKeyFileText(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CoreError('not_configured', `The key file ${path} cannot be read. Restore it from the station's backup.`, [
      { path: 'key', code: 'batch.stationKey.damaged', message: 'Key file unreadable', params: { file: path } },
    ]);
  }
  const file = KeyFileSchema.safeParse(parsed);
  if (!file.success || file.data.kind !== kind) {
    const problem = file.success ? `kind is ${file.data.kind}, not ${kind}` : firstProblem(file.error);
    throw new CoreError('not_configured', `The key file ${path} is damaged. Restore it from the station's backup.`, [
      { path: 'key', code: 'batch.stationKey.damaged', message: `Key file damaged (${problem})`, params: { file: path } },
    ]);
  }
  return { publicKey: file.data.publicKey, privateKey: file.data.privateKey };
}

const storedStationKey = (db: DB): string | null =>
  db.prepare<unknown[], { public_key: string | null }>('SELECT public_key FROM station LIMIT 1').get()?.public_key ?? null;

/**
 * Creates the station's signing key with the station (init, or the first open of an older folder). Never replaces
 * a key the station already published: a missing file is reported when the key is needed (loadStationKeys).
 */
export function ensureStationKeys(db: DB, dataDir: string, now: Date = new Date()): void {
  const stored = storedStationKey(db);
  const path = stationKeyPath(dataDir);
  if (existsSync(path)) {
    if (stored === null) db.prepare('UPDATE station SET public_key = ?').run(readKeyFile(path, 'station-ed25519').publicKey);
    return;
  }
  if (stored !== null) return;
  const pair = generateStationKeyPair();
  writeKeyFile(path, 'station-ed25519', pair, now);
  db.prepare('UPDATE station SET public_key = ?').run(pair.publicKey);
}

/** The station's signing key pair, checked against the public key the station is known by. */
export function loadStationKeys(ctx: Pick<CoreContext, 'db' | 'dataDir' | 'now'>): KeyPair {
  ensureStationKeys(ctx.db, ctx.dataDir, ctx.now());
  const path = stationKeyPath(ctx.dataDir);
  if (!existsSync(path)) {
    throw new CoreError(
      'not_configured',
      `This station's signing key (${path}) is missing. Restore it from the station's backup; a new key would not be recognised by the hub.`,
      [{ path: 'stationKey', code: 'batch.stationKey.missing', message: 'Signing key missing', params: { file: path } }],
    );
  }
  const pair = readKeyFile(path, 'station-ed25519');
  if (pair.publicKey !== storedStationKey(ctx.db)) {
    throw new CoreError('not_configured', `The signing key in ${path} is not this station's key. Restore the right file from the station's backup.`, [
      { path: 'stationKey', code: 'batch.stationKey.damaged', message: "Signing key is not this station's", params: { file: path } },
    ]);
  }
  return pair;
}

export function stationPublicKey(db: DB): string | null {
  return storedStationKey(db);
}

// ---------------------------------------------------------------------------
// The hub's key pair.

/** The hub's X25519 key pair, created the first time it is asked for and never replaced. */
export function ensureHubKeys(dataDir: string, now: Date = new Date()): { pair: KeyPair; created: boolean } {
  const path = hubKeyPath(dataDir);
  if (existsSync(path)) return { pair: readKeyFile(path, 'hub-x25519'), created: false };
  const pair = generateHubKeyPair();
  writeKeyFile(path, 'hub-x25519', pair, now);
  return { pair, created: true };
}

export function loadHubKeys(dataDir: string): KeyPair | undefined {
  const path = hubKeyPath(dataDir);
  return existsSync(path) ? readKeyFile(path, 'hub-x25519') : undefined;
}

// ---------------------------------------------------------------------------
// The hub's public key, installed on a station.

/**
 * Reads a hub key as `hub-key` prints it (the base64 of the raw 32-byte key, alone on a line), from a file, a
 * paste or a QR code. Surrounding whitespace is ignored; anything else is refused.
 */
export function parseHubPublicKey(text: string): string {
  const candidate = text.trim();
  try {
    keyFingerprint(candidate);
    return candidate;
  } catch {
    throw new CoreError('invalid_input', 'This is not a hub key. A hub key is one line of 44 letters, digits, + and / ending in =, as the hub prints it.', [
      { path: 'publicKey', code: 'batch.hubKey.invalid', message: 'Not a hub key' },
    ]);
  }
}

export interface InstalledHubKey {
  publicKey: string;
  fingerprint: string;
  installedAt: string;
}

export function installedHubKey(db: DB): InstalledHubKey | null {
  const publicKey = readSetting(db, BATCH_SETTINGS.hubPublicKey);
  if (!publicKey) return null;
  return { publicKey, fingerprint: keyFingerprint(publicKey), installedAt: readSetting(db, BATCH_SETTINGS.hubKeyInstalledAt) ?? '' };
}

/** Installs (or replaces) the hub key on this station; the fingerprint is what the clerk compares with the hub's. */
export function installHubKey(ctx: CoreContext, actor: Actor, text: string): InstalledHubKey & { replaced: boolean } {
  const publicKey = parseHubPublicKey(text);
  const result = ctx.db.transaction(() => {
    const before = installedHubKey(ctx.db);
    const at = ctx.now().toISOString();
    if (before?.publicKey === publicKey) return { ...before, replaced: false };
    writeSetting(ctx.db, BATCH_SETTINGS.hubPublicKey, publicKey);
    writeSetting(ctx.db, BATCH_SETTINGS.hubKeyInstalledAt, at);
    const fingerprint = keyFingerprint(publicKey);
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'hub_key.installed',
      entity: 'station',
      entityId: ctx.station.stationId,
      detail: { fingerprint, ...(before ? { replaced: before.fingerprint } : {}) },
    });
    return { publicKey, fingerprint, installedAt: at, replaced: before !== null };
  })();
  ctx.changed(['settings']);
  return result;
}

/** The installed hub key; without one a station writes no batch of personal data. */
export function requireHubKey(db: DB): InstalledHubKey {
  const installed = installedHubKey(db);
  if (!installed) {
    throw new CoreError(
      'not_configured',
      "No hub key is installed on this station, so no batch can be written: batches carry families' personal data and leave only encrypted to the hub. Install the hub's key first (Batches screen, or export --hub-key FILE).",
      [{ path: 'hubKey', code: 'batch.hubKey.missing', message: 'No hub key installed' }],
    );
  }
  return installed;
}

/** The public half of keys/station.key, read from the key file itself (not the database), or undefined. */
export function stationKeyFilePublicKey(dataDir: string): string | undefined {
  const path = stationKeyPath(dataDir);
  return existsSync(path) ? readKeyFile(path, 'station-ed25519').publicKey : undefined;
}
