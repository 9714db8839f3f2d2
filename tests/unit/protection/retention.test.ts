import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { householdRecord } from '../../../electron/core/audit/access-log.js';
import { verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { decodeSnapshotText } from '../../../electron/core/households/stored-snapshot.js';
import { loadSnapshot, updateHousehold } from '../../../electron/core/households/write.js';
import { updateProtectionSettings, readProtectionSettings } from '../../../electron/core/protection/settings.js';
import { eraseHousehold, previewPurge, purgeExpired, purgedCategories } from '../../../electron/core/protection/retention.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { decryptedBytes, inflatedSnapshots } from '../../helpers/at-rest.js';
import { CANARY_PHONE, FAMILY, protectedStation, type ProtectedStation } from '../../helpers/protection.js';

/**
 * Retention and erasure on a real file: the removed data is gone from the tables, from the history, from the search
 * keys and from the bytes of the database file and its WAL (free pages included), and it leaves as a change the
 * batches carry to the hub.
 */

const CANARY_DIGITS = CANARY_PHONE.replace(/\D/g, '');
const CANARY_NOTE = 'Needs insulin every morning';

/** Every spelling of the canary that could be stored: as typed, as digits, as the reversed search key. */
const traces = [CANARY_PHONE, CANARY_DIGITS, [...CANARY_DIGITS].reverse().join(''), CANARY_DIGITS.slice(-8), CANARY_NOTE];

/** The file is encrypted at rest: its pages are read decrypted (free pages included), beside the raw bytes. */
const bytesOf = decryptedBytes;
const found = (bytes: Buffer) => traces.filter((t) => bytes.includes(Buffer.from(t, 'utf8')));

let station: ProtectedStation;
beforeEach(() => {
  station = protectedStation();
});
afterEach(() => station.dispose());

/** Long notes: the purge rewrites every version that held them. */
const LONG_NOTES = `${CANARY_NOTE}. ${'Dialysis twice a week at the regional hospital; bring the discharge letter. '.repeat(24)}`.trim();

function registerAndCorrect(): string {
  const { core } = station;
  const { id } = station.register({ ...FAMILY, notes: LONG_NOTES });
  // A correction: the canary is now in two versions of the history.
  updateHousehold(core.ctx, SYSTEM_ACTOR, {
    id,
    expectedVersion: 1,
    household: HouseholdSchema.parse({ ...FAMILY, notes: LONG_NOTES, originSettlement: 'Askeran' }),
  });
  return id;
}

describe('retention', () => {
  it.each([
    ["with VACUUM (the administrator's purge)", true],
    ['without VACUUM (the scheduled purge: secure_delete and the checkpoint alone)', false],
  ])('removes expired contact phones and notes everywhere, leaving no trace in the file, the WAL or free pages, %s', (_how, vacuum) => {
    const { core, clock, dataDir } = station;
    const id = registerAndCorrect();
    const keep = station.register({ ...FAMILY, phone: '+374 77 000 111' }).id;
    core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    expect(found(bytesOf(dataDir))).toEqual(traces);
    // The history is stored compressed: the canary's versions are found by inflating what the file holds.
    expect(inflatedSnapshots(decryptedBytes(dataDir)).includes(CANARY_NOTE)).toBe(true);
    expect(searchPersons(core.ctx.db, CANARY_DIGITS.slice(-6), 10, '2024-09-26').map((h) => h.householdId)).toContain(id);

    updateProtectionSettings(core.ctx, SYSTEM_ACTOR, { lockAfterSeconds: 180, retentionDays: { contact: 30, notes: 30, documents: null, address: null } });
    clock.advance(29 * 86_400);
    expect(previewPurge(core.ctx).households).toBe(0);
    clock.advance(2 * 86_400);
    expect(previewPurge(core.ctx)).toMatchObject({ households: 2, byCategory: { contact: 2, notes: 2, documents: 0, address: 0 } });

    const report = purgeExpired(core.ctx, SYSTEM_ACTOR, { vacuum });
    expect(report.households).toBe(2);
    const now = loadSnapshot(core.ctx.db, id);
    expect(now).toMatchObject({ version: 3, household: { phone: '', notes: '', originSettlement: 'Askeran' } });
    expect(now.household.members.map((m) => [m.phone, m.notes])).toEqual([
      ['', ''],
      ['', ''],
    ]);
    // Documents were not due: they stay.
    expect(now.household.members[1]?.documents).toEqual([{ type: 'birth_certificate', number: 'BC-998877' }]);
    const versions = core.ctx.db
      .prepare('SELECT version, action, reason, snapshot FROM household_versions WHERE household_id = ? ORDER BY version')
      .all(id) as { version: number; action: string; reason: string; snapshot: Buffer }[];
    expect(versions.map((v) => v.action)).toEqual(['registered', 'edited', 'purged']);
    expect(purgedCategories(versions[2]!.reason)).toEqual(['contact', 'notes']);
    for (const v of versions) expect(decodeSnapshotText(v.snapshot)).not.toContain(CANARY_PHONE);
    expect(core.ctx.db.prepare('SELECT op FROM change_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1').pluck().get(id)).toBe('purged');
    expect(searchPersons(core.ctx.db, CANARY_DIGITS.slice(-6), 10, '2024-10-27')).toEqual([]);
    const actions = core.ctx.db.prepare("SELECT action FROM audit_events WHERE action IN ('household.purged', 'retention.purged')").pluck().all();
    expect(actions).toEqual(['household.purged', 'household.purged', 'retention.purged']);
    expect(verifyAuditChain(core.ctx.db).ok).toBe(true);

    // The bytes: the database file and the WAL as they are now, with the app still open, then after it closed.
    if (vacuum) expect(core.ctx.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(found(bytesOf(dataDir))).toEqual([]);
    core.close();
    expect(found(bytesOf(dataDir))).toEqual([]);
    expect(keep).toBeTruthy();
  });

  it('does nothing while every period is off, and a second purge finds nothing left', () => {
    const { core, clock } = station;
    registerAndCorrect();
    clock.advance(400 * 86_400);
    expect(readProtectionSettings(core.ctx.db).retentionDays).toEqual({ contact: null, notes: null, documents: null, address: null });
    expect(purgeExpired(core.ctx, SYSTEM_ACTOR).households).toBe(0);
    updateProtectionSettings(core.ctx, SYSTEM_ACTOR, { lockAfterSeconds: 180, retentionDays: { contact: 1, notes: null, documents: 1, address: 1 } });
    expect(purgeExpired(core.ctx, SYSTEM_ACTOR).households).toBe(1);
    expect(purgeExpired(core.ctx, SYSTEM_ACTOR).households).toBe(0);
  });
});

describe('the rights of a family', () => {
  it('to read what is held about them: every field, the changes, and who looked, itself recorded', () => {
    const { core } = station;
    const id = registerAndCorrect();
    const record = householdRecord(core.ctx, { id: 'sup', name: 'Sona', role: 'supervisor' }, id);
    expect(record.household).toMatchObject({ phone: CANARY_PHONE, originSettlement: 'Askeran', notes: LONG_NOTES });
    expect(record.members[0]).toMatchObject({ givenName: 'Anahit', familyName: 'Hovhannisyan', notes: 'Speaks Russian', phone: '+374 98 112 233' });
    expect(record.members[1]).toMatchObject({ documents: [{ type: 'birth_certificate', number: 'BC-998877' }] });
    expect(record.members[0]).not.toHaveProperty('id');
    expect(record.versions.map((v) => v.action)).toEqual(['registered', 'edited']);
    expect(record.accesses.map((a) => a.action)).toEqual(['household.registered', 'household.edited']);
    expect(householdRecord(core.ctx, { id: 'sup', name: 'Sona', role: 'supervisor' }, id).accesses.at(-1)).toMatchObject({
      operator: 'Sona',
      action: 'household.record_printed',
    });
  });

  it('to be erased on request: gone from the file and its WAL, sent to the hub as a deletion, recorded', () => {
    const { core, dataDir } = station;
    const id = registerAndCorrect();
    const other = station.register({ ...FAMILY, phone: '+374 55 100 200', notes: '' }).id;
    const erased = eraseHousehold(core.ctx, { id: 'sup', name: 'Sona', role: 'supervisor' }, { id, reason: 'Asked by the head of family at desk 2' });
    expect(erased.registrationNumber).toMatch(/-/);
    expect(() => loadSnapshot(core.ctx.db, id)).toThrow(/not in the file/);
    expect(core.ctx.db.prepare('SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.id = ?').pluck().get(id)).toBe(0);
    expect(core.ctx.db.prepare('SELECT count(*) FROM household_versions WHERE household_id = ?').pluck().get(id)).toBe(0);
    expect(core.ctx.db.prepare('SELECT version, op FROM change_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1').get(id)).toEqual({
      version: 3,
      op: 'deleted',
    });
    expect(
      core.ctx.db.prepare("SELECT operator, json_extract(detail, '$.registrationNumber') AS number FROM audit_events WHERE action = 'household.erased'").get(),
    ).toEqual({ operator: 'Sona', number: erased.registrationNumber });
    expect(loadSnapshot(core.ctx.db, other).household.phone).toBe('+374 55 100 200');
    expect(found(bytesOf(dataDir))).toEqual([]);
  });
});
