import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { CoreError } from '../../../electron/core/errors.js';
import {
  clearLockout,
  createOperator,
  delayAfterFailures,
  getOperator,
  listOperators,
  MAX_FAILED_ATTEMPTS,
  setOperatorSecret,
  signIn,
  updateOperator,
} from '../../../electron/core/access/operators.js';
import { hashSecret, secretProblem, verifySecret } from '../../../electron/core/access/secrets.js';
import { databasePath } from '../../../electron/core/station.js';
import { protectedStation, secretOf, type ProtectedStation } from '../../helpers/protection.js';

/** Operators on a real SQLite file: hashes, sign-in, the growing delay, lockout and who may manage whom. */

async function refusal(promise: Promise<unknown>): Promise<{ code: string; issue?: string; params?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return { code: error.code, issue: error.issues?.[0]?.code, params: error.issues?.[0]?.params };
  }
  throw new Error('expected a refusal');
}

let station: ProtectedStation;
beforeEach(() => {
  station = protectedStation();
});
afterEach(() => station.dispose());

describe('secrets', () => {
  it('are scrypt hashes with their parameters and a salt of their own, compared in constant time', async () => {
    const a = await hashSecret('correct horse');
    const b = await hashSecret('correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifySecret('correct horse', a)).toBe(true);
    expect(await verifySecret('correct horsE', a)).toBe(false);
    expect(await verifySecret('correct horse', 'scrypt$bad')).toBe(false);
  });

  it('refuse short PINs and passwords', () => {
    expect(secretProblem('12345')).toBe('secret.pin_short');
    expect(secretProblem('123456')).toBeNull();
    expect(secretProblem('short')).toBe('secret.password_short');
    expect(secretProblem('long enough')).toBeNull();
  });
});

describe('operators', () => {
  it('never keep the secret in clear in the file or the audit trail', async () => {
    await station.operator('Anna Petrosyan', 'registrar');
    await signIn(station.core.ctx, { name: 'anna petrosyan', secret: secretOf('Anna Petrosyan') });
    station.core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(databasePath(station.dataDir));
    expect(bytes.includes(Buffer.from(secretOf('Anna Petrosyan')))).toBe(false);
    const audit = station.core.ctx.db.prepare('SELECT detail FROM audit_events').pluck().all() as string[];
    expect(audit.join('\n')).not.toContain(secretOf('Anna Petrosyan'));
  });

  it('are found by name whatever the case and spacing, and two cannot share a name', async () => {
    const anna = await station.operator('Anna Petrosyan', 'registrar');
    const actor = await signIn(station.core.ctx, { name: '  ANNA   petrosyan ', secret: secretOf('Anna Petrosyan') });
    expect(actor).toEqual(anna);
    expect(await refusal(createOperator(station.core.ctx, SYSTEM_ACTOR, { name: 'anna petrosyan', role: 'admin', secret: 'another-1' }))).toMatchObject({
      code: 'conflict',
      issue: 'operator.name_taken',
    });
  });

  it('slow down wrong attempts (0, 1, 2, 4, 8 s…) by refusing them early, then lock out until a supervisor clears it', async () => {
    const { ctx } = station.core;
    await station.operator('Karen', 'registrar');
    const supervisor = await station.operator('Lusine', 'supervisor');
    expect([1, 2, 3, 4, 5, 6].map(delayAfterFailures)).toEqual([0, 1, 2, 4, 8, 16]);

    expect(await refusal(signIn(ctx, { name: 'Karen', secret: 'wrong-1' }))).toMatchObject({ code: 'refused', issue: 'signin.wrong' });
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: 'wrong-2' }))).toMatchObject({ issue: 'signin.wrong_wait', params: { seconds: 1 } });
    // Before the delay is over, even the right secret is not checked.
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: secretOf('Karen') }))).toMatchObject({ issue: 'signin.wait', params: { seconds: 1 } });
    station.clock.advance(1);
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: 'wrong-3' }))).toMatchObject({ params: { seconds: 2 } });
    station.clock.advance(1);
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: 'wrong-4' }))).toMatchObject({ issue: 'signin.wait' });
    station.clock.advance(1);
    for (let n = 4; n <= MAX_FAILED_ATTEMPTS; n++) {
      const result = await refusal(signIn(ctx, { name: 'Karen', secret: `wrong-${n}` }));
      expect(result.code).toBe('refused');
      station.clock.advance(delayAfterFailures(n));
    }
    const karen = listOperators(ctx.db).find((o) => o.name === 'Karen')!;
    expect(karen).toMatchObject({ lockedOut: true, failedAttempts: MAX_FAILED_ATTEMPTS });
    station.clock.advance(3600);
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: secretOf('Karen') }))).toMatchObject({ issue: 'signin.locked_out' });

    clearLockout(ctx, supervisor, { id: karen.id });
    expect(await signIn(ctx, { name: 'Karen', secret: secretOf('Karen') })).toMatchObject({ name: 'Karen', role: 'registrar' });
    expect(getOperator(ctx.db, karen.id)).toMatchObject({ failedAttempts: 0, lockedOut: false, nextAttemptAt: null });

    const actions = ctx.db
      .prepare("SELECT action, json_extract(detail, '$.reason') AS reason FROM audit_events WHERE entity = 'operator' AND entity_id = ?")
      .all(karen.id) as { action: string; reason: string | null }[];
    expect(actions.filter((a) => a.action === 'session.signin_failed')).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(actions.filter((a) => a.action === 'session.signin_refused').map((a) => a.reason)).toEqual(['too_soon', 'too_soon', 'locked_out']);
    expect(actions.map((a) => a.action)).toContain('operator.lockout_cleared');
    expect(actions.at(-1)?.action).toBe('session.signed_in');
  });

  it('take as long and answer the same for an unknown name, and record the attempt', async () => {
    expect(await refusal(signIn(station.core.ctx, { name: 'Nobody', secret: 'whatever-1' }))).toMatchObject({ code: 'refused', issue: 'signin.wrong' });
    const event = station.core.ctx.db.prepare('SELECT operator, action, detail FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    expect(event).toMatchObject({ action: 'session.signin_failed', detail: JSON.stringify({ reason: 'unknown_name', name: 'Nobody' }) });
  });

  it('answer attempts sent in parallel with the delay, not with a free guess each', async () => {
    await station.operator('Karen', 'registrar');
    const results = await Promise.all([1, 2, 3, 4].map((n) => refusal(signIn(station.core.ctx, { name: 'Karen', secret: `wrong-${n}` }))));
    expect(results.filter((r) => r.issue === 'signin.wait')).toHaveLength(3);
    expect(getOperator(station.core.ctx.db, listOperators(station.core.ctx.db)[0]!.id).failedAttempts).toBe(1);
  });

  it('cannot sign in once deactivated, and a reset secret works at once', async () => {
    const { ctx } = station.core;
    const admin = await station.operator('Admin', 'admin');
    const karen = await station.operator('Karen', 'registrar');
    updateOperator(ctx, admin, { id: karen.id, active: false });
    expect(await refusal(signIn(ctx, { name: 'Karen', secret: secretOf('Karen') }))).toMatchObject({ issue: 'signin.inactive' });
    updateOperator(ctx, admin, { id: karen.id, active: true });
    await setOperatorSecret(ctx, admin, { id: karen.id, secret: '482916' });
    expect(getOperator(ctx.db, karen.id).secretKind).toBe('pin');
    expect(await signIn(ctx, { name: 'Karen', secret: '482916' })).toMatchObject({ id: karen.id });
  });

  it('are managed by supervisors, except administrators, whom only an administrator manages', async () => {
    const { ctx } = station.core;
    const admin = await station.operator('Admin', 'admin');
    const supervisor = await station.operator('Lusine', 'supervisor');
    const registrar = await station.operator('Karen', 'registrar');
    await expect(createOperator(ctx, supervisor, { name: 'Tigran', role: 'registrar', secret: 'tigran-pass' })).resolves.toMatchObject({ role: 'registrar' });
    expect(await refusal(createOperator(ctx, supervisor, { name: 'Boss', role: 'admin', secret: 'boss-pass-1' }))).toMatchObject({ code: 'forbidden' });
    expect(() => updateOperator(ctx, supervisor, { id: registrar.id, role: 'admin' })).toThrow(/administrator/);
    expect(() => updateOperator(ctx, supervisor, { id: admin.id, active: false })).toThrow(/administrator/);
    expect(await refusal(createOperator(ctx, registrar, { name: 'Friend', role: 'registrar', secret: 'friend-pass' }))).toMatchObject({ code: 'forbidden' });
    expect(() => updateOperator(ctx, admin, { id: admin.id, role: 'registrar' })).toThrow(/your own role/);
    expect(() => updateOperator(ctx, supervisor, { id: supervisor.id, active: false })).toThrow(/deactivate yourself/);
    const secondAdmin = await station.operator('Second', 'admin');
    updateOperator(ctx, secondAdmin, { id: admin.id, active: false });
    expect(() => updateOperator(ctx, admin, { id: secondAdmin.id, active: false })).toThrow(/at least one active administrator/);
  });

  it('have their lockout cleared only by an operator of the same or a higher role', async () => {
    const { ctx } = station.core;
    const admin = await station.operator('Admin', 'admin');
    const supervisor = await station.operator('Lusine', 'supervisor');
    const otherSupervisor = await station.operator('Armen', 'supervisor');
    const registrar = await station.operator('Karen', 'registrar');
    for (let n = 1; n <= MAX_FAILED_ATTEMPTS; n++) {
      await refusal(signIn(ctx, { name: 'Admin', secret: `wrong-${n}` }));
      station.clock.advance(delayAfterFailures(n) + 1);
    }
    expect(getOperator(ctx.db, admin.id)).toMatchObject({ lockedOut: true, failedAttempts: MAX_FAILED_ATTEMPTS });
    // A supervisor clearing it would hand an administrator's password to ten more guesses.
    expect(() => clearLockout(ctx, supervisor, { id: admin.id })).toThrow(CoreError);
    expect(() => clearLockout(ctx, registrar, { id: admin.id })).toThrow(CoreError);
    expect(() => clearLockout(ctx, registrar, { id: otherSupervisor.id })).toThrow(CoreError);
    expect(getOperator(ctx.db, admin.id)).toMatchObject({ lockedOut: true, failedAttempts: MAX_FAILED_ATTEMPTS });
    const cleared = ctx.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'operator.lockout_cleared'").pluck();
    expect(cleared.get()).toBe(0);

    expect(clearLockout(ctx, supervisor, { id: otherSupervisor.id })).toMatchObject({ lockedOut: false });
    expect(clearLockout(ctx, supervisor, { id: registrar.id })).toMatchObject({ lockedOut: false });
    const secondAdmin = await station.operator('Second', 'admin');
    expect(clearLockout(ctx, secondAdmin, { id: admin.id })).toMatchObject({ lockedOut: false, failedAttempts: 0 });
  });
});
