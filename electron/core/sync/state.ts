import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OutboxItemView, SyncErrorCode, SyncErrorView, SyncSettingsView, SyncStatusView } from '../../api/views-sync.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { pendingRange } from '../batch/cut.js';
import { keyFingerprint, rawKey } from '../batch/raw-keys.js';
import { installedHubKey, loadHubKeys, stationPublicKey } from '../batch/keys.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import { HUB_SETTINGS, hubEnrolmentOpen } from '../hub/service.js';
import { ensureHubSigningKeys, loadHubSigningKeys } from '../hub/keys.js';

/** Sync's settings (in `settings`) and its persisted state (sync_outbox, sync_status: migration 006). */

export const SYNC_SETTINGS = {
  /** http(s)://… for a hub, or a folder (absolute path or file:// URL). Empty: sync is off. */
  hubUrl: 'sync.hubUrl',
  /** Seconds between automatic syncs; 0 turns automatic sync off ("Sync now" still works). */
  intervalSeconds: 'sync.intervalSeconds',
  /** The hub's receipt-signing key, pinned for the hub key whose fingerprint is in receiptKeyFor. */
  receiptKey: 'sync.receiptKey',
  receiptKeyFor: 'sync.receiptKeyFor',
  receiptKeyAt: 'sync.receiptKeyAt',
} as const;

export const DEFAULT_INTERVAL_SECONDS = 60;
export const MAX_INTERVAL_SECONDS = 24 * 3600;

export type HubAddress = { kind: 'http'; url: string } | { kind: 'folder'; path: string };

const addressIssue = (message: string) => new CoreError('invalid_input', message, [{ path: 'hubUrl', code: 'sync.address.invalid', message }]);

/** An http(s) URL, a file:// URL or an absolute folder path; anything else is refused with words. */
export function parseHubAddress(text: string): HubAddress {
  const value = text.trim();
  if (/^https?:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw addressIssue('The hub address is not a valid web address, for example http://192.168.1.10:8443');
    }
    if (url.username || url.password) throw addressIssue('Do not put a name or password in the hub address.');
    if (url.search || url.hash) throw addressIssue('The hub address ends after the port (and an optional path).');
    return { kind: 'http', url: url.origin + url.pathname.replace(/\/+$/, '') };
  }
  if (/^file:\/\//i.test(value)) {
    try {
      return { kind: 'folder', path: fileURLToPath(value) };
    } catch {
      throw addressIssue('The folder address is not valid.');
    }
  }
  if (isAbsolute(value)) return { kind: 'folder', path: resolve(value) };
  throw addressIssue('The hub address starts with http:// or https://, or is a whole folder path such as /media/usb/hub.');
}

export function hubAddress(db: DB): HubAddress | null {
  const raw = readSetting(db, SYNC_SETTINGS.hubUrl);
  if (!raw) return null;
  try {
    return parseHubAddress(raw);
  } catch {
    return null;
  }
}

export function intervalSeconds(db: DB): number {
  const raw = readSetting(db, SYNC_SETTINGS.intervalSeconds);
  const n = raw === undefined ? DEFAULT_INTERVAL_SECONDS : Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= MAX_INTERVAL_SECONDS ? n : DEFAULT_INTERVAL_SECONDS;
}

/** The receipt key pinned for the installed hub key; a key pinned for another hub key does not count. */
export function pinnedReceiptKey(db: DB): { publicKey: string; at: string } | null {
  const key = readSetting(db, SYNC_SETTINGS.receiptKey);
  const hub = installedHubKey(db);
  if (!key || !hub || readSetting(db, SYNC_SETTINGS.receiptKeyFor) !== hub.fingerprint) return null;
  return { publicKey: key, at: readSetting(db, SYNC_SETTINGS.receiptKeyAt) ?? '' };
}

/** Pins the hub's receipt key (after the hub proved it holds the installed hub key, or an administrator pasted it). */
export function pinReceiptKey(ctx: CoreContext, actor: Actor, publicKey: string, how: 'proof' | 'pasted'): void {
  const hub = installedHubKey(ctx.db);
  if (!hub) throw new CoreError('not_configured', "Install the hub's key first; the receipt key belongs to it.");
  if (!rawKey(publicKey)) {
    throw new CoreError('invalid_input', 'This is not a receipt key: one line of 44 letters, digits, + and / ending in =, as serve-hub prints it.', [
      { path: 'receiptKey', code: 'sync.receiptKey.invalid', message: 'Not a key' },
    ]);
  }
  ctx.db.transaction(() => {
    const at = ctx.now().toISOString();
    writeSetting(ctx.db, SYNC_SETTINGS.receiptKey, publicKey);
    writeSetting(ctx.db, SYNC_SETTINGS.receiptKeyFor, hub.fingerprint);
    writeSetting(ctx.db, SYNC_SETTINGS.receiptKeyAt, at);
    appendAudit(ctx.db, {
      at,
      operator: actor.name,
      action: 'sync.receipt_key_pinned',
      entity: 'station',
      entityId: ctx.station.stationId,
      detail: { fingerprint: keyFingerprint(publicKey), hub: hub.fingerprint, how },
    });
  })();
  ctx.changed(['settings', 'sync']);
}

export function forgetReceiptKey(ctx: CoreContext, actor: Actor): void {
  ctx.db.transaction(() => {
    sql(ctx.db, 'DELETE FROM settings WHERE key IN (?, ?, ?)').run(SYNC_SETTINGS.receiptKey, SYNC_SETTINGS.receiptKeyFor, SYNC_SETTINGS.receiptKeyAt);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'sync.receipt_key_forgotten',
      entity: 'station',
      entityId: ctx.station.stationId,
      detail: {},
    });
  })();
  ctx.changed(['settings', 'sync']);
}

export interface SyncConfigInput {
  hubUrl: string;
  intervalSeconds: number;
}

export function configureSync(ctx: CoreContext, actor: Actor, input: SyncConfigInput): void {
  const url = input.hubUrl.trim();
  const address = url ? parseHubAddress(url) : null;
  const stored = address ? (address.kind === 'http' ? address.url : address.path) : '';
  if (!Number.isInteger(input.intervalSeconds) || input.intervalSeconds < 0 || input.intervalSeconds > MAX_INTERVAL_SECONDS) {
    throw new CoreError('invalid_input', 'The interval is a whole number of seconds from 0 (automatic sync off) to 86400.', [
      { path: 'intervalSeconds', code: 'sync.interval.invalid', message: 'Whole seconds, 0 to 86400' },
    ]);
  }
  ctx.db.transaction(() => {
    const before = readSetting(ctx.db, SYNC_SETTINGS.hubUrl) ?? '';
    writeSetting(ctx.db, SYNC_SETTINGS.hubUrl, stored);
    writeSetting(ctx.db, SYNC_SETTINGS.intervalSeconds, String(input.intervalSeconds));
    // Another hub: its first answer is checked again from scratch.
    if (before !== stored) {
      sql(
        ctx.db,
        'UPDATE sync_status SET online = NULL, next_attempt_at = NULL, failures = 0, last_error = NULL, last_error_code = NULL, last_error_at = NULL WHERE id = 1',
      ).run();
      sql(ctx.db, "UPDATE sync_outbox SET next_attempt_at = NULL WHERE state = 'waiting'").run();
    }
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'sync',
      detail: { hubUrl: stored, intervalSeconds: input.intervalSeconds },
    });
  })();
  ctx.changed(['settings', 'sync']);
}

// ---------------------------------------------------------------------------
// Persisted state.

interface StatusRow {
  online: number | null;
  last_checked_at: string | null;
  last_success_at: string | null;
  next_attempt_at: string | null;
  failures: number;
  last_error: string | null;
  last_error_code: string | null;
  last_error_at: string | null;
}

export function readStatusRow(db: DB): StatusRow {
  return (
    sql<StatusRow>(db, 'SELECT * FROM sync_status WHERE id = 1').get() ?? {
      online: null,
      last_checked_at: null,
      last_success_at: null,
      next_attempt_at: null,
      failures: 0,
      last_error: null,
      last_error_code: null,
      last_error_at: null,
    }
  );
}

export function writeStatus(db: DB, patch: Partial<StatusRow>): void {
  const keys = Object.keys(patch) as (keyof StatusRow)[];
  if (keys.length === 0) return;
  sql(db, 'INSERT OR IGNORE INTO sync_status (id) VALUES (1)').run();
  // Column names come from the StatusRow type, never from input.
  db.prepare(`UPDATE sync_status SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = 1`).run(patch);
}

/** Gives every batch the hub has not acknowledged its outbox row (a batch cut by hand on the Batches screen too). */
export function enlistWaiting(db: DB): void {
  sql(db, "INSERT OR IGNORE INTO sync_outbox (batch_id) SELECT id FROM batches WHERE status <> 'acknowledged'").run();
}

interface OutboxRow {
  id: string;
  sequence_from: number;
  sequence_to: number;
  households: number;
  persons: number;
  status: OutboxItemView['status'];
  created_at: string;
  file_path: string;
  sha256: string;
  payload_sha256: string;
  hub_fingerprint: string;
  state: 'waiting' | 'refused';
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_error: string | null;
  last_error_code: string | null;
  refused_code: string | null;
  refused_reason: string | null;
}

export type OutboxEntry = OutboxRow;

/** Batches not acknowledged, oldest first, with their outbox state. */
export function outboxEntries(db: DB): OutboxRow[] {
  enlistWaiting(db);
  return sql<OutboxRow>(
    db,
    `SELECT b.id, b.sequence_from, b.sequence_to, b.households, b.persons, b.status, b.created_at, b.file_path, b.sha256,
       b.payload_sha256, b.hub_fingerprint, o.state, o.attempts, o.next_attempt_at, o.last_attempt_at, o.last_error,
       o.last_error_code, o.refused_code, o.refused_reason
     FROM batches b JOIN sync_outbox o ON o.batch_id = b.id
     WHERE b.status <> 'acknowledged' ORDER BY b.sequence_from`,
  ).all();
}

const toItem = (r: OutboxRow): OutboxItemView => ({
  batchId: r.id,
  sequenceFrom: r.sequence_from,
  sequenceTo: r.sequence_to,
  households: r.households,
  persons: r.persons,
  status: r.status,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  lastErrorCode: r.last_error_code as SyncErrorCode | null,
  refusedCode: r.refused_code,
  refusedReason: r.refused_reason,
  createdAt: r.created_at,
});

export function lastErrorOf(row: StatusRow): SyncErrorView | null {
  return row.last_error && row.last_error_code ? { code: row.last_error_code as SyncErrorCode, message: row.last_error, at: row.last_error_at ?? '' } : null;
}

export function syncStatus(ctx: CoreContext, running = false): SyncStatusView {
  const address = hubAddress(ctx.db);
  const row = readStatusRow(ctx.db);
  const entries = outboxEntries(ctx.db);
  const waiting = entries.filter((e) => e.state === 'waiting');
  const range = pendingRange(ctx.db);
  const port = Number(readSetting(ctx.db, HUB_SETTINGS.servePort) ?? '');
  return {
    role: ctx.station.role,
    servePort: ctx.station.role === 'hub' && Number.isInteger(port) && port > 0 ? port : null,
    configured: address !== null,
    address: address ? (address.kind === 'http' ? address.url : address.path) : '',
    kind: address?.kind ?? null,
    online: row.online === null ? null : row.online === 1,
    lastCheckedAt: row.last_checked_at,
    lastSuccessAt: row.last_success_at,
    nextAttemptAt: row.next_attempt_at,
    waiting: waiting.length,
    awaitingReceipt: waiting.filter((e) => e.status === 'uploaded').length,
    refused: entries.length - waiting.length,
    pendingChanges: range ? range.sequenceTo - range.sequenceFrom + 1 : 0,
    lastError: lastErrorOf(row),
    running,
    hubKeyFingerprint: installedHubKey(ctx.db)?.fingerprint ?? null,
    refusedBatches: entries
      .filter((e) => e.state === 'refused')
      .slice(-5)
      .map((e) => ({
        batchId: e.id,
        sequenceFrom: e.sequence_from,
        sequenceTo: e.sequence_to,
        households: e.households,
        code: e.refused_code ?? '',
        reason: e.refused_reason ?? '',
      })),
  };
}

export function syncSettings(ctx: CoreContext): SyncSettingsView {
  const hub = installedHubKey(ctx.db);
  const pinned = pinnedReceiptKey(ctx.db);
  let hubSide: SyncSettingsView['hub'] = null;
  if (ctx.station.role === 'hub') {
    const own = loadHubKeys(ctx.dataDir);
    // The receipt key goes with the hub key: made once, the first time either is shown or used.
    const signing = own ? ensureHubSigningKeys(ctx.dataDir, ctx.now()).pair : loadHubSigningKeys(ctx.dataDir);
    const port = Number(readSetting(ctx.db, HUB_SETTINGS.servePort) ?? '');
    hubSide = {
      enrolmentOpen: hubEnrolmentOpen(ctx.db),
      servePort: Number.isInteger(port) && port > 0 ? port : null,
      serveHost: readSetting(ctx.db, HUB_SETTINGS.serveHost) || '127.0.0.1',
      hubKeyFingerprint: own ? keyFingerprint(own.publicKey) : null,
      receiptKey: signing?.publicKey ?? null,
      receiptKeyFingerprint: signing ? keyFingerprint(signing.publicKey) : null,
    };
  }
  const ownKey = ctx.station.role === 'station' ? stationPublicKey(ctx.db) : null;
  return {
    role: ctx.station.role,
    stationFingerprint: ownKey ? keyFingerprint(ownKey) : null,
    hubUrl: readSetting(ctx.db, SYNC_SETTINGS.hubUrl) ?? '',
    intervalSeconds: intervalSeconds(ctx.db),
    hubKey: hub && { publicKey: hub.publicKey, fingerprint: hub.fingerprint, at: hub.installedAt },
    receiptKey: pinned && { publicKey: pinned.publicKey, fingerprint: keyFingerprint(pinned.publicKey), at: pinned.at },
    outbox: outboxEntries(ctx.db).map(toItem),
    hub: hubSide,
  };
}

/** Refused batches go back to waiting (after the hub's administrator fixed the reason, e.g. opened enrolment). */
export function retryRefused(ctx: CoreContext, actor: Actor, batchId?: string): number {
  const changed = ctx.db.transaction(() => {
    const ids = (
      batchId
        ? sql(ctx.db, "SELECT batch_id FROM sync_outbox WHERE state = 'refused' AND batch_id = ?").pluck().all(batchId)
        : sql(ctx.db, "SELECT batch_id FROM sync_outbox WHERE state = 'refused'").pluck().all()
    ) as string[];
    for (const id of ids) {
      sql(
        ctx.db,
        "UPDATE sync_outbox SET state = 'waiting', attempts = 0, next_attempt_at = NULL, refused_code = NULL, refused_reason = NULL, refused_at = NULL WHERE batch_id = ?",
      ).run(id);
      appendAudit(ctx.db, { at: ctx.now().toISOString(), operator: actor.name, action: 'sync.retry_refused', entity: 'batch', entityId: id, detail: {} });
    }
    return ids.length;
  })();
  if (changed > 0) ctx.changed(['sync']);
  return changed;
}

/** The hub role in the app: whether (and where) this process serves sync to stations. */
export function configureHubServing(ctx: CoreContext, actor: Actor, input: { enrolmentOpen: boolean; servePort: number | null; serveHost: string }): void {
  if (ctx.station.role !== 'hub') throw new CoreError('not_configured', 'Only a hub serves stations. Make this app the hub first (Batches screen).');
  const host = input.serveHost.trim() || '127.0.0.1';
  if (!/^[0-9A-Za-z.:-]{1,100}$/.test(host)) {
    throw new CoreError('invalid_input', 'The address to listen on is an IP address such as 0.0.0.0 or 192.168.1.10.', [
      { path: 'serveHost', code: 'sync.serveHost.invalid', message: 'Not an address' },
    ]);
  }
  if (input.servePort !== null && (!Number.isInteger(input.servePort) || input.servePort < 1 || input.servePort > 65535)) {
    throw new CoreError('invalid_input', 'The port is a whole number from 1 to 65535.', [
      { path: 'servePort', code: 'sync.servePort.invalid', message: '1 to 65535' },
    ]);
  }
  ctx.db.transaction(() => {
    writeSetting(ctx.db, HUB_SETTINGS.enrolmentOpen, input.enrolmentOpen ? '1' : '0');
    writeSetting(ctx.db, HUB_SETTINGS.servePort, input.servePort === null ? '' : String(input.servePort));
    writeSetting(ctx.db, HUB_SETTINGS.serveHost, host);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'settings.changed',
      entity: 'settings',
      entityId: 'hub.serve',
      detail: { enrolmentOpen: input.enrolmentOpen, servePort: input.servePort, serveHost: host },
    });
  })();
  ctx.changed(['settings', 'sync']);
}
