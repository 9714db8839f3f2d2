import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifestHead } from '../../../electron/core/batch/envelope.js';
import { refusalCounts } from '../../../electron/core/batch/trust.js';
import { loadSnapshot } from '../../../electron/core/households/write.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import { collectFolder, FOLDER_LAYOUT } from '../../../electron/core/sync/folder.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { tableCounts } from '../../helpers/batches.js';
import { forgeBatch } from '../../helpers/forge.js';
import { syncSite, syncUntilDone, type Hub, type Station, type SyncSite } from '../../helpers/sync.js';
import { bundled } from '../../helpers/bundled.js';

/**
 * Hub trust (issue 11): a batch changes only its own station's households. An enrolled station that writes a batch
 * by hand reaching for another station's household is refused whole, over HTTP, through the watched folder and at
 * CLI import: nothing applied, the refusal audited at the hub naming the household and both stations.
 */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(async () => {
  await site.dispose();
});

function put(url: string, batchId: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/batches/${batchId}`, { method: 'PUT', agent: false, headers: { 'Content-Length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Scene {
  hub: Hub;
  a: Station;
  b: Station;
  url: string;
  /** A household registered at A and already at the hub. */
  aHousehold: HouseholdSnapshot;
}

async function scene(): Promise<Scene> {
  const hub = site.hub();
  const url = await hub.serve();
  const a = site.station('Desk A', hub);
  const b = site.station('Desk B', hub, 'KPN2');
  a.register();
  b.register();
  const target = createHttpTarget(url);
  await syncUntilDone(a, target);
  await syncUntilDone(b, target);
  const id = a.core.ctx.db.prepare('SELECT id FROM households LIMIT 1').pluck().get() as string;
  return { hub, a, b, url, aHousehold: loadSnapshot(a.core.ctx.db, id) };
}

const overwritten = (s: HouseholdSnapshot, changes: Partial<HouseholdSnapshot> = {}): HouseholdSnapshot => ({
  ...s,
  version: s.version + 1,
  household: { ...s.household, notes: 'overwritten by another desk' },
  ...changes,
});

const hubRow = (hub: Hub, id: string) =>
  hub.core.ctx.db.prepare('SELECT station_id, version, notes FROM households WHERE id = ?').get(id) as
    { station_id: string; version: number; notes: string } | undefined;

function lastAudit(hub: Hub): { action: string; detail: string } {
  return hub.core.ctx.db.prepare('SELECT action, detail FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { action: string; detail: string };
}

describe("a batch changes only its own station's households", () => {
  it("over HTTP: overwriting, re-stamping or deleting another station's household is refused whole (403), audited and counted", async () => {
    const { hub, a, b, url, aHousehold } = await scene();
    const A = a.core.station.stationId;
    const B = b.core.station.stationId;
    const ownBefore = hubRow(hub, aHousehold.id);
    const bOwn = loadSnapshot(b.core.ctx.db, b.core.ctx.db.prepare('SELECT id FROM households LIMIT 1').pluck().get() as string);
    const attempts: HouseholdSnapshot[] = [
      overwritten(aHousehold),
      overwritten(aHousehold, { stationId: B, registrationNumber: bOwn.registrationNumber.replace(/-\d{5}-/, '-00999-') }),
    ];
    const forged = [
      ...attempts.map((snapshot) =>
        forgeBatch(b.core.ctx, hub.publicKey, [
          { t: 'version', snapshot: overwritten(bOwn) },
          { t: 'version', snapshot },
        ]),
      ),
      forgeBatch(b.core.ctx, hub.publicKey, [
        { t: 'version', snapshot: overwritten(bOwn) },
        { t: 'deletion', entityId: aHousehold.id },
      ]),
    ];
    for (const file of forged) {
      const before = tableCounts(hub.core.ctx.db);
      const answer = await put(url, readManifestHead(file).batchId, file);
      expect(answer.status, answer.body).toBe(403);
      const error = (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('batch.refused.not_owner');
      expect(error.message).toContain(aHousehold.id);
      expect(error.message).toContain(A);
      expect(error.message).toContain(B);
      // Nothing applied: not even B's own version in the same batch; the hub's trail gains the refusal alone.
      expect({ ...tableCounts(hub.core.ctx.db), audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
      const audit = lastAudit(hub);
      expect(audit.action).toBe('batch.refused');
      expect(audit.detail).toContain(aHousehold.id);
    }
    expect(hubRow(hub, aHousehold.id)).toEqual(ownBefore);
    expect(hubRow(hub, bOwn.id)?.version).toBe(bOwn.version);
    expect(refusalCounts(hub.core.ctx.db)).toContainEqual(expect.objectContaining({ code: 'not_owner', count: 3 }));
  });

  it('deletion marks and registration numbers are per owner: a station cannot block an id or take a number first', async () => {
    const { hub, a, b, url } = await scene();
    // A registers a family; before A's batch reaches the hub, B deletes that id and claims its registration number.
    a.register();
    const fresh = loadSnapshot(
      a.core.ctx.db,
      a.core.ctx.db.prepare('SELECT id FROM households ORDER BY registered_at DESC, id DESC LIMIT 1').pluck().get() as string,
    );
    const deletion = forgeBatch(b.core.ctx, hub.publicKey, [{ t: 'deletion', entityId: fresh.id }]);
    expect((await put(url, readManifestHead(deletion).batchId, deletion)).status).toBe(201);
    const bOwn = loadSnapshot(b.core.ctx.db, b.core.ctx.db.prepare('SELECT id FROM households LIMIT 1').pluck().get() as string);
    const thief = { ...bOwn, id: '00000000-0000-7000-8ddd-000000000001', registrationNumber: fresh.registrationNumber };
    thief.household = { ...thief.household, members: thief.household.members.map((m, i) => ({ ...m, id: `00000000-0000-7000-8ddd-00000000010${i}` })) };
    const taking = forgeBatch(b.core.ctx, hub.publicKey, [{ t: 'version', snapshot: thief, op: 'registered' }]);
    const refused = await put(url, readManifestHead(taking).batchId, taking);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain(fresh.registrationNumber);
    // A's own batch then goes in whole: its family is at the hub under its own number.
    await syncUntilDone(a, createHttpTarget(url));
    expect(hubRow(hub, fresh.id)).toMatchObject({ station_id: a.core.station.stationId, version: fresh.version });
    expect(hub.registrations().get(fresh.registrationNumber)).toBe(1);
  });

  it('through the watched folder: the refusal is written back, nothing applied', async () => {
    const { hub, b, aHousehold } = await scene();
    const folder = join(site.root, 'share');
    const file = forgeBatch(b.core.ctx, hub.publicKey, [{ t: 'version', snapshot: overwritten(aHousehold) }]);
    const batchId = readManifestHead(file).batchId;
    const { mkdirSync, readFileSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, `${batchId}${FOLDER_LAYOUT.extension}`), file);
    const before = tableCounts(hub.core.ctx.db);
    const report = collectFolder(hub.service, folder);
    expect(report.refused).toEqual([expect.objectContaining({ batchId, code: 'batch.refused.not_owner' })]);
    const written = JSON.parse(readFileSync(join(folder, FOLDER_LAYOUT.refusals, `${batchId}.json`), 'utf8')) as { message: string; status: number };
    expect(written.status).toBe(403);
    expect(written.message).toContain(aHousehold.id);
    expect({ ...tableCounts(hub.core.ctx.db), audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
    expect(hubRow(hub, aHousehold.id)?.notes).not.toContain('overwritten');
  });

  it('at CLI import: exit 1 with one line naming the household and both stations, nothing applied', { timeout: 240_000 }, async () => {
    const { hub, a, b, aHousehold } = await scene();
    const file = join(site.root, 'forged.ibatch');
    writeFileSync(file, forgeBatch(b.core.ctx, hub.publicKey, [{ t: 'deletion', entityId: aHousehold.id }]));
    const before = tableCounts(hub.core.ctx.db);
    const run = spawnSync(process.execPath, [...bundled('cli'), 'import', '--data', hub.dataDir, file], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(aHousehold.id);
    expect(run.stderr).toContain(a.core.station.stationId);
    expect(run.stderr).toContain(b.core.station.stationId);
    expect({ ...tableCounts(hub.core.ctx.db), audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
    expect(hubRow(hub, aHousehold.id)).toBeDefined();
  });
});
