import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../electron/api/views-protection.js';
import { givenKeyProvider } from '../../../electron/core/db/key-provider.js';
import { appKeyGate, unwrapDatabaseKey } from '../../../electron/core/protection/app-keys.js';
import { databaseFile } from '../../../electron/core/protection/at-rest.js';
import { plainKeyPath } from '../../../electron/core/protection/database-keys.js';
import { initDataDir } from '../../../electron/core/station.js';
import { openDesk, type Desk } from '../../../electron/handlers/desk.js';
import { gateDesk } from '../../../electron/worker/key-gate.js';
import { harnessKeyStore } from '../../../electron/web/key-store.js';
import { cleanupTemp, familyOfFour, tempDir } from '../../helpers/core.js';

/**
 * The app's start-up on real files: the OS key store (a stand-in that seals with a secret outside the folder), the
 * start-up passphrase where the store keeps no secrets, the recovery code on another computer, and what the
 * administrator can change. The renderer sees exactly these answers through the same dispatcher.
 */

const PASSPHRASE = 'river stones at dusk';
const ADMIN = { adminName: 'Anna Admin', secret: 'correct-horse-battery' };
const desks: Desk[] = [];
afterEach(() => {
  for (const desk of desks.splice(0)) desk.close();
  cleanupTemp();
});

/** The desk behind the start-up gate, as the app's main process holds it (here with the core in-process). */
function open(dataDir: string, store: string): Desk {
  let inner: Desk | undefined;
  const dispatcher = gateDesk({
    gate: appKeyGate(dataDir, harnessKeyStore(store)),
    log: () => {},
    open: async (keys, takeRecoveryCode) => {
      const given = unwrapDatabaseKey(dataDir, keys);
      inner = openDesk({ dataDir, keys: given && givenKeyProvider(given), recoveryCode: takeRecoveryCode(), purgeEveryHours: 0, log: () => {} });
      return inner.dispatcher;
    },
  });
  const desk: Desk = { dispatcher, core: () => inner?.core(), close: () => inner?.close() };
  desks.push(desk);
  return desk;
}
async function call<T = unknown>(desk: Desk, method: string, input: unknown = {}): Promise<T> {
  const result = await desk.dispatcher.invoke(method, input);
  if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), { error: result.error });
  return result.value as T;
}
async function refusal(desk: Desk, method: string, input: unknown = {}) {
  const result = await desk.dispatcher.invoke(method, input);
  if (result.ok) throw new Error(`${method} was not refused`);
  return result.error;
}
const firstRun = (desk: Desk) => call<SessionView>(desk, 'setup.create', { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1', ...ADMIN });
const close = (desk: Desk) => desks.splice(desks.indexOf(desk), 1)[0]!.close();

describe('the app on a computer whose key store keeps no secrets (start-up passphrase)', { timeout: 180_000 }, () => {
  it('sets a passphrase at the first start, shows the recovery code once, and opens only with the passphrase', async () => {
    const dir = tempDir('intake-start-');
    const first = open(dir, 'none');
    expect(await call<SessionView>(first, 'session.status')).toMatchObject({ unlock: 'set-passphrase', keyStore: false, operator: null });
    // Nothing else answers while the file is locked.
    expect((await refusal(first, 'household.recent')).code).toBe('locked');
    expect((await refusal(first, 'startup.unlock', { newPassphrase: 'short' })).issues?.[0]).toMatchObject({
      path: 'newPassphrase',
      code: 'keys.passphrase.short',
    });
    expect(await call<SessionView>(first, 'startup.unlock', { newPassphrase: PASSPHRASE })).toMatchObject({ setup: 'station', unlock: null });
    const admin = await firstRun(first);
    expect(admin).toMatchObject({ operator: { role: 'admin' }, recoveryCodePending: true });
    const { code } = await call<{ code: string }>(first, 'keys.pendingRecoveryCode');
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5}){5}$/);
    expect(await call<SessionView>(first, 'keys.recoveryCodeSeen')).toMatchObject({ recoveryCodePending: false });
    expect(await call(first, 'keys.pendingRecoveryCode')).toEqual({ code: null });
    await call(first, 'household.register', familyOfFour());
    close(first);

    // The next start: only the passphrase (or the recovery code) opens it; a wrong one is refused at its field.
    const again = open(dir, 'none');
    expect(await call<SessionView>(again, 'session.status')).toMatchObject({ unlock: 'passphrase' });
    expect((await refusal(again, 'startup.unlock', { passphrase: 'river stones at dawn' })).issues?.[0]).toMatchObject({
      path: 'passphrase',
      code: 'keys.passphrase.wrong',
    });
    expect((await refusal(again, 'startup.unlock', {})).issues?.[0]).toMatchObject({ path: 'passphrase' });
    expect(await call<SessionView>(again, 'startup.unlock', { passphrase: PASSPHRASE })).toMatchObject({ unlock: null, setup: null, operator: null });
    await call(again, 'session.signIn', { name: ADMIN.adminName, secret: ADMIN.secret });
    expect(await call<{ total: number }>(again, 'household.recent')).toMatchObject({ total: 1 });
    close(again);

    // The recovery code opens it too (on this computer, keeping its passphrase).
    const byCode = open(dir, 'none');
    expect((await refusal(byCode, 'startup.unlock', { recoveryCode: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-F' })).issues?.[0]).toMatchObject({
      path: 'recoveryCode',
      code: 'keys.recovery.wrong',
    });
    expect(await call<SessionView>(byCode, 'startup.unlock', { recoveryCode: code.toLowerCase().replaceAll('-', ' ') })).toMatchObject({ unlock: null });
  });

  it('lets the administrator change the passphrase (the old one stops opening) and make a new recovery code (the old one stops too)', async () => {
    const dir = tempDir('intake-start-');
    const first = open(dir, 'none');
    await call(first, 'startup.unlock', { newPassphrase: PASSPHRASE });
    await firstRun(first);
    const { code: oldCode } = await call<{ code: string }>(first, 'keys.pendingRecoveryCode');
    expect(await call(first, 'keys.status')).toEqual({ keptBy: 'passphrase', passphrase: true, recoveryCode: true, recoveryCodePending: true });
    expect((await refusal(first, 'keys.changePassphrase', { current: 'not the passphrase', next: 'a new long passphrase' })).issues?.[0]).toMatchObject({
      path: 'current',
      code: 'keys.passphrase.wrong',
    });
    expect((await refusal(first, 'keys.changePassphrase', { current: PASSPHRASE, next: 'short' })).issues?.[0]).toMatchObject({ path: 'next' });
    await call(first, 'keys.changePassphrase', { current: PASSPHRASE, next: 'a new long passphrase' });
    const { code: newCode } = await call<{ code: string }>(first, 'keys.newRecoveryCode');
    expect(newCode).not.toBe(oldCode);
    // The code waiting to be shown was the old one: it is not offered any more.
    expect(await call(first, 'keys.pendingRecoveryCode')).toEqual({ code: null });
    const actions = (await call<{ action: string; detail: unknown }[]>(first, 'audit.recent', { limit: 20 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['keys.passphrase_changed', 'keys.recovery_code_replaced']));
    close(first);
    // Nothing secret reached the trail or the key file in the clear.
    const ring = readFileSync(join(dir, 'keys', 'database-key.json'), 'utf8');
    for (const secret of [PASSPHRASE, 'a new long passphrase', newCode, oldCode]) expect(ring).not.toContain(secret);

    const later = open(dir, 'none');
    expect((await refusal(later, 'startup.unlock', { passphrase: PASSPHRASE })).issues?.[0]).toMatchObject({ code: 'keys.passphrase.wrong' });
    expect((await refusal(later, 'startup.unlock', { recoveryCode: oldCode })).issues?.[0]).toMatchObject({ code: 'keys.recovery.wrong' });
    await call(later, 'startup.unlock', { recoveryCode: newCode });
    close(later);
    const withNew = open(dir, 'none');
    expect(await call<SessionView>(withNew, 'startup.unlock', { passphrase: 'a new long passphrase' })).toMatchObject({ unlock: null });
  });
});

describe('the app on a computer with a key store', { timeout: 180_000 }, () => {
  it('opens by itself, shows the recovery code once to the administrator, and on another computer opens only by that code', async () => {
    const dir = tempDir('intake-start-');
    const machineA = join(tempDir('intake-machine-'), 'store');
    const first = open(dir, `machine:${machineA}`);
    expect(await call<SessionView>(first, 'session.status')).toMatchObject({ setup: 'station', unlock: null });
    await firstRun(first);
    const { code } = await call<{ code: string }>(first, 'keys.pendingRecoveryCode');
    expect(await call(first, 'keys.status')).toMatchObject({ keptBy: 'os-store', passphrase: false, recoveryCode: true });
    // The administrator has not written it down yet: a registrar signing in is not shown it.
    await call(first, 'operator.create', { name: 'Rita Registrar', role: 'registrar', secret: 'registrar-secret-1' });
    await call(first, 'session.signIn', { name: 'Rita Registrar', secret: 'registrar-secret-1' });
    expect(await call<SessionView>(first, 'session.status')).toMatchObject({ recoveryCodePending: false });
    expect((await refusal(first, 'keys.pendingRecoveryCode')).code).toBe('forbidden');
    close(first);
    expect(await call<SessionView>(open(dir, `machine:${machineA}`), 'session.status')).toMatchObject({ unlock: null, setup: null });
    close(desks[0]!);

    // The folder copied to another computer: its store cannot unseal the key; the recovery code opens the file and
    // (no passphrase being set on a computer with a store) seals the key for that computer's store.
    const copy = tempDir('intake-copy-');
    cpSync(dir, copy, { recursive: true });
    const machineB = join(tempDir('intake-machine-'), 'store');
    const elsewhere = open(copy, `machine:${machineB}`);
    expect(await call<SessionView>(elsewhere, 'session.status')).toMatchObject({ unlock: 'recovery', keyStore: true });
    expect((await refusal(elsewhere, 'startup.unlock', {})).issues?.[0]).toMatchObject({ path: 'recoveryCode' });
    await call(elsewhere, 'startup.unlock', { recoveryCode: code });
    await call(elsewhere, 'session.signIn', { name: ADMIN.adminName, secret: ADMIN.secret });
    close(elsewhere);
    expect(await call<SessionView>(open(copy, `machine:${machineB}`), 'session.status')).toMatchObject({ unlock: null });
  });

  it('says the file could not be opened when the store opens the key but the file does not, rather than asking for a passphrase', async () => {
    const dir = tempDir('intake-start-');
    const machine = `machine:${join(tempDir('intake-machine-'), 'store')}`;
    const first = open(dir, machine);
    await firstRun(first);
    close(first);
    writeFileSync(databaseFile(dir), randomBytes(8192));
    const damaged = open(dir, machine);
    const refused = await refusal(damaged, 'session.status');
    expect(refused.code).toBe('internal');
    expect((await refusal(damaged, 'startup.unlock', { passphrase: 'anything at all' })).code).toBe('internal');
  });

  it('moves a folder made by the CLI into the store at the first start and deletes the plain key file', async () => {
    const dir = tempDir('intake-start-');
    initDataDir(dir, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 2' });
    expect(existsSync(plainKeyPath(dir))).toBe(true);
    const desk = open(dir, `machine:${join(tempDir('intake-machine-'), 'store')}`);
    expect(await call<SessionView>(desk, 'session.status')).toMatchObject({ setup: 'admin', unlock: null });
    expect(existsSync(plainKeyPath(dir))).toBe(false);
    expect(existsSync(databaseFile(dir))).toBe(true);
    const admin = await call<SessionView>(desk, 'setup.create', ADMIN);
    expect(admin.recoveryCodePending).toBe(true);
  });
});
