import { copyFileSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBatch, listBatches } from '../../../electron/core/batch/export.js';
import { importBatch, missingRanges } from '../../../electron/core/batch/import.js';
import { hubKeyPath, installHubKey } from '../../../electron/core/batch/keys.js';
import { knownStations } from '../../../electron/core/batch/overview.js';
import { loadSnapshot, updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { decodeSnapshot } from '../../../electron/core/households/stored-snapshot.js';
import { readProtectionSettings, updateProtectionSettings } from '../../../electron/core/protection/settings.js';
import { purgeExpired } from '../../../electron/core/protection/retention.js';
import { householdHistory } from '../../../electron/core/households/read.js';
import { searchPersons } from '../../../electron/core/search/persons.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import type { BatchView, ImportOutcome } from '../../../electron/api/views-batches.js';
import { family, site, tableCounts, type Desk, type Site } from '../../helpers/batches.js';

let s: Site;
beforeEach(() => {
  s = site();
});
afterEach(() => s.dispose());

function exportTo(desk: Desk, folder: string): BatchView {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder });
  if (!outcome.exported) throw new Error('nothing was exported');
  return outcome.batch;
}

function importFile(hub: Desk, batch: BatchView): ImportOutcome {
  return importBatch(hub.core.ctx, s.actor, readFileSync(batch.filePath), { acceptNewStation: true });
}

const names = (hub: Desk, query: string) => searchPersons(hub.core.ctx.db, query, 20, '2024-09-26').map((h) => h.name);

describe('two stations and a hub', () => {
  it('merges batches from both stations: searchable, counted, stations known, nothing missing', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    const b = s.station('Desk 2', 'KPN2');
    for (const desk of [a, b]) installHubKey(desk.core.ctx, s.actor, hub.publicKey);
    a.register(family('Anahit', 'Hovhannisyan'));
    a.register(family('Սոնա', 'Մկրտչյան'));
    b.register(family('Людмила', 'Григорян'));
    const stick = s.folder('stick');

    const fromA = importFile(hub, exportTo(a, stick));
    const fromB = importFile(hub, exportTo(b, stick));

    expect(fromA).toMatchObject({ status: 'imported', firstUse: true, applied: 2, skipped: 0, households: 2, persons: 4, missing: [] });
    expect(fromB).toMatchObject({ status: 'imported', firstUse: true, applied: 1, households: 1, persons: 2 });
    const stats = computeStats(hub.core.ctx.db);
    expect(stats.households).toBe(3);
    expect(stats.persons).toBe(6);
    expect(names(hub, 'Hovhannisyan')).toContain('Anahit Hovhannisyan');
    expect(names(hub, 'Mkrtchyan')).toContain('Սոնա Մկրտչյան');
    expect(names(hub, 'Grigoryan')).toContain('Людмила Григорян');
    const stations = knownStations(hub.core.ctx.db);
    expect(stations.map((k) => k.label).sort()).toEqual(['Desk 1', 'Desk 2']);
    expect(stations.every((k) => k.missing.length === 0 && k.batches === 1)).toBe(true);
    // The station's audit events travelled with the batch, and the hub recorded the import in its own trail.
    expect(fromA.status === 'imported' && fromA.events).toBeGreaterThanOrEqual(2);
    expect(hub.core.ctx.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'batch.imported'").pluck().get()).toBe(2);
  });

  it('an edit on a station arrives in the next batch and wins over the older version; a void follows', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    const saved = a.register(family('Anahit', 'Hovhannisyan'));
    const stick = s.folder('stick');
    const first = exportTo(a, stick);
    importFile(hub, first);

    s.clock.advance(30);
    const corrected = HouseholdSchema.parse(family('Anahit', 'Hovhannisyan', { phone: '+374 91 000111' }));
    corrected.members[0]!.givenName = 'Anahid';
    updateHousehold(a.core.ctx, s.actor, { id: saved.id, expectedVersion: 1, household: corrected });
    const second = exportTo(a, stick);
    expect(second.sequenceFrom).toBe(first.sequenceTo + 1);
    const result = importFile(hub, second);

    expect(result).toMatchObject({ status: 'imported', applied: 1, skipped: 0, firstUse: false, missing: [] });
    const atHub = loadSnapshot(hub.core.ctx.db, saved.id);
    expect(atHub.version).toBe(2);
    expect(atHub.household.members[0]?.givenName).toBe('Anahid');
    expect(atHub.household.phone).toBe('+374 91 000111');
    expect(householdHistory(hub.core.ctx.db, saved.id).map((h) => h.version)).toEqual([1, 2]);
    expect(names(hub, 'Anahid')).toContain('Anahid Hovhannisyan');

    voidHousehold(a.core.ctx, s.actor, { id: saved.id, expectedVersion: 2, reason: 'Registered twice' });
    importFile(hub, exportTo(a, stick));
    expect(loadSnapshot(hub.core.ctx.db, saved.id)).toMatchObject({ version: 3, status: 'voided', voidReason: 'Registered twice' });
    expect(computeStats(hub.core.ctx.db).households).toBe(0);
  });

  it('the same batch imported twice changes nothing and answers with the same receipt', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    a.register(family('Anahit', 'Hovhannisyan'));
    const batch = exportTo(a, s.folder('stick'));
    const first = importFile(hub, batch);
    const before = tableCounts(hub.core.ctx.db);
    s.clock.advance(5);
    const again = importFile(hub, batch);

    expect(again.status).toBe('duplicate');
    expect(again.status !== 'confirm_station' && first.status !== 'confirm_station' && again.receipt).toEqual(
      first.status !== 'confirm_station' && first.receipt,
    );
    expect(tableCounts(hub.core.ctx.db)).toEqual(before);
  });

  it('a replayed older batch is harmless: the newer version stays', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    const saved = a.register(family('Anahit', 'Hovhannisyan'));
    const stick = s.folder('stick');
    const older = exportTo(a, stick);
    const edited = HouseholdSchema.parse(family('Anahit', 'Hovhannisyan', { notes: 'second version' }));
    updateHousehold(a.core.ctx, s.actor, { id: saved.id, expectedVersion: 1, household: edited });
    const newer = exportTo(a, stick);
    importFile(hub, older);
    importFile(hub, newer);
    const before = tableCounts(hub.core.ctx.db);

    expect(importFile(hub, older).status).toBe('duplicate');
    expect(tableCounts(hub.core.ctx.db)).toEqual(before);
    expect(loadSnapshot(hub.core.ctx.db, saved.id)).toMatchObject({ version: 2, household: { notes: 'second version' } });
  });

  it('batches arriving out of order: the gap is reported, and the late older batch never overwrites the newer version', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    const saved = a.register(family('Anahit', 'Hovhannisyan'));
    a.register(family('Sona', 'Mkrtchyan'));
    const stick = s.folder('stick');
    const first = exportTo(a, stick);
    const edited = HouseholdSchema.parse(family('Anahit', 'Hovhannisyan', { notes: 'corrected' }));
    updateHousehold(a.core.ctx, s.actor, { id: saved.id, expectedVersion: 1, household: edited });
    const second = exportTo(a, stick);

    const late = importFile(hub, second);
    expect(late).toMatchObject({ status: 'imported', applied: 1, missing: [{ from: first.sequenceFrom, to: first.sequenceTo }] });
    expect(knownStations(hub.core.ctx.db)[0]?.missing).toEqual([{ from: 1, to: 2 }]);

    const early = importFile(hub, first);
    expect(early).toMatchObject({ status: 'imported', applied: 1, skipped: 1, missing: [] });
    expect(loadSnapshot(hub.core.ctx.db, saved.id)).toMatchObject({ version: 2, household: { notes: 'corrected' } });
    // The older version fills the history; it does not become the current one.
    expect(householdHistory(hub.core.ctx.db, saved.id).map((h) => h.version)).toEqual([1, 2]);
    expect(missingRanges(hub.core.ctx.db, a.core.station.stationId)).toEqual([]);
    expect(computeStats(hub.core.ctx.db).households).toBe(2);
  });

  it('records each batch as written with its range, counts, hash and file; nothing waits afterwards', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    a.register(family('Anahit', 'Hovhannisyan'));
    const batch = exportTo(a, s.folder('stick'));
    expect(listBatches(a.core.ctx.db)).toEqual([batch]);
    expect(batch).toMatchObject({ status: 'written', sequenceFrom: 1, sequenceTo: 1, households: 1, persons: 2 });
    expect(batch.fileName).toMatch(/^GRS1-[A-Z0-9]{8}-0000001-0000001\.ibatch$/);
    expect(exportBatch(a.core.ctx, s.actor, { folder: s.folder('again') })).toEqual({ exported: false, reason: 'nothing_waiting' });
  });

  it('an erasure at the station travels as a deletion: the hub removes the family, and an older copy never brings it back', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    const erased = a.register(family('Anahit', 'Hovhannisyan'));
    a.register(family('Sona', 'Mkrtchyan'));
    const stick = s.folder('stick');
    const before = exportTo(a, stick);
    importFile(hub, before);
    // What an erasure on request writes (the protection work's eraseHousehold): the household gone, a 'deleted' row.
    a.core.ctx.db.transaction(() => {
      a.core.ctx.db.prepare('DELETE FROM households WHERE id = ?').run(erased.id);
      a.core.ctx.db
        .prepare("INSERT INTO change_log (at, entity, entity_id, version, op) VALUES (?, 'household', ?, 2, 'deleted')")
        .run(s.clock.now.toISOString(), erased.id);
    })();
    const deletion = exportTo(a, stick);
    expect(deletion).toMatchObject({ households: 0, deletions: 1 });

    expect(importFile(hub, deletion)).toMatchObject({ status: 'imported', deletions: 1, missing: [] });
    const db = hub.core.ctx.db;
    expect(db.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(erased.id)).toBe(0);
    expect(db.prepare('SELECT count(*) FROM household_versions WHERE household_id = ?').pluck().get(erased.id)).toBe(0);
    expect(names(hub, 'Hovhannisyan')).toEqual([]);
    expect(computeStats(db).households).toBe(1);

    // The first batch again, at a hub that got the deletion first: the family stays erased.
    const late = s.hub('Hub 2');
    copyFileSync(hubKeyPath(hub.dataDir), hubKeyPath(late.dataDir));
    importFile(late, deletion);
    expect(importFile(late, before)).toMatchObject({ status: 'imported', applied: 1, skipped: 1 });
    expect(late.core.ctx.db.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(erased.id)).toBe(0);
    expect(computeStats(late.core.ctx.db).households).toBe(1);
  });

  it('a retention purge at the station reaches the hub: the current version and every version kept there lose the data', () => {
    const hub = s.hub();
    const a = s.station('Desk 1');
    installHubKey(a.core.ctx, s.actor, hub.publicKey);
    const saved = a.register(family('Anahit', 'Hovhannisyan', { phone: '+374 77 555111' }));
    const stick = s.folder('stick');
    const before = exportTo(a, stick);
    importFile(hub, before);
    const settings = readProtectionSettings(a.core.ctx.db);
    updateProtectionSettings(a.core.ctx, s.actor, { ...settings, retentionDays: { ...settings.retentionDays, contact: 1 } });
    s.clock.advance(3 * 24 * 60);
    expect(purgeExpired(a.core.ctx, s.actor).households).toBe(1);
    const purge = exportTo(a, stick);

    const phones = (hub: Desk) =>
      (hub.core.ctx.db.prepare('SELECT snapshot FROM household_versions WHERE household_id = ? ORDER BY version').pluck().all(saved.id) as Buffer[]).map(
        (stored) => decodeSnapshot(stored).household.phone,
      );
    importFile(hub, purge);
    expect(loadSnapshot(hub.core.ctx.db, saved.id)).toMatchObject({ version: 2, household: { phone: '' } });
    expect(phones(hub)).toEqual(['', '']);
    expect(hub.core.ctx.db.prepare('SELECT count(*) FROM households WHERE phone <> ?').pluck().get('')).toBe(0);

    // Out of order: the older batch arrives after the purge; its copy of version 1 is kept only without the phone.
    const late = s.hub('Hub 2');
    copyFileSync(hubKeyPath(hub.dataDir), hubKeyPath(late.dataDir));
    importFile(late, purge);
    expect(importFile(late, before)).toMatchObject({ status: 'imported', applied: 0, skipped: 1 });
    expect(phones(late)).toEqual(['', '']);
  });
});
