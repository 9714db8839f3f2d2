import type { FieldIssue } from '../../api/result.js';
import type { AuditAction } from '../../api/audit-actions.js';
import type { OperatorView } from '../../api/views-protection.js';
import { appendAudit } from '../audit/trail.js';
import type { Actor, CoreContext, Role } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { decoyHash, hashSecret, secretKind, secretProblem, verifySecret } from './secrets.js';

/**
 * Operators: who may sign in at this station, with which role. Secrets are scrypt hashes (secrets.ts). Failed
 * sign-ins slow the next attempt (0, 1, 2, 4, 8… seconds, enforced here by refusing attempts before
 * `next_attempt_at`) and lock the operator out after MAX_FAILED_ATTEMPTS until a supervisor clears it.
 */

export const MAX_FAILED_ATTEMPTS = 10;
const MAX_DELAY_SECONDS = 60;

/** Seconds to wait after the n-th consecutive failure. */
export const delayAfterFailures = (failures: number): number => (failures <= 1 ? 0 : Math.min(2 ** (failures - 2), MAX_DELAY_SECONDS));

interface OperatorRow {
  id: string;
  name: string;
  name_key: string;
  role: Role;
  secret_kind: 'password' | 'pin';
  secret_hash: string;
  active: number;
  failed_attempts: number;
  next_attempt_at: string | null;
  locked_out: number;
  created_at: string;
  last_sign_in_at: string | null;
}

/** Sign-in is by name: case, spacing and Unicode form do not matter. */
export const foldOperatorName = (name: string): string => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();

const toView = (r: OperatorRow): OperatorView => ({
  id: r.id,
  name: r.name,
  role: r.role,
  secretKind: r.secret_kind,
  active: r.active === 1,
  failedAttempts: r.failed_attempts,
  lockedOut: r.locked_out === 1,
  nextAttemptAt: r.next_attempt_at,
  lastSignInAt: r.last_sign_in_at,
  createdAt: r.created_at,
});

const COLUMNS = `id, name, name_key, role, secret_kind, secret_hash, active, failed_attempts, next_attempt_at, locked_out,
  created_at, last_sign_in_at`;
const byId = (db: DB, id: string) => sql<OperatorRow>(db, `SELECT ${COLUMNS} FROM operators WHERE id = ?`).get(id);
const byKey = (db: DB, key: string) => sql<OperatorRow>(db, `SELECT ${COLUMNS} FROM operators WHERE name_key = ?`).get(key);

export const listOperators = (db: DB): OperatorView[] =>
  sql<OperatorRow>(db, `SELECT ${COLUMNS} FROM operators ORDER BY active DESC, name_key`).all().map(toView);

export const countOperators = (db: DB): number => sql(db, 'SELECT count(*) FROM operators').pluck<number>().get()!;
export const countActiveAdmins = (db: DB): number => sql(db, "SELECT count(*) FROM operators WHERE role = 'admin' AND active = 1").pluck<number>().get()!;

/** The operator as the file knows them now (role changed, deactivated?), for every request of a session. */
export function currentOperator(db: DB, id: string): (Actor & { active: boolean }) | undefined {
  const row = byId(db, id);
  return row && { id: row.id, name: row.name, role: row.role, active: row.active === 1 };
}

export function getOperator(db: DB, id: string): OperatorView {
  const row = byId(db, id);
  if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
  return toView(row);
}

const refused = (path: string, code: string, message: string, params?: FieldIssue['params']): CoreError =>
  new CoreError('refused', message, [{ path, code, message, ...(params ? { params } : {}) }]);

function checkName(name: string): string {
  const trimmed = name.normalize('NFC').trim().replace(/\s+/g, ' ');
  if (trimmed.length < 2 || trimmed.length > 60) {
    throw new CoreError('invalid_input', 'A name has 2 to 60 characters.', [
      { path: 'name', code: 'operator.name_length', message: 'A name has 2 to 60 characters.' },
    ]);
  }
  return trimmed;
}

function checkSecret(secret: string, path = 'secret'): void {
  const problem = secretProblem(secret);
  if (!problem) return;
  const message =
    problem === 'secret.pin_short'
      ? 'A PIN has at least 6 digits.'
      : problem === 'secret.password_short'
        ? 'A password has at least 8 characters.'
        : 'That is too long.';
  throw new CoreError('invalid_input', message, [{ path, code: problem, message }]);
}

/** Administrators manage everyone; supervisors manage greeters, registrars and supervisors; the others manage no one. */
export function mayManage(actor: Actor, targetRole: Role): boolean {
  if (actor.role === 'admin') return true;
  return actor.role === 'supervisor' && targetRole !== 'admin';
}

function assertMayManage(actor: Actor, role: Role): void {
  if (!mayManage(actor, role)) throw new CoreError('forbidden', 'Only an administrator manages administrators.');
}

const audit = (ctx: CoreContext, actor: Pick<Actor, 'name'>, action: AuditAction, entityId: string, detail: Record<string, unknown>) =>
  appendAudit(ctx.db, { at: ctx.now().toISOString(), operator: actor.name, action, entity: 'operator', entityId, detail });

export interface NewOperator {
  name: string;
  role: Role;
  secret: string;
}

/** Inserts an operator inside the caller's transaction; the hash is made beforehand (it is slow and async). */
export function insertOperator(ctx: CoreContext, actor: Actor, input: NewOperator, secretHash: string): OperatorView {
  const name = checkName(input.name);
  if (byKey(ctx.db, foldOperatorName(name))) {
    throw new CoreError('conflict', 'An operator with this name exists already.', [
      { path: 'name', code: 'operator.name_taken', message: 'An operator with this name exists already.' },
    ]);
  }
  const at = ctx.now().toISOString();
  const id = ctx.newId();
  sql(
    ctx.db,
    `INSERT INTO operators (id, name, name_key, role, secret_kind, secret_hash, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, name, foldOperatorName(name), input.role, secretKind(input.secret), secretHash, at, actor.name, at);
  audit(ctx, actor, 'operator.created', id, { name, role: input.role });
  return getOperator(ctx.db, id);
}

export async function createOperator(ctx: CoreContext, actor: Actor, input: NewOperator): Promise<OperatorView> {
  assertMayManage(actor, input.role);
  checkName(input.name);
  checkSecret(input.secret);
  const secretHash = await hashSecret(input.secret);
  const view = ctx.db.transaction(() => insertOperator(ctx, actor, input, secretHash))();
  ctx.changed(['operators']);
  return view;
}

export function updateOperator(ctx: CoreContext, actor: Actor, input: { id: string; role?: Role; active?: boolean }): OperatorView {
  const view = ctx.db.transaction(() => {
    const row = byId(ctx.db, input.id);
    if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
    assertMayManage(actor, row.role);
    if (input.role) assertMayManage(actor, input.role);
    const role = input.role ?? row.role;
    const active = input.active ?? row.active === 1;
    if (row.id === actor.id && (role !== row.role || !active)) {
      throw new CoreError('refused', 'You cannot change your own role or deactivate yourself; ask another supervisor.');
    }
    if (row.role === 'admin' && row.active === 1 && (role !== 'admin' || !active) && countActiveAdmins(ctx.db) <= 1) {
      throw new CoreError('refused', 'The station needs at least one active administrator.');
    }
    sql(ctx.db, 'UPDATE operators SET role = ?, active = ?, updated_at = ? WHERE id = ?').run(role, active ? 1 : 0, ctx.now().toISOString(), row.id);
    audit(ctx, actor, 'operator.updated', row.id, {
      name: row.name,
      before: { role: row.role, active: row.active === 1 },
      after: { role, active },
    });
    return getOperator(ctx.db, row.id);
  })();
  ctx.changed(['operators']);
  return view;
}

/** Sets a new password or PIN (a supervisor resetting a forgotten one); it also clears failed attempts. */
export async function setOperatorSecret(ctx: CoreContext, actor: Actor, input: { id: string; secret: string }): Promise<OperatorView> {
  const before = byId(ctx.db, input.id);
  if (!before) throw new CoreError('not_found', 'This operator is not in the file.');
  assertMayManage(actor, before.role);
  checkSecret(input.secret);
  const secretHash = await hashSecret(input.secret);
  const view = ctx.db.transaction(() => {
    const row = byId(ctx.db, input.id);
    if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
    assertMayManage(actor, row.role);
    sql(
      ctx.db,
      `UPDATE operators SET secret_hash = ?, secret_kind = ?, failed_attempts = 0, next_attempt_at = NULL, locked_out = 0,
         updated_at = ? WHERE id = ?`,
    ).run(secretHash, secretKind(input.secret), ctx.now().toISOString(), row.id);
    audit(ctx, actor, 'operator.secret_set', row.id, { name: row.name });
    return getOperator(ctx.db, row.id);
  })();
  ctx.changed(['operators']);
  return view;
}

/** An operator changes their own password or PIN, proving the current one. */
export async function changeOwnSecret(ctx: CoreContext, actor: Actor, input: { current: string; secret: string }): Promise<void> {
  const row = byId(ctx.db, actor.id);
  if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
  checkSecret(input.secret);
  if (!(await verifySecret(input.current, row.secret_hash))) {
    throw refused('current', 'signin.wrong', 'The current password or PIN is not right.');
  }
  const secretHash = await hashSecret(input.secret);
  ctx.db.transaction(() => {
    sql(ctx.db, 'UPDATE operators SET secret_hash = ?, secret_kind = ?, updated_at = ? WHERE id = ?').run(
      secretHash,
      secretKind(input.secret),
      ctx.now().toISOString(),
      row.id,
    );
    audit(ctx, actor, 'operator.secret_changed', row.id, { name: row.name });
  })();
}

/** A supervisor (for registrars and supervisors) or an administrator (for anyone) lets a locked-out operator try again. */
export function clearLockout(ctx: CoreContext, actor: Actor, input: { id: string }): OperatorView {
  if (actor.role !== 'supervisor' && actor.role !== 'admin') throw new CoreError('forbidden', 'Only a supervisor clears a lockout.');
  const view = ctx.db.transaction(() => {
    const row = byId(ctx.db, input.id);
    if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
    // Clearing resets the guessing counter: only the same or a higher role may hand out more guesses.
    assertMayManage(actor, row.role);
    sql(ctx.db, 'UPDATE operators SET failed_attempts = 0, next_attempt_at = NULL, locked_out = 0, updated_at = ? WHERE id = ?').run(
      ctx.now().toISOString(),
      row.id,
    );
    audit(ctx, actor, 'operator.lockout_cleared', row.id, { name: row.name, failedAttempts: row.failed_attempts });
    return getOperator(ctx.db, row.id);
  })();
  ctx.changed(['operators']);
  return view;
}

type Reservation =
  | { kind: 'unknown' }
  | { kind: 'wait'; seconds: number; row: OperatorRow }
  | { kind: 'locked_out'; row: OperatorRow }
  | { kind: 'try'; row: OperatorRow; failures: number };

const NOBODY = { name: '(not signed in)' };

/**
 * Checks a name and secret. The attempt is counted as failed before the hash is checked (so attempts sent in
 * parallel meet the delay too) and forgiven when the secret is right. Every outcome is an audit event.
 */
export async function signIn(ctx: CoreContext, input: { name: string; secret: string }): Promise<Actor> {
  const key = foldOperatorName(input.name);
  const reservation = ctx.db.transaction((): Reservation => {
    const row = byKey(ctx.db, key);
    const now = ctx.now();
    if (!row) return { kind: 'unknown' };
    if (row.locked_out === 1) {
      audit(ctx, { name: row.name }, 'session.signin_refused', row.id, { reason: 'locked_out' });
      return { kind: 'locked_out', row };
    }
    const waitMs = row.next_attempt_at ? Date.parse(row.next_attempt_at) - now.getTime() : 0;
    if (waitMs > 0) {
      audit(ctx, { name: row.name }, 'session.signin_refused', row.id, { reason: 'too_soon' });
      return { kind: 'wait', seconds: Math.ceil(waitMs / 1000), row };
    }
    const failures = row.failed_attempts + 1;
    // Held back while this attempt is checked, as if it had failed.
    const holdSeconds = Math.max(delayAfterFailures(failures), 1);
    sql(ctx.db, 'UPDATE operators SET failed_attempts = ?, next_attempt_at = ? WHERE id = ?').run(
      failures,
      new Date(now.getTime() + holdSeconds * 1000).toISOString(),
      row.id,
    );
    return { kind: 'try', row, failures };
  })();

  if (reservation.kind === 'locked_out') {
    throw refused('secret', 'signin.locked_out', 'Too many wrong attempts: this operator is locked out. A supervisor can unlock it.');
  }
  if (reservation.kind === 'wait') {
    throw refused('secret', 'signin.wait', `Wait ${reservation.seconds} seconds before trying again.`, { seconds: reservation.seconds });
  }
  const stored = reservation.kind === 'try' ? reservation.row.secret_hash : await decoyHash();
  const right = await verifySecret(input.secret, stored);

  const outcome = ctx.db.transaction(() => {
    const at = ctx.now();
    if (reservation.kind === 'unknown') {
      audit(ctx, NOBODY, 'session.signin_failed', '', { reason: 'unknown_name', name: input.name.trim().slice(0, 60) });
      return 'wrong' as const;
    }
    const { row, failures } = reservation;
    if (right && row.active === 1) {
      sql(ctx.db, 'UPDATE operators SET failed_attempts = 0, next_attempt_at = NULL, last_sign_in_at = ? WHERE id = ?').run(at.toISOString(), row.id);
      audit(ctx, { name: row.name }, 'session.signed_in', row.id, { role: row.role });
      return 'ok' as const;
    }
    if (right) {
      // The right secret for a deactivated operator: not a guess, so the attempt is forgiven.
      sql(ctx.db, 'UPDATE operators SET failed_attempts = ?, next_attempt_at = NULL WHERE id = ?').run(failures - 1, row.id);
      audit(ctx, { name: row.name }, 'session.signin_refused', row.id, { reason: 'inactive' });
      return 'inactive' as const;
    }
    const lockedOut = failures >= MAX_FAILED_ATTEMPTS;
    const delay = delayAfterFailures(failures);
    sql(ctx.db, 'UPDATE operators SET next_attempt_at = ?, locked_out = ? WHERE id = ?').run(
      delay > 0 ? new Date(at.getTime() + delay * 1000).toISOString() : null,
      lockedOut ? 1 : 0,
      row.id,
    );
    audit(ctx, { name: row.name }, 'session.signin_failed', row.id, { reason: 'wrong_secret', attempts: failures, ...(lockedOut ? { lockedOut } : {}) });
    return lockedOut ? ('locked_out' as const) : ('wrong' as const);
  })();

  if (outcome === 'ok' && reservation.kind === 'try') {
    const { row } = reservation;
    return { id: row.id, name: row.name, role: row.role };
  }
  if (outcome === 'inactive') throw refused('name', 'signin.inactive', 'This operator is no longer active. Ask a supervisor.');
  if (outcome === 'locked_out') {
    throw refused('secret', 'signin.locked_out', 'Too many wrong attempts: this operator is locked out. A supervisor can unlock it.');
  }
  const failures = reservation.kind === 'try' ? reservation.failures : 0;
  const wait = delayAfterFailures(failures);
  throw refused('secret', wait > 0 ? 'signin.wrong_wait' : 'signin.wrong', 'The name or the password/PIN is not right.', { seconds: wait });
}

/** Checks the secret of the operator already signed in (unlocking the screen) with the same counting as sign-in. */
export async function verifyOperator(ctx: CoreContext, id: string, secret: string): Promise<Actor> {
  const row = byId(ctx.db, id);
  if (!row) throw new CoreError('not_found', 'This operator is not in the file.');
  return signIn(ctx, { name: row.name, secret });
}
