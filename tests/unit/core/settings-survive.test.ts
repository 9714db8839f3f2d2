import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { methods, type MethodInput, type MethodName } from '../../../electron/api/contract.js';
import { installedHubKey } from '../../../electron/core/batch/keys.js';
import { intervalMinutes, readSetting } from '../../../electron/core/batch/settings.js';
import type { DB } from '../../../electron/core/db/open.js';
import { sql } from '../../../electron/core/db/statements.js';
import { lockAfterSeconds, readProtectionSettings } from '../../../electron/core/protection/settings.js';
import { slipSettings } from '../../../electron/core/intake/slips.js';
import { createDispatcher, type Dispatcher } from '../../../electron/handlers/dispatch.js';
import { cleanupTemp, familyOfFour, makeTempCore, tempDir, type TempCore } from '../../helpers/core.js';

/**
 * Settings live in one table and are read through one cached statement. A reader that switched that shared
 * statement's mode (slips used `.pluck()` on it) made every later read come back "not set" until a restart: the idle
 * lock fell back to its default, retention read as none, the hub key as missing. These tests store settings, do what
 * the app does, and check every setting still reads what is stored.
 */

let t: TempCore;
afterEach(cleanupTemp);

const HUB_KEY = Buffer.alloc(32, 7).toString('base64');

/** Every row of the settings table, read without the statement cache. */
const stored = (db: DB): Record<string, string> =>
  Object.fromEntries(db.prepare('SELECT key, value FROM settings ORDER BY key').raw().all() as [string, string][]);

function storeSettings(db: DB): void {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  put.run('protection.lockAfterSeconds', '420');
  put.run('retention.contactDays', '30');
  put.run('batch.intervalMinutes', '7');
  put.run('hub.publicKey', HUB_KEY);
  put.run('hub.keyInstalledAt', '2026-11-20T08:00:00.000Z');
  put.run('slip.contact', 'Hotline 1234');
}

function expectEverySettingReadsWhatIsStored(db: DB): void {
  const rows = stored(db);
  expect(Object.keys(rows).length).toBeGreaterThan(3);
  for (const [key, value] of Object.entries(rows)) expect(readSetting(db, key), key).toBe(value);
  expect(lockAfterSeconds(db)).toBe(Number(rows['protection.lockAfterSeconds']));
  expect(readProtectionSettings(db).lockAfterSeconds).toBe(Number(rows['protection.lockAfterSeconds']));
  if (rows['retention.contactDays']) expect(readProtectionSettings(db).retentionDays.contact).toBe(Number(rows['retention.contactDays']));
  if (rows['batch.intervalMinutes']) expect(intervalMinutes(db)).toBe(Number(rows['batch.intervalMinutes']));
  if (rows['hub.publicKey']) expect(installedHubKey(db)?.publicKey).toBe(rows['hub.publicKey']);
  expect(slipSettings(db).contact).toBe(rows['slip.contact'] ?? '');
}

describe('settings after a slip is read', () => {
  beforeEach(() => {
    t = makeTempCore();
    storeSettings(t.db);
  });

  it('the idle lock, retention, batch interval and hub key still read what is stored', () => {
    expect(slipSettings(t.db).contact).toBe('Hotline 1234');
    expect(lockAfterSeconds(t.db)).toBe(420);
    expect(readProtectionSettings(t.db).retentionDays.contact).toBe(30);
    expect(installedHubKey(t.db)?.publicKey).toBe(HUB_KEY);
    expectEverySettingReadsWhatIsStored(t.db);
  });
});

describe('the statement cache', () => {
  beforeEach(() => {
    t = makeTempCore();
  });

  it('never lets a caller change the mode of a shared statement', () => {
    const text = 'SELECT key, value FROM settings WHERE key = ?';
    t.db.prepare("INSERT INTO settings (key, value) VALUES ('x', 'y')").run();
    const plucked = sql(t.db, text).pluck();
    const raw = sql(t.db, text).raw();
    expect(plucked.get('x')).toBe('x');
    expect(raw.get('x')).toEqual(['x', 'y']);
    expect(sql(t.db, text).get('x')).toEqual({ key: 'x', value: 'y' });
    // Asking again gives the same prepared statement for the same mode, and turning a mode off gives the plain one.
    expect(sql(t.db, text).pluck()).toBe(plucked);
    expect(plucked.pluck(false)).toBe(sql(t.db, text));
    expect(plucked.raw()).toBe(raw);
    expect(sql(t.db, text).pluck().get('x')).toBe('x');
    expect(() => sql(t.db, text).bind('x')).toThrow(/bind/);
  });
});

describe('every dispatcher method, then the settings', () => {
  let dispatcher: Dispatcher;

  beforeEach(async () => {
    t = makeTempCore();
    dispatcher = createDispatcher(t.core, () => undefined);
    const setup = await dispatcher.invoke('setup.create', { adminName: 'Anahit Admin', secret: 'correct-horse-battery' });
    expect(setup.ok).toBe(true);
    storeSettings(t.db);
  });

  it('leaves every setting reading what is stored (errors from the calls are fine)', async () => {
    const saved = await dispatcher.invoke('household.register', familyOfFour());
    if (!saved.ok) throw new Error(saved.error.message);
    const { id } = saved.value as { id: string };
    const folder = tempDir('intake-settings-');
    const retention = { contact: 40, notes: null, documents: null, address: null };
    // One minimal valid input per method; the type makes a new method of the contract fail here until it is listed.
    const inputs: { [M in MethodName]: MethodInput<M> } = {
      'station.info': {},
      'household.register': familyOfFour(),
      'household.get': { id },
      'household.history': { id },
      'household.recent': {},
      'search.query': { text: 'Սարգսյան' },
      'stats.summary': {},
      'draft.save': { payload: '{}' },
      'draft.load': {},
      'draft.clear': {},
      'names.transliterate': { texts: ['Արամ'] },
      'household.update': { id, expectedVersion: 1, household: familyOfFour({ notes: 'corrected' }) },
      'batch.overview': {},
      'batch.installHubKey': { publicKey: HUB_KEY },
      'batch.export': { folder },
      'batch.exportPlain': { folder, confirm: true },
      'batch.setSchedule': { intervalMinutes: 9, folder: '' },
      'hub.overview': {},
      'hub.import': { path: `${folder}/not-a.batch` },
      'hub.importFile': { path: `${folder}/missing.batch` },
      'hub.importFolder': { files: [{ path: `${folder}/missing.ibatch`, name: 'missing.ibatch' }] },
      'duplicates.check': { person: { givenName: 'Արամ', familyName: 'Սարգսյան' } },
      'duplicates.queue': {},
      'duplicates.review': {},
      'duplicates.resolve': { personA: 'a', personB: 'b', decision: 'same' },
      'hub.enrol': { fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000', confirm: true },
      'hubDuplicates.queue': { status: 'open', limit: 50, offset: 0 },
      'hubDuplicates.decide': { personA: 'a', personB: 'b', decision: 'linked', note: '' },
      'hubDuplicates.undo': { personA: 'a', personB: 'b', note: '' },
      'hubDuplicates.checkNow': {},
      'jobs.status': {},
      'jobs.cancel': { id: 1 },
      'tracing.search': { name: 'Սարգսյան' },
      'lists.preview': { fileName: 'list.csv', text: 'given_name,family_name\nAni,Petrosyan\n' },
      'lists.import': { fileName: 'list.csv', text: 'given_name,family_name\nAni,Petrosyan\n' },
      'slip.get': { id },
      'slip.print': { id, language: 'en', layout: 'a4' },
      'slip.settings.get': {},
      'slip.settings.save': { nextSteps: { en: 'Go to tent 4', hy: '', ru: '' }, contact: 'Hotline 5678' },
      'report.daily': { date: '2026-11-20' },
      'report.dashboard': {},
      'session.status': {},
      'setup.create': { adminName: 'Second Admin', secret: 'correct-horse-battery' },
      'session.signIn': { name: 'Anahit Admin', secret: 'correct-horse-battery' },
      'session.touch': {},
      'operator.changeOwnSecret': { current: 'wrong-secret-1', secret: 'another-horse-battery' },
      'operator.list': {},
      'operator.create': { name: 'Raffi', role: 'registrar', secret: 'raffi-secret-1' },
      'operator.update': { id: 'nobody' },
      'operator.setSecret': { id: 'nobody', secret: 'raffi-secret-2' },
      'operator.clearLockout': { id: 'nobody' },
      'audit.verify': {},
      'audit.recent': {},
      'settings.get': {},
      'settings.update': { lockAfterSeconds: 600, retentionDays: retention },
      'retention.preview': {},
      'retention.purge': {},
      'household.record': { id },
      'sync.status': {},
      'sync.now': {},
      'sync.settings': {},
      'sync.configure': { hubUrl: '', intervalSeconds: 60 },
      'sync.pinReceiptKey': { publicKey: HUB_KEY },
      'sync.forgetReceiptKey': {},
      'sync.retryRefused': {},
      'hub.configureServing': { enrolmentOpen: false, servePort: null, serveHost: '127.0.0.1' },
      'station.setRole': { role: 'station' },
      'household.void': { id, expectedVersion: 2, reason: 'entered twice' },
      'household.erase': { id, reason: 'asked by the family' },
      'startup.unlock': {},
      'keys.status': {},
      'keys.changePassphrase': { current: 'not the passphrase', next: 'a long enough passphrase' },
      'keys.newRecoveryCode': {},
      'keys.pendingRecoveryCode': {},
      'keys.recoveryCodeSeen': {},
      'queue.issue': { householdSize: 4, language: 'hy', priority: ['older_person'], headName: 'Արամ Սարգսյան' },
      'queue.ticket': { id: 'missing' },
      'queue.cancel': { id: 'missing' },
      'queue.doorRefused': {},
      'queue.callNext': {},
      'queue.current': {},
      'queue.recall': { id: 'missing' },
      'queue.skip': { id: 'missing' },
      'queue.noShow': { id: 'missing' },
      'queue.finish': { id: 'missing' },
      'queue.sendToDesk': { id: 'missing', desk: 'Desk 2' },
      'queue.board': {},
      'queue.watch': {},
      'queue.overview': {},
      'queue.waiting': {},
      'queue.endDay': { carry: true },
      'queue.settings': {},
      'queue.saveSettings': { prefix: 'A', desk: 'Desk 1', doorClosesAt: '17:00', defaultServiceMinutes: 5 },
      'queue.lanSettings': {},
      'queue.saveLanSettings': { listen: '', hostUrl: '', hostFingerprint: '', leaseSize: 3, leaseMinutes: 30 },
      'queue.members': {},
      'queue.admitMember': { fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000', label: 'Desk 2', role: 'desk' },
      'queue.revokeMember': { fingerprint: '0000 0000 0000 0000 0000 0000 0000 0000' },
      'queue.hostStatus': {},
      'session.lock': {},
      'session.signOut': {},
    };
    expect(Object.keys(inputs).sort()).toEqual(Object.keys(methods).sort());
    const outcomes: Record<string, string> = {};
    for (const [method, input] of Object.entries(inputs)) {
      const result = await dispatcher.invoke(method, input);
      // A refusal by the schema (not by core) says so in its message: the input below would then need mending.
      outcomes[method] = result.ok ? 'ok' : result.error.message.startsWith('Some fields are missing') ? 'schema' : result.error.code;
      // Between calls, not only at the end: a reader that breaks the others shows at the method that did it.
      expectEverySettingReadsWhatIsStored(t.db);
    }
    // The calls reached their handlers (errors are fine, but not refusals for the session or the input's form).
    expect(Object.entries(outcomes).filter(([, code]) => ['schema', 'unauthenticated', 'forbidden', 'internal'].includes(code))).toEqual([]);
    expect(stored(t.db)['protection.lockAfterSeconds']).toBe('600');
  }, 120_000);
});
