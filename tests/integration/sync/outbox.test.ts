import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBatch, outboxFolder } from '../../../electron/core/batch/export.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { createMemoryTarget } from '../../../electron/core/sync/memory-target.js';
import { backoffDelay, syncOnce } from '../../../electron/core/sync/outbox.js';
import { receiptProblem } from '../../../electron/core/sync/receipt.js';
import { retryRefused, syncStatus } from '../../../electron/core/sync/state.js';
import { createHubService } from '../../../electron/core/hub/service.js';
import { exactlyOnce, syncSite, syncUntilDone, type SyncSite } from '../../helpers/sync.js';

/** The outbox against a hub core in the same process (the in-memory target): the logic, without sockets. */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(() => site.dispose());

describe('the outbox, in memory', () => {
  it('cuts, sends and acknowledges batches from two stations; the hub has each family once', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const b = site.station('Desk 2', hub, 'KPN2');
    const target = createMemoryTarget(hub.service);
    const numbers = [a.register(), a.register(), b.register()];

    const first = await syncOnce(a.core.ctx, target);
    expect(first).toMatchObject({ reachable: true, error: null, waiting: 0, refused: [] });
    expect(first.cut).toMatchObject({ households: 2, persons: 4 });
    expect(first.acknowledged).toHaveLength(1);
    expect(first.acknowledged[0]).toMatchObject({ duplicate: false, households: 2 });
    await syncUntilDone(b, target);
    numbers.push(a.register());
    await syncUntilDone(a, target);

    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
    expect(a.acknowledged()).toBe(2);
    const status = syncStatus(a.core.ctx);
    expect(status).toMatchObject({ waiting: 0, refused: 0, pendingChanges: 0, online: true, lastError: null });
    expect(status.lastSuccessAt).not.toBeNull();
    // The receipt kept with the batch verifies against the key the station pinned.
    const stored = a.core.ctx.db.prepare("SELECT receipt FROM batches WHERE status = 'acknowledged' LIMIT 1").pluck().get() as string;
    const receipt = JSON.parse(stored) as { receipt: { batchId: string } };
    const row = a.core.ctx.db.prepare('SELECT * FROM batches WHERE id = ?').get(receipt.receipt.batchId) as Record<string, string | number>;
    expect(
      receiptProblem(receipt, hub.service.identity().signingKey, {
        batchId: String(row.id),
        stationId: a.core.station.stationId,
        sha256: String(row.sha256),
        payloadSha256: String(row.payload_sha256),
        sequenceFrom: Number(row.sequence_from),
        sequenceTo: Number(row.sequence_to),
        hubKeyFingerprint: String(row.hub_fingerprint),
      }),
    ).toBeNull();
  });

  it('an answer lost after the hub took the batch in: the next sync gets the same receipt and acknowledges it once', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const target = createMemoryTarget(hub.service);
    const number = a.register();
    target.faults.push('lose_answer');

    const lost = await syncOnce(a.core.ctx, target);
    expect(lost.error?.code).toBe('unreachable');
    expect(a.waiting()).toBe(1);
    const batchId = a.core.ctx.db.prepare('SELECT id FROM batches').pluck().get() as string;
    const first = hub.service.receipt(batchId);
    expect(first).not.toBeNull();

    const again = await syncOnce(a.core.ctx, target, { force: true });
    expect(again.acknowledged).toEqual([expect.objectContaining({ batchId, duplicate: true })]);
    const kept = JSON.parse(a.core.ctx.db.prepare('SELECT receipt FROM batches WHERE id = ?').pluck().get(batchId) as string) as unknown;
    expect(kept).toEqual(first);
    expect(exactlyOnce(hub, [number])).toEqual({ missing: [], duplicated: [] });
  });

  it('keeps batches waiting while the hub is away, with backoff persisted, and sends at once when it is back', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const target = createMemoryTarget(hub.service);
    const numbers = [a.register()];
    await syncOnce(a.core.ctx, target);
    target.online = false;
    numbers.push(a.register());
    const away = await syncOnce(a.core.ctx, target);
    expect(away).toMatchObject({ reachable: false, error: { code: 'unreachable' } });
    const status = syncStatus(a.core.ctx);
    expect(status.online).toBe(false);
    expect(Date.parse(status.nextAttemptAt!)).toBeGreaterThan(Date.now());
    expect(status.pendingChanges).toBe(1);

    // A restart keeps what the outbox knew.
    a.reopen();
    expect(syncStatus(a.core.ctx)).toMatchObject({ online: false, lastError: { code: 'unreachable' } });
    target.online = true;
    const back = await syncOnce(a.core.ctx, target);
    expect(back).toMatchObject({ reachable: true, error: null, waiting: 0 });
    expect(syncStatus(a.core.ctx)).toMatchObject({ online: true, lastError: null, waiting: 0 });
    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
  });

  it('retries 500s and 429s later and stops at the first failure, keeping the order', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const target = createMemoryTarget(hub.service);
    const numbers: string[] = [];
    // Three batches waiting, cut by hand (File > Export batch) into the outbox.
    for (let i = 0; i < 3; i++) {
      numbers.push(a.register());
      mkdirSync(outboxFolder(a.dataDir), { recursive: true });
      exportBatch(a.core.ctx, SYSTEM_ACTOR, { folder: outboxFolder(a.dataDir) });
    }
    target.faults.push('server', 'rate_limited');
    const first = await syncOnce(a.core.ctx, target);
    expect(first.error?.code).toBe('server');
    expect(first.acknowledged).toHaveLength(0);
    const row = a.core.ctx.db.prepare('SELECT attempts, next_attempt_at, last_error_code FROM sync_outbox ORDER BY rowid LIMIT 1').get() as {
      attempts: number;
      next_attempt_at: string;
      last_error_code: string;
    };
    expect(row).toMatchObject({ attempts: 1, last_error_code: 'server' });
    const second = await syncOnce(a.core.ctx, target, { force: true });
    expect(second.error?.code).toBe('rate_limited');
    const done = await syncUntilDone(a, target);
    expect(done.runs).toBe(1);
    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
  });

  it('a refusal that will not change marks the batch refused with the hub\'s reason; "send again" after enrolment opens', async () => {
    const hub = site.hub({ enrolmentOpen: false });
    const a = site.station('Desk 1', hub);
    const target = createMemoryTarget(hub.service);
    const number = a.register();
    const refused = await syncOnce(a.core.ctx, target);
    expect(refused.refused).toEqual([expect.objectContaining({ code: 'sync.station_unknown' })]);
    expect(refused.refused[0]!.reason).toMatch(/not enrolled the station.*ask the hub's administrator to enrol/i);
    expect(syncStatus(a.core.ctx)).toMatchObject({ waiting: 0, refused: 1 });
    // Not retried by itself.
    const quiet = await syncOnce(a.core.ctx, target, { force: true });
    expect(quiet.refused).toEqual([]);
    expect(hub.households()).toBe(0);

    const open = createMemoryTarget(createHubService(hub.core.ctx, { enrolmentOpen: true }));
    expect(retryRefused(a.core.ctx, SYSTEM_ACTOR)).toBe(1);
    await syncUntilDone(a, open);
    expect(exactlyOnce(hub, [number])).toEqual({ missing: [], duplicated: [] });
  });

  it('resends batches the hub no longer holds (a hub restored from an older backup)', async () => {
    const hub = site.hub();
    const a = site.station('Desk 1', hub);
    const numbers = [a.register()];
    await syncUntilDone(a, createMemoryTarget(hub.service));
    // A second hub with the same keys but an empty database: what a restore from an old backup looks like.
    const restored = site.hub();
    const { cpSync } = await import('node:fs');
    cpSync(`${hub.dataDir}/keys`, `${restored.dataDir}/keys`, { recursive: true });
    const target = createMemoryTarget(createHubService(restored.core.ctx, { enrolmentOpen: true }));
    numbers.push(a.register());
    const report = await syncOnce(a.core.ctx, target);
    expect(report.resent).toHaveLength(1);
    expect(report.acknowledged).toHaveLength(2);
    expect(report.missing).toEqual([]);
    expect(exactlyOnce(restored, numbers)).toEqual({ missing: [], duplicated: [] });
  });

  it('backoff doubles, is capped, never undercuts Retry-After, and is jittered', () => {
    const b = { baseMs: 1000, maxMs: 8000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffDelay(n, b, () => 0.999999))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelay(1, b, () => 0)).toBe(500);
    expect(backoffDelay(1, b, () => 0, 30_000)).toBe(30_000);
  });
});
