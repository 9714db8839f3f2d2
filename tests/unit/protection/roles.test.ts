import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { methods, type MethodName } from '../../../electron/api/contract.js';
import type { Result } from '../../../electron/api/result.js';
import type { SessionView } from '../../../electron/api/views-protection.js';
import type { Role } from '../../../electron/core/context.js';
import { ADMINS, EVERYONE, PERMISSIONS, SUPERVISORS, type Access } from '../../../electron/core/access/permissions.js';
import { IDLE_GRACE_SECONDS } from '../../../electron/core/access/session.js';
import { createDispatcher, type Dispatcher } from '../../../electron/handlers/dispatch.js';
import { FAMILY, protectedStation, secretOf, type ProtectedStation } from '../../helpers/protection.js';

/**
 * Each method of the contract, called through the dispatcher by each role, against PERMISSIONS
 * (electron/core/access/permissions.ts), the one table of who may do what. A method added to the contract without a line
 * in that table fails here until someone decides who may call it.
 */

const ROLES: readonly Role[] = ['greeter', 'registrar', 'supervisor', 'admin'];
const NAMES: Record<Role, string> = { greeter: 'Gor', registrar: 'Raffi', supervisor: 'Sona', admin: 'Ani' };
const ALL = Object.keys(methods) as MethodName[];
const REFUSALS = ['forbidden', 'unauthenticated', 'locked'];

let station: ProtectedStation;
let dispatcher: Dispatcher;
const logged: string[] = [];

async function signIn(role: Role, connection: string = role): Promise<SessionView> {
  const result = await dispatcher.invoke('session.signIn', { name: NAMES[role], secret: secretOf(NAMES[role]) }, connection);
  if (!result.ok) throw new Error(`${role} could not sign in: ${result.error.message}`);
  return result.value as SessionView;
}

const call = (method: string, input: unknown, connection: string) => dispatcher.invoke(method, input, connection) as Promise<Result<unknown>>;
const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  station = protectedStation();
  for (const role of ROLES) await station.operator(NAMES[role], role);
  dispatcher = createDispatcher(station.core, (message) => logged.push(message));
  for (const role of ROLES) await signIn(role);
});
afterAll(() => station.dispose());

describe('PERMISSIONS', () => {
  it('lists every method of the contract', () => {
    const missing = ALL.filter((m) => PERMISSIONS[m] === undefined);
    expect(missing, 'Add these methods to ROLES_BY_METHOD in electron/api/roles.ts').toEqual([]);
  });

  it('keeps the policy of the roles: what only supervisors and only administrators may do', () => {
    const only = (access: Access | undefined, roles: readonly Role[]) => JSON.stringify(access) === JSON.stringify(roles);
    for (const m of [
      'household.void',
      'household.erase',
      'household.record',
      'batch.exportPlain',
      'operator.create',
      'operator.update',
      'operator.setSecret',
      'operator.clearLockout',
      'audit.verify',
      'audit.recent',
      'report.daily',
    ] as const) {
      expect(only(PERMISSIONS[m], SUPERVISORS), m).toBe(true);
    }
    for (const m of ['settings.update', 'retention.purge', 'batch.installHubKey', 'station.setRole'] as const) {
      expect(only(PERMISSIONS[m], ADMINS), m).toBe(true);
    }
    for (const m of ['household.register', 'household.update', 'search.query', 'slip.print'] as const) {
      expect(only(PERMISSIONS[m], EVERYONE), m).toBe(true);
    }
  });
});

describe('every method, called by every role', () => {
  it.each(ALL)('%s', async (method) => {
    const access = PERMISSIONS[method];
    // Nobody signed in: only what the first run, the sign-in and the lock screens need.
    const anonymous = await call(method, {}, `nobody-${method}`);
    if (access === 'anyone') expect(REFUSALS).not.toContain(code(anonymous));
    else expect(code(anonymous)).toBe('unauthenticated');
    for (const role of ROLES) {
      const result = await call(method, {}, role);
      const allowed = access === 'anyone' || (access ?? []).includes(role);
      if (allowed) expect(REFUSALS, `${role} should be allowed ${method}: ${JSON.stringify(result)}`).not.toContain(code(result));
      else expect(code(result), `${role} should be refused ${method}`).toBe('forbidden');
      // Locking or signing out is what some of these methods do: sign in again for the next one.
      const view = await call('session.status', {}, role);
      if (view.ok && (!(view.value as SessionView).operator || (view.value as SessionView).locked)) await signIn(role);
    }
  });
});

const freshSessions = async () => {
  for (const role of ROLES) await signIn(role);
};

describe('sessions', () => {
  beforeEach(freshSessions);
  it('refuse every method but the anyone ones while the screen is locked, and unlock with the secret', async () => {
    await signIn('registrar', 'locked-desk');
    await call('session.lock', {}, 'locked-desk');
    expect(code(await call('household.recent', {}, 'locked-desk'))).toBe('locked');
    expect(code(await call('session.touch', {}, 'locked-desk'))).toBe('locked');
    expect(await call('session.status', {}, 'locked-desk')).toMatchObject({ ok: true, value: { locked: true, operator: { name: 'Raffi' } } });
    await signIn('registrar', 'locked-desk');
    expect(code(await call('household.recent', {}, 'locked-desk'))).toBe('ok');
  });

  it('lock in core too when the renderer stops reporting activity, however long the screen stays open', async () => {
    await signIn('supervisor', 'idle-desk');
    station.clock.advance(150);
    expect(code(await call('session.touch', {}, 'idle-desk'))).toBe('ok');
    station.clock.advance(180 + IDLE_GRACE_SECONDS - 1);
    expect(code(await call('household.recent', {}, 'idle-desk'))).toBe('ok');
    station.clock.advance(2);
    expect(code(await call('household.recent', {}, 'idle-desk'))).toBe('locked');
    const events = station.core.ctx.db.prepare("SELECT detail FROM audit_events WHERE action = 'session.locked' ORDER BY seq DESC LIMIT 1").pluck().get();
    expect(JSON.parse(events as string)).toEqual({ reason: 'idle' });
  });

  it('name the signed-in operator in the audit trail and the history, and keep each connection apart', async () => {
    await signIn('registrar', 'desk-a');
    const saved = await call('household.register', FAMILY, 'desk-a');
    expect(saved.ok).toBe(true);
    const id = (saved as { value: { id: string } }).value.id;
    const event = station.core.ctx.db.prepare("SELECT operator FROM audit_events WHERE action = 'household.registered' AND entity_id = ?").pluck().get(id);
    expect(event).toBe('Raffi');
    const version = station.core.ctx.db.prepare('SELECT operator, operator_id FROM household_versions WHERE household_id = ?').get(id) as {
      operator: string;
      operator_id: string;
    };
    expect(version.operator).toBe('Raffi');
    expect(version.operator_id).not.toBe('');
    expect(code(await call('household.recent', {}, 'desk-b'))).toBe('unauthenticated');
  });

  it('record each view of a household and each search, by whom', async () => {
    const id = station.register().id;
    await call('household.get', { id }, 'supervisor');
    await call('search.query', { text: 'Hovhannisyan', limit: 10 }, 'supervisor');
    // The search is recorded when it ends (here, at the lock): the persons shown, not the text typed.
    await call('session.lock', {}, 'supervisor');
    const rows = station.core.ctx.db
      .prepare("SELECT operator, action, entity_id AS entityId, detail FROM audit_events WHERE action <> 'session.locked' ORDER BY seq DESC LIMIT 2")
      .all();
    expect(rows).toEqual([
      { operator: 'Sona', action: 'search', entityId: '', detail: expect.stringMatching(/^\{"queries":1,"shown":\["[^"]+"/) },
      { operator: 'Sona', action: 'household.viewed', entityId: id, detail: expect.stringContaining('"version":1') },
    ]);
  });
});

describe("a registrar's own day's work", () => {
  beforeEach(freshSessions);
  it('may be corrected by that registrar on that day only; a supervisor corrects anything', async () => {
    const { core, clock } = station;
    const mine = await call('household.register', FAMILY, 'registrar');
    const { id } = (mine as { value: { id: string } }).value;
    const update = (who: string, version: number) =>
      call('household.update', { id, expectedVersion: version, household: { ...FAMILY, notes: `v${version}` } }, who);
    expect(code(await update('registrar', 1))).toBe('ok');
    const theirs = station.register().id;
    expect(code(await call('household.update', { id: theirs, expectedVersion: 1, household: FAMILY }, 'registrar'))).toBe('forbidden');
    clock.advance(86_400);
    for (const role of ROLES) await signIn(role);
    expect(code(await update('registrar', 2))).toBe('forbidden');
    expect(code(await update('supervisor', 2))).toBe('ok');
    expect(core.ctx.db.prepare('SELECT version FROM households WHERE id = ?').pluck().get(id)).toBe(3);
  });

  it("counts the desk's calendar day, not the UTC date: a family registered at 01:30 in Yerevan is that day's work", async () => {
    const zone = process.env['TZ'];
    process.env['TZ'] = 'Asia/Yerevan';
    try {
      // 21:30 UTC is 01:30 the next day in Yerevan (UTC+4).
      station.clock.now = new Date('2024-10-01T21:30:00.000Z');
      await freshSessions();
      const saved = await call('household.register', FAMILY, 'registrar');
      const { id } = (saved as { value: { id: string } }).value;
      station.clock.advance(3 * 3600);
      await freshSessions();
      expect(code(await call('household.update', { id, expectedVersion: 1, household: FAMILY }, 'registrar'))).toBe('ok');
      station.clock.now = new Date('2024-10-02T20:30:00.000Z');
      await freshSessions();
      expect(code(await call('household.update', { id, expectedVersion: 2, household: FAMILY }, 'registrar'))).toBe('forbidden');
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });
});
