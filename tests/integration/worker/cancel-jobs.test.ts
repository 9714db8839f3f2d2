import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FolderImportView } from '../../../electron/api/views-batches.js';
import type { JobsView } from '../../../electron/api/views-jobs.js';
import { listBatchFolder } from '../../../electron/core/batch/import-folder.js';
import { stationAndHub, SUPERVISOR } from '../../../electron/bench/long-jobs.js';
import { SYSTEM_ACTOR, type CoreContext } from '../../../electron/core/context.js';
import { reviewDuplicates } from '../../../electron/core/duplicates/review.js';
import { openCore } from '../../../electron/core/index.js';
import { cancelledError } from '../../../electron/core/jobs.js';
import { importList } from '../../../electron/core/lists/import.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import type { Dispatcher } from '../../../electron/handlers/dispatch.js';
import { startDeskWorker, type DeskWorker } from '../../../electron/worker/desk-worker.js';
import { cleanupTemp, familyOfFour, makeTempCore, rowCounts } from '../../helpers/core.js';

/**
 * Long work can be cancelled halfway and nothing of it is applied (issue 15): core's long loops report progress, and
 * a cancel throws from inside their one transaction. First on real files with a cancel at a chosen step, then through
 * the core's worker as the app reaches it: progress shown, the cancel answered, and after the app was closed
 * halfway, the job said to be interrupted.
 */

/** Makes the job under way on `ctx` stop at the first step past `after` (of its total); returns the steps seen. */
function cancelPast(ctx: CoreContext, after: (done: number, total: number) => boolean): { done: number; total: number }[] {
  const seen: { done: number; total: number }[] = [];
  ctx.job = {
    step(done, total) {
      seen.push({ done, total });
      if (after(done, total)) throw cancelledError();
    },
  };
  return seen;
}

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('It was not cancelled');
};

describe('cancelled halfway, on a real file', () => {
  afterEach(cleanupTemp);

  it('a full duplicate review writes nothing to the queue or the trail', () => {
    const t = makeTempCore();
    seedHouseholds(t.ctx, SYSTEM_ACTOR, 200, 3, 7);
    // The same family twice: a pair the review finds.
    t.register(familyOfFour());
    t.register(familyOfFour({ phone: '+374 91 654321' }));
    const tables = ['duplicate_pairs', 'audit_events'];
    const before = rowCounts(t.db, tables);
    const seen = cancelPast(t.ctx, (done, total) => done > total / 2);
    expect(thrown(() => reviewDuplicates(t.ctx, SYSTEM_ACTOR))).toMatchObject({ code: 'cancelled' });
    expect(rowCounts(t.db, tables)).toEqual(before);
    // It told how far it was, in order, before it stopped past the half.
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.map((s) => s.done)).toEqual([...seen.map((s) => s.done)].sort((a, b) => a - b));
    t.ctx.job = undefined;
    expect(reviewDuplicates(t.ctx, SYSTEM_ACTOR).added).toBeGreaterThan(0);
  });

  it('a list import takes no household in, though some were registered before the cancel', () => {
    const t = makeTempCore();
    const header = 'household_ref,ref,given_name,family_name,patronymic,sex,date_of_birth,dob_estimated,relationship,phone';
    const rows = Array.from({ length: 6 }, (_, i) => `H${i},R-${i},Aram${'abcdef'[i]},Sargsyan,,M,198${i}-05-12,false,head,`);
    const tables = ['households', 'persons', 'household_versions', 'change_log', 'audit_events', 'list_imports'];
    const before = rowCounts(t.db, tables);
    // Past the duplicate checks and four households into the registering half.
    cancelPast(t.ctx, (done, total) => done >= total / 2 + 4);
    expect(thrown(() => importList(t.ctx, SYSTEM_ACTOR, { fileName: 'list.csv', text: [header, ...rows].join('\n') }))).toMatchObject({ code: 'cancelled' });
    expect(rowCounts(t.db, tables)).toEqual(before);
    t.ctx.job = undefined;
    expect(importList(t.ctx, SYSTEM_ACTOR, { fileName: 'list.csv', text: [header, ...rows].join('\n') }).households).toBe(6);
  });
});

describe('through the core worker', () => {
  const HOUSEHOLDS = 3000;
  let root: string;
  let sites: Awaited<ReturnType<typeof stationAndHub>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'intake-cancel-jobs-'));
    const seeded = join(root, 'seeded');
    const core = openCore({ dataDir: seeded, setup: { centreCode: 'CJ1', centreName: 'Cancel jobs', stationLabel: 'Desk 1' } });
    try {
      seedHouseholds(core.ctx, SYSTEM_ACTOR, HOUSEHOLDS, 3, 7);
      core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      core.close();
    }
    sites = await stationAndHub(seeded, root);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function signedIn(dataDir: string): Promise<DeskWorker> {
    const desk = await startDeskWorker({ dataDir, purgeEveryHours: 0 });
    const signIn = await desk.dispatcher.invoke('session.signIn', { name: SUPERVISOR.name, secret: SUPERVISOR.secret });
    expect(signIn.ok).toBe(true);
    return desk;
  }

  const status = async (dispatcher: Dispatcher): Promise<JobsView> => {
    const answer = await dispatcher.invoke('jobs.status', {});
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as JobsView;
  };

  /** Asks how far the job is until it has reported progress; the running job's view. */
  async function underWay(dispatcher: Dispatcher): Promise<NonNullable<JobsView['running']>> {
    for (;;) {
      const { running } = await status(dispatcher);
      if (running && running.done > 0) return running;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  it('a hub import shows its progress, stops when cancelled and takes nothing in', async () => {
    const hub = await signedIn(sites.hubDir);
    try {
      // An unknown station first: the import only asks for its fingerprint, so no outcome is told.
      expect(await hub.dispatcher.invoke('hub.import', { path: sites.batchPath })).toMatchObject({ ok: true, value: { status: 'confirm_station' } });
      expect(await status(hub.dispatcher)).toEqual({ running: null, last: null });
      const job = hub.dispatcher.invoke('hub.import', { path: sites.batchPath, acceptStation: sites.fingerprint });
      const running = await underWay(hub.dispatcher);
      expect(running).toMatchObject({ method: 'hub.import', unit: 'records', cancellable: true, cancelling: false });
      expect(running.done).toBeLessThan(running.total);
      expect(await hub.dispatcher.invoke('jobs.cancel', { id: running.id })).toEqual({ ok: true, value: { cancelling: true } });
      expect(await job).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(await status(hub.dispatcher)).toMatchObject({ running: null, last: { method: 'hub.import', outcome: 'cancelled', operator: SUPERVISOR.name } });
      expect(await hub.dispatcher.invoke('stats.summary', {})).toMatchObject({ ok: true, value: { households: 0 } });
      // Nothing half-applied: the same file is then taken in whole.
      expect(await hub.dispatcher.invoke('hub.import', { path: sites.batchPath, acceptStation: sites.fingerprint })).toMatchObject({
        ok: true,
        value: { status: 'imported', households: HOUSEHOLDS },
      });
      expect(await status(hub.dispatcher)).toMatchObject({ last: { method: 'hub.import', outcome: 'done' } });
    } finally {
      await hub.close();
    }
    const check = openCore({ dataDir: sites.hubDir });
    try {
      expect(rowCounts(check.ctx.db, ['received_batches', 'households'])).toEqual({ received_batches: 1, households: HOUSEHOLDS });
    } finally {
      check.close();
    }
  }, 180_000);

  it('a folder import runs as a job: each batch file in order, one outcome each', async () => {
    // After the test above the hub holds the batch: the folder's copy of it is "already held".
    const folder = mkdtempSync(join(root, 'folder-'));
    copyFileSync(sites.batchPath, join(folder, basename(sites.batchPath)));
    writeFileSync(join(folder, 'ZZZ-cut.ibatch'), 'INTAKEB1');
    const files = listBatchFolder(folder);
    const hub = await signedIn(sites.hubDir);
    try {
      const answer = await hub.dispatcher.invoke('hub.importFolder', { files });
      expect(answer).toMatchObject({ ok: true, value: { imported: 0, duplicates: 1, refused: 1 } });
      expect(answer.ok && (answer.value as FolderImportView).batches.map((b) => b.status)).toEqual(['duplicate', 'refused']);
      expect(await status(hub.dispatcher)).toMatchObject({ running: null, last: { method: 'hub.importFolder', outcome: 'done', applied: null } });
      // Names are checked before any file is read.
      expect(await hub.dispatcher.invoke('hub.importFolder', { files: [{ path: join(folder, 'x.txt'), name: 'x.txt' }] })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('an erasure in the job worker notes its commit with the job, in the same transaction', async () => {
    const desk = await signedIn(sites.stationDir);
    try {
      const recent = await desk.dispatcher.invoke('household.recent', { limit: 1, offset: 0 });
      if (!recent.ok) throw new Error(recent.error.message);
      const id = (recent.value as { items: { id: string }[] }).items[0]!.id;
      expect(await desk.dispatcher.invoke('household.erase', { id, reason: 'asked by the family' })).toMatchObject({ ok: true, value: { id } });
      expect(await status(desk.dispatcher)).toMatchObject({ last: { method: 'household.erase', outcome: 'done', applied: { done: 1, total: 1 } } });
    } finally {
      await desk.close();
    }
  }, 60_000);

  it('a review cut short by the app closing is said to be interrupted at the next start, its queue untouched', async () => {
    let desk = await signedIn(sites.stationDir);
    void desk.dispatcher.invoke('duplicates.review', {});
    expect(await underWay(desk.dispatcher)).toMatchObject({ method: 'duplicates.review', unit: 'steps', total: 1000 });
    // The app killed halfway: the core's worker (and the job worker it started) end at once.
    await desk.worker.terminate();
    desk = await signedIn(sites.stationDir);
    try {
      expect(await status(desk.dispatcher)).toMatchObject({ running: null, last: { method: 'duplicates.review', outcome: 'interrupted' } });
      expect(await desk.dispatcher.invoke('duplicates.queue', { status: 'open', limit: 1, offset: 0 })).toMatchObject({ ok: true, value: { total: 0 } });
    } finally {
      await desk.close();
    }
  }, 180_000);
});
