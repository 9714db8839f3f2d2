import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type CoreContext } from '../../../electron/core/context.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../../electron/core/hub/server.js';
import { syncOnce } from '../../../electron/core/sync/outbox.js';
import { syncStatus } from '../../../electron/core/sync/state.js';
import { syncSite, type SyncSite } from '../../helpers/sync.js';

/**
 * A desk offline for a week has a backlog larger than one request the hub takes. The backlog is cut into batches
 * that each fit, in order, and all arrive: once with a small limit on both sides (many batches, cheap), and once as
 * it happens, a 150 MB backlog against the hub's own 64 MiB request limit.
 */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(async () => {
  await site.dispose();
});

const LIMIT = 200 * 1024;

interface BatchRow {
  sequence_from: number;
  sequence_to: number;
  audit_from: number;
  audit_to: number;
  bytes: number;
  file_path: string;
}

/** The desk's batch files, oldest first, each within `limit`, on disk as recorded, and covering the sequence without a gap. */
function batchesInOrder(ctx: CoreContext, limit: number): BatchRow[] {
  const batches = ctx.db
    .prepare('SELECT sequence_from, sequence_to, audit_from, audit_to, bytes, file_path FROM batches ORDER BY sequence_from')
    .all() as BatchRow[];
  for (const [i, b] of batches.entries()) {
    expect(b.bytes).toBeLessThanOrEqual(limit);
    expect(statSync(b.file_path).size).toBe(b.bytes);
    if (i > 0) {
      expect(b.sequence_from).toBe(batches[i - 1]!.sequence_to + 1);
      expect(b.audit_from).toBe(Math.max(batches[i - 1]!.audit_to, batches[i - 1]!.audit_from - 1) + 1);
    }
  }
  return batches;
}

describe('a backlog larger than the hub takes in one request', () => {
  it('is cut into several batches that each fit, in order, and the hub ends with every household', async () => {
    const hub = site.hub();
    const url = await hub.serve({ maxBodyBytes: LIMIT });
    const station = site.station('Desk 1', hub);
    const ctx = station.core.ctx;
    seedHouseholds(ctx, SYSTEM_ACTOR, 400, 5);
    const backlog = ctx.db.prepare('SELECT sum(json_bytes) FROM household_versions').pluck().get() as number;
    expect(backlog).toBeGreaterThan(3 * LIMIT);

    const report = await syncOnce(ctx, createHttpTarget(url), { force: true, maxBatchBytes: LIMIT });
    expect(report.error).toBeNull();
    expect(report.refused).toEqual([]);
    expect(report.acknowledged.length).toBeGreaterThanOrEqual(3);
    const batches = batchesInOrder(ctx, LIMIT);
    expect(batches.length).toBe(report.acknowledged.length);
    // Sent in order: the hub acknowledged them oldest first.
    expect(report.acknowledged.map((a) => a.sequenceFrom)).toEqual(batches.map((b) => b.sequence_from));
    expect(hub.households()).toBe(400);
    expect([...hub.registrations().values()].every((n) => n === 1)).toBe(true);
    expect(syncStatus(ctx)).toMatchObject({ waiting: 0, refused: 0, pendingChanges: 0 });
  }, 240_000);

  it('sends a 150 MB backlog as batches within the hub’s 64 MiB request limit', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const station = site.station('Desk 1', hub);
    const ctx = station.core.ctx;
    // Families whose notes fill their fields: about 11 kB each, so 14,000 of them are a 150 MB backlog.
    seedHouseholds(ctx, SYSTEM_ACTOR, 14_000, 6, 7, { fullNotes: true });
    const backlog = ctx.db.prepare('SELECT sum(json_bytes) FROM household_versions').pluck().get() as number;
    expect(backlog).toBeGreaterThan(150 * 1000 * 1000);

    const report = await syncOnce(ctx, createHttpTarget(url), { force: true });
    expect(report.error).toBeNull();
    expect(report.refused).toEqual([]);
    const batches = batchesInOrder(ctx, DEFAULT_MAX_BODY_BYTES);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(report.acknowledged.map((a) => a.sequenceFrom)).toEqual(batches.map((b) => b.sequence_from));
    expect(hub.households()).toBe(14_000);
    expect(syncStatus(ctx)).toMatchObject({ waiting: 0, refused: 0, pendingChanges: 0 });
  }, 300_000);
});
