import { existsSync } from 'node:fs';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import type { KeyCustodyView } from '../../api/views-protection.js';
import { MIN_PASSPHRASE_LENGTH, plainKeyPath, readKeyring, replacePassphrase, replaceRecoveryCode, unwrapWithPassphrase } from './database-keys.js';

/**
 * What the station's administrator may do with the data file's key while the file is open: see where it is kept,
 * change the start-up passphrase, make a new recovery code (the old one stops working at once). The key itself
 * never leaves core; a recovery code made when the file was first opened (or moved into the OS key store) waits
 * here, in memory only, until an administrator has seen it.
 */
export interface KeyCustody {
  view(): KeyCustodyView;
  /** A recovery code made at start-up, waiting to be shown once to an administrator. */
  offer(code: string): void;
  pendingCode(): string | undefined;
  /** The administrator wrote the waiting code down: it is forgotten. */
  dismiss(ctx: CoreContext, actor: Actor): void;
  changePassphrase(ctx: CoreContext, actor: Actor, input: { current: string; next: string }): void;
  newRecoveryCode(ctx: CoreContext, actor: Actor): { code: string };
}

const auditKeys = (ctx: CoreContext, actor: Actor, action: 'keys.passphrase_changed' | 'keys.recovery_code_replaced' | 'keys.recovery_code_seen'): void =>
  // Never the passphrase or the code: only that it happened, and who did it.
  appendAudit(ctx.db, { at: ctx.now().toISOString(), operator: actor.name, action, entity: 'station', entityId: ctx.station.stationId, detail: {} });

export function keyCustody(dataDir: string, key: Buffer): KeyCustody {
  let pending: string | undefined;
  return {
    view() {
      const ring = readKeyring(dataDir);
      const keptBy = ring?.osStore ? 'os-store' : ring?.passphrase ? 'passphrase' : existsSync(plainKeyPath(dataDir)) ? 'folder' : 'recovery-only';
      return { keptBy, passphrase: Boolean(ring?.passphrase), recoveryCode: Boolean(ring?.recovery), recoveryCodePending: pending !== undefined };
    },
    offer(code) {
      pending = code;
    },
    pendingCode: () => pending,
    dismiss(ctx, actor) {
      if (pending === undefined) return;
      pending = undefined;
      auditKeys(ctx, actor, 'keys.recovery_code_seen');
    },
    changePassphrase(ctx, actor, { current, next }) {
      const wrapped = readKeyring(dataDir)?.passphrase;
      if (!wrapped) {
        throw new CoreError('conflict', 'This data file has no start-up passphrase: its key is kept by this computer’s key store.', [
          { path: 'current', code: 'keys.passphrase.none', message: 'No passphrase is set' },
        ]);
      }
      const opened = unwrapWithPassphrase(wrapped, current);
      if (!opened || !opened.equals(key)) {
        throw new CoreError('unauthenticated', 'The current passphrase is not right.', [
          { path: 'current', code: 'keys.passphrase.wrong', message: 'Wrong passphrase' },
        ]);
      }
      if (next.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) {
        throw new CoreError('invalid_input', `A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.`, [
          { path: 'next', code: 'keys.passphrase.short', message: 'Passphrase too short', params: { min: MIN_PASSPHRASE_LENGTH } },
        ]);
      }
      replacePassphrase(dataDir, key, next);
      auditKeys(ctx, actor, 'keys.passphrase_changed');
    },
    newRecoveryCode(ctx, actor) {
      const code = replaceRecoveryCode(dataDir, key);
      // A code waiting to be shown is the old one now: it no longer opens anything.
      pending = undefined;
      auditKeys(ctx, actor, 'keys.recovery_code_replaced');
      return { code };
    },
  };
}
