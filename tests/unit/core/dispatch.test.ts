import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../../electron/api/contract.js';
import type { Result } from '../../../electron/api/result.js';
import type { HouseholdDetail, SavedHousehold } from '../../../electron/api/views.js';
import { createDispatcher, type Dispatcher } from '../../../electron/handlers/dispatch.js';
import { cleanupTemp, familyOfFour, makeTempCore, person, rowCounts, type TempCore } from '../../helpers/core.js';

/**
 * The one wrapper every renderer request passes through, driven as the window drives it: known method, input parsed
 * by its schema, errors as values (never a stack), and the change event after a write.
 */

let t: TempCore;
let dispatcher: Dispatcher;
let logged: { message: string; error: unknown }[];
let emitted: { event: EventName; payload: unknown }[];

const ADMIN = { adminName: 'Anahit Admin', secret: 'correct-horse-battery' };

beforeEach(async () => {
  t = makeTempCore();
  logged = [];
  emitted = [];
  dispatcher = createDispatcher(t.core, (message, error) => logged.push({ message, error }));
  dispatcher.onEvent((event, payload) => emitted.push({ event, payload }));
  const setup = await dispatcher.invoke('setup.create', ADMIN);
  expect(setup).toMatchObject({ ok: true, value: { operator: { name: ADMIN.adminName, role: 'admin' }, locked: false } });
  emitted.length = 0;
});
afterEach(cleanupTemp);

function expectError(result: Result<unknown>, code: string) {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected an error');
  expect(result.error.code).toBe(code);
  return result.error;
}

const householdCount = () => rowCounts(t.db, ['households'])['households'];

describe('the dispatcher', () => {
  it('refuses an unknown method with invalid_input, whatever it is called with', async () => {
    for (const method of ['household.delete', '', 42, null, '__proto__', 'constructor', 'toString']) {
      const error = expectError(await dispatcher.invoke(method, {}), 'invalid_input');
      expect(error.message).toMatch(/Unknown method/);
    }
    expect(logged).toEqual([]);
  });

  it('refuses input that does not fit the schema, naming each field by its path, and writes nothing', async () => {
    const input = familyOfFour({
      members: [{ ...person('Արամ', 'Սարգսյան', 'M', '1980-05-12'), sex: 'X' as never }, { ...person('Անի', 'Սարգսյան', 'F', 'yesterday', 'spouse') }],
    });
    const result = await dispatcher.invoke('household.register', input);
    const error = expectError(result, 'invalid_input');
    expect(error.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'members.0.sex' }), expect.objectContaining({ path: 'members.1.birth.date' })]),
    );
    expect(error.issues?.every((i) => i.code.startsWith('invalid.') && i.message.length > 0)).toBe(true);
    expect(householdCount()).toBe(0);
    expect(emitted).toEqual([]);
  });

  it('refuses a missing or empty input for a method that needs one', async () => {
    expect(expectError(await dispatcher.invoke('household.register', undefined), 'invalid_input').issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'members' })]),
    );
    expect(expectError(await dispatcher.invoke('household.get', { id: '' }), 'invalid_input').issues?.[0]?.path).toBe('id');
    // Strict schemas refuse fields they do not know.
    expect(expectError(await dispatcher.invoke('household.get', { id: 'x', sql: 'DROP TABLE persons' }), 'invalid_input').issues).toBeDefined();
  });

  it('passes a broken rule through as rule_broken with its issues, and writes nothing', async () => {
    const result = await dispatcher.invoke('household.register', familyOfFour({ declaredSize: 2 }));
    const error = expectError(result, 'rule_broken');
    expect(error.issues).toEqual([expect.objectContaining({ path: 'declaredSize', code: 'rule.size.mismatch', params: { declared: 2, listed: 4 } })]);
    expect(error.message).toContain('2');
    expect(householdCount()).toBe(0);
    expect(emitted).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('registers, answers ok with the saved household, and tells listeners that households changed', async () => {
    const result = await dispatcher.invoke('household.register', familyOfFour());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const saved = result.value as SavedHousehold;
    expect(saved.version).toBe(1);
    expect(emitted).toEqual([{ event: 'data.changed', payload: { kinds: ['households'] } }]);

    const got = await dispatcher.invoke('household.get', { id: saved.id });
    expect(got.ok).toBe(true);
    if (!got.ok) return;
    const detail = got.value as HouseholdDetail;
    expect(detail).toMatchObject({ id: saved.id, registrationNumber: saved.registrationNumber, version: 1, status: 'active' });
    expect(detail.members.map((m) => m.givenName)).toEqual(['Արամ', 'Անի', 'Դավիթ', 'Մարիամ']);
    expect(detail.members[0]).toMatchObject({ age: 46, dateOfBirth: '1980-05-12', familyNameLatin: 'Sargsyan' });
    // Reading a family's record leaves a trace in the audit trail, under the operator's name.
    expect(t.db.prepare("SELECT operator FROM audit_events WHERE action = 'household.viewed'").pluck().all()).toEqual([ADMIN.adminName]);
  });

  it('answers not_found for a household that is not there', async () => {
    expectError(await dispatcher.invoke('household.get', { id: 'no-such-id' }), 'not_found');
    expect(logged).toEqual([]);
  });

  it('turns an unexpected failure inside a handler into internal, without a stack, and logs it', async () => {
    // A table gone from under the write path: SQLite throws, not core.
    t.db.exec('DROP TABLE change_log');
    const result = await dispatcher.invoke('household.register', familyOfFour());
    const error = expectError(result, 'internal');
    const text = JSON.stringify(result);
    expect(text).not.toMatch(/\bat /);
    expect(text).not.toMatch(/change_log|SqliteError|no such table|\.ts:\d+/);
    expect(error.issues).toBeUndefined();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.message).toContain('household.register');
    expect(String(logged[0]?.error)).toMatch(/change_log/);
    expect(householdCount()).toBe(0);
    expect(emitted).toEqual([]);
  });

  it('turns a closed database into internal, without a stack, and logs it', async () => {
    t.db.close();
    const result = await dispatcher.invoke('household.get', { id: 'anything' });
    const error = expectError(result, 'internal');
    expect(error.message.split('\n')).toHaveLength(1);
    expect(JSON.stringify(result)).not.toMatch(/\bat |database connection is not open|\.ts:\d+/);
    expect(logged.length).toBeGreaterThan(0);
    expect(String(logged[0]?.error)).toMatch(/not open/);
  });

  it('asks who is calling before anything else: a new connection is not signed in', async () => {
    expectError(await dispatcher.invoke('household.register', familyOfFour(), 'another-window'), 'unauthenticated');
    // Even a malformed input learns nothing before sign-in.
    expectError(await dispatcher.invoke('household.register', { nonsense: true }, 'another-window'), 'unauthenticated');
    expect(householdCount()).toBe(0);
  });

  it('stops telling a listener once it unsubscribes', async () => {
    const seen: unknown[] = [];
    const off = dispatcher.onEvent((_event, payload) => seen.push(payload));
    await dispatcher.invoke('household.register', familyOfFour());
    off();
    await dispatcher.invoke('household.register', familyOfFour({ phone: '+374 93 000111' }));
    expect(seen).toHaveLength(1);
    expect(emitted).toHaveLength(2);
  });
});
