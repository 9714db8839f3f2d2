import { mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBatch, exportPlain } from '../../../electron/core/batch/export.js';
import { fileSource } from '../../../electron/core/batch/envelope-v2.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { importBatchFiles, listBatchFolder } from '../../../electron/core/batch/import-folder.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { enrolAttempt, stationAttempts } from '../../../electron/core/batch/trust.js';
import { SYSTEM_ACTOR, type CoreContext } from '../../../electron/core/context.js';
import {
  cancelledError,
  INTERRUPTED_PARTLY_MESSAGE,
  lastJob,
  markInterrupted,
  recordJobApplied,
  recordJobEnd,
  recordJobStart,
  type JobControl,
} from '../../../electron/core/jobs.js';
import { checkImportedAcrossCentres, checkUncheckedNow } from '../../../electron/core/duplicates/hub.js';
import { decodeSnapshot } from '../../../electron/core/households/stored-snapshot.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { updateProtectionSettings } from '../../../electron/core/protection/settings.js';
import { eraseHousehold, purgeExpired } from '../../../electron/core/protection/retention.js';
import { family, site, tableCounts, type Site } from '../../helpers/batches.js';
import { cleanupTemp, familyOfFour, makeTempCore, rowCounts } from '../../helpers/core.js';

/**
 * Long work applied in parts (issue 15): a batch export, a purge, an erasure and a hub's folder import, each with its
 * progress in steps and a cancel that leaves nothing half-applied. A control stands for the job worker's (the same
 * interface): it records the steps, notes what was applied as the worker does (in the same transaction), and asks
 * to stop at a chosen step, unless the job is past its point of no return.
 */

interface Seen {
  steps: { done: number; total: number; unit: string }[];
  applied: { done: number; total: number; final: boolean }[];
}

/** The job on `ctx` stops at the first step where `stop` says so (and never once past its point of no return). */
function control(ctx: CoreContext, stop: (done: number, total: number, unit: string) => boolean, jobId?: string): Seen {
  const seen: Seen = { steps: [], applied: [] };
  let final = false;
  const job: JobControl = {
    step(done, total, unit) {
      seen.steps.push({ done, total, unit });
      if (!final && stop(done, total, unit)) throw cancelledError();
    },
    applied(done, total, isFinal) {
      seen.applied.push({ done, total, final: isFinal });
      if (jobId) recordJobApplied(ctx.db, jobId, done, total);
      final ||= isFinal;
    },
  };
  ctx.job = job;
  return seen;
}

const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('It was not stopped');
};

describe('a batch export in steps', () => {
  let s: Site;
  afterEach(() => s.dispose());

  it('cancelled at any step before its record leaves no file and no record; then it exports whole', () => {
    s = site();
    const hub = s.hub();
    const station = s.station('Desk 1');
    installHubKey(station.core.ctx, SYSTEM_ACTOR, hub.publicKey);
    station.register(family('Anahit', 'Petrosyan'));
    const ctx = station.core.ctx;
    const stick = s.folder('stick');
    const before = rowCounts(ctx.db, ['batches', 'audit_events']);
    for (const at of [0, 1, 2, 3]) {
      const seen = control(ctx, (done) => done === at);
      expect(
        thrown(() => exportBatch(ctx, SYSTEM_ACTOR, { folder: stick })),
        `cancelled at step ${at}`,
      ).toMatchObject({ code: 'cancelled' });
      expect(readdirSync(stick), `no file (nor a partial one) after a cancel at step ${at}`).toEqual([]);
      expect(rowCounts(ctx.db, ['batches', 'audit_events'])).toEqual(before);
      expect(seen.steps.at(-1)).toEqual({ done: at, total: 4, unit: 'steps' });
      expect(seen.applied).toEqual([]);
    }
    const seen = control(ctx, () => false);
    const outcome = exportBatch(ctx, SYSTEM_ACTOR, { folder: stick });
    expect(outcome).toMatchObject({ exported: true });
    expect(seen.steps.map((x) => x.done)).toEqual([0, 1, 2, 3, 3]);
    // The record's commit is the export: noted as applied, and past it nothing can be stopped.
    expect(seen.applied).toEqual([{ done: 1, total: 1, final: true }]);
    expect(readdirSync(stick)).toHaveLength(1);
  });

  it('a plain export cancelled once written removes its file', () => {
    s = site();
    const station = s.station('Desk 1');
    station.register(family('Anahit', 'Petrosyan'));
    const ctx = station.core.ctx;
    const stick = s.folder('stick');
    control(ctx, (done) => done === 3);
    expect(thrown(() => exportPlain(ctx, SYSTEM_ACTOR, { folder: stick }))).toMatchObject({ code: 'cancelled' });
    expect(readdirSync(stick)).toEqual([]);
  });
});

describe('a purge and an erasure', () => {
  afterEach(cleanupTemp);

  function expiredDesk(families: number) {
    const t = makeTempCore();
    for (let i = 0; i < families; i++) t.register(familyOfFour({ phone: `+374 91 ${String(100000 + i)}` }));
    updateProtectionSettings(t.ctx, SYSTEM_ACTOR, {
      lockAfterSeconds: 180,
      retentionDays: { contact: 30, notes: null, documents: null, address: null },
    });
    t.clock.advance(40 * 86_400);
    return t;
  }
  const phonesLeft = (t: ReturnType<typeof makeTempCore>) =>
    (
      t.db.prepare('SELECT v.snapshot FROM households h JOIN household_versions v ON v.household_id = h.id AND v.version = h.version').pluck().all() as Buffer[]
    ).filter((stored) => decodeSnapshot(stored).household.phone !== '').length;

  it('a purge counts households; cancelled halfway, the households purged stay whole, the rest wait, and it says how many', () => {
    const t = expiredDesk(5);
    const job = { id: 'job-purge', method: 'retention.purge', operator: 'Sona', startedAt: t.ctx.now().toISOString() };
    recordJobStart(t.db, job);
    const seen = control(t.ctx, (done, _total, unit) => unit === 'households' && done === 2, job.id);
    const error = thrown(() => purgeExpired(t.ctx, SYSTEM_ACTOR));
    expect(error).toMatchObject({ code: 'cancelled', message: expect.stringContaining('2 of 5') as string });
    expect(seen.steps.map((x) => `${x.done}/${x.total} ${x.unit}`)).toEqual(['0/5 households', '1/5 households', '2/5 households']);
    expect(phonesLeft(t)).toBe(3);
    // The stopped purge is in the trail, with how far it got.
    const audit = t.db.prepare("SELECT detail FROM audit_events WHERE action = 'retention.purged'").pluck().all() as string[];
    expect(audit.map((d) => JSON.parse(d) as { households: number; stoppedAfter: number })).toMatchObject([{ households: 2, stoppedAfter: 2 }]);
    // The job's note says so too, and so does the outcome after the job ends.
    recordJobEnd(t.db, job.id, 'cancelled', (error as Error).message, t.ctx.now().toISOString());
    expect(lastJob(t.db, 'admin')).toMatchObject({ outcome: 'cancelled', applied: { done: 2, total: 5 } });
    // The rest goes at the next purge.
    control(t.ctx, () => false);
    expect(purgeExpired(t.ctx, SYSTEM_ACTOR)).toMatchObject({ households: 3 });
    expect(phonesLeft(t)).toBe(0);
  });

  it('an erasure cancelled before its commit erases nothing; past its commit it only finishes', () => {
    const t = makeTempCore();
    const { id } = t.register(familyOfFour());
    const before = rowCounts(t.db);
    control(t.ctx, (done) => done === 0);
    expect(thrown(() => eraseHousehold(t.ctx, SYSTEM_ACTOR, { id, reason: 'asked by the family' }))).toMatchObject({ code: 'cancelled' });
    expect(rowCounts(t.db)).toEqual(before);
    // A cancel asked for at every step after the commit is not heard: the erasure and its clean-up finish.
    const seen = control(t.ctx, (done) => done >= 1);
    expect(eraseHousehold(t.ctx, SYSTEM_ACTOR, { id, reason: 'asked by the family' })).toMatchObject({ id });
    expect(seen.applied).toEqual([{ done: 1, total: 1, final: true }]);
    expect(seen.steps.map((x) => x.done)).toEqual([0, 0, 1, 2]);
    expect(t.db.prepare('SELECT count(*) FROM households WHERE id = ?').pluck().get(id)).toBe(0);
  });

  it('after the app closed mid-job, a job that had applied parts says what stays', () => {
    const t = makeTempCore();
    recordJobStart(t.db, { id: 'job-a', method: 'retention.purge', operator: 'Sona', startedAt: t.ctx.now().toISOString() });
    t.db.transaction(() => recordJobApplied(t.db, 'job-a', 3, 10))();
    markInterrupted(t.db, t.ctx.now().toISOString());
    expect(lastJob(t.db, 'admin')).toMatchObject({
      method: 'retention.purge',
      outcome: 'interrupted',
      applied: { done: 3, total: 10 },
      message: INTERRUPTED_PARTLY_MESSAGE,
    });
    // One rolled back with its part says nothing was applied.
    recordJobStart(t.db, { id: 'job-b', method: 'household.erase', operator: 'Sona', startedAt: t.ctx.now().toISOString() });
    expect(
      thrown(() =>
        t.db.transaction(() => {
          recordJobApplied(t.db, 'job-b', 1, 1);
          throw new Error('the erasure failed');
        })(),
      ),
    ).toBeInstanceOf(Error);
    markInterrupted(t.db, t.ctx.now().toISOString());
    expect(lastJob(t.db, 'admin')).toMatchObject({ id: 'job-b', outcome: 'interrupted', applied: null });
  });
});

describe("a hub's folder import", () => {
  let s: Site;
  afterEach(() => s.dispose());

  /** Two desks' batches on one stick (two from the first), a damaged file, and things that are no batch file. */
  function stick() {
    s = site();
    const hub = s.hub();
    const folder = s.folder('stick');
    for (const [label, names] of [
      ['Desk 1', ['Anahit', 'Lilit']],
      ['Desk 2', ['Narine']],
    ] as const) {
      const desk = s.station(label);
      installHubKey(desk.core.ctx, SYSTEM_ACTOR, hub.publicKey);
      for (const name of names) {
        desk.register(family(name, 'Petrosyan'));
        expect(exportBatch(desk.core.ctx, SYSTEM_ACTOR, { folder })).toMatchObject({ exported: true });
        s.clock.advance(5);
      }
    }
    writeFileSync(join(folder, 'ZZZ-damaged.ibatch'), 'not a batch');
    writeFileSync(join(folder, '.hidden.ibatch'), 'a half-copied file');
    writeFileSync(join(folder, 'notes.txt'), 'not a batch either');
    mkdirSync(join(folder, 'sub.ibatch'));
    return { ctx: hub.core.ctx, folder };
  }

  it('refuses desks the hub does not know, each with its reason, noting their attempt; nothing is asked halfway', () => {
    const { ctx, folder } = stick();
    const files = listBatchFolder(folder);
    expect(files.map((f) => f.name).sort()).toEqual(
      readdirSync(folder)
        .filter((n) => /^[^.].*\.ibatch$/.test(n) && n !== 'sub.ibatch')
        .sort(),
    );
    const seen = control(ctx, () => false);
    const outcome = importBatchFiles(ctx, SYSTEM_ACTOR, [...files].reverse());
    expect(outcome).toMatchObject({ imported: 0, duplicates: 0, refused: 4 });
    expect(outcome.batches.map((b) => b.issue?.code)).toEqual([
      'batch.refused.station_unknown',
      'batch.refused.station_unknown',
      'batch.refused.station_unknown',
      'batch.refused.malformed',
    ]);
    // Progress counts batches across the folder, also while a batch's own loop runs.
    expect(new Set(seen.steps.map((x) => x.unit))).toEqual(new Set(['batches']));
    expect(seen.steps.at(-1)).toEqual({ done: 4, total: 4, unit: 'batches' });
    expect(stationAttempts(ctx.db)).toHaveLength(2);
  });

  it('imports in name order once the desks are enrolled; cancelled between batches, those taken in stay', () => {
    const { ctx, folder } = stick();
    const files = listBatchFolder(folder);
    control(ctx, () => false);
    importBatchFiles(ctx, SYSTEM_ACTOR, files);
    for (const attempt of stationAttempts(ctx.db)) enrolAttempt(ctx, SYSTEM_ACTOR, attempt.fingerprint);
    const before = tableCounts(ctx.db);
    const seen = control(ctx, (done, _total, unit) => unit === 'batches' && done === 2);
    expect(thrown(() => importBatchFiles(ctx, SYSTEM_ACTOR, files))).toMatchObject({ code: 'cancelled', message: expect.stringContaining('2 of 4') as string });
    expect(seen.applied.map((a) => a.done)).toEqual([1, 2]);
    expect(tableCounts(ctx.db).received_batches).toBe((before.received_batches ?? 0) + 2);
    // Taken again whole: what was in answers "already held", the rest comes in.
    control(ctx, () => false);
    const again = importBatchFiles(ctx, SYSTEM_ACTOR, files);
    expect(again.batches.map((b) => b.status)).toEqual(['duplicate', 'duplicate', 'imported', 'refused']);
    // Name order: per desk, its change-log ranges oldest first (the desks' order is that of their random codes).
    expect(again.batches.map((b) => b.fileName)).toEqual(files.map((f) => f.name).sort());
    expect(again.batches[2]).toMatchObject({ households: 1, persons: 2 });
    expect(again.batches[3]).toMatchObject({ fileName: 'ZZZ-damaged.ibatch', issue: { code: 'batch.refused.malformed' } });
    expect(again).toMatchObject({ imported: 1, duplicates: 2, refused: 1 });
  });
});

describe("a hub's check across centres, once a batch is taken in", () => {
  let s: Site;
  afterEach(() => s.dispose());

  /** Families seeded alike at two centres, enough persons that a batch is checked in several chunks; a third desk's one family. */
  function centres() {
    s = site();
    const hub = s.hub();
    const stick = s.folder('stick');
    const files: string[] = [];
    for (const [i, [label, centre, households]] of (
      [
        ['Goris desk 1', 'GRS1', 650],
        ['Yerevan desk 3', 'YRV1', 650],
        ['Vanadzor desk 2', 'VNZ1', 0],
      ] as const
    ).entries()) {
      const desk = s.station(label, centre);
      installHubKey(desk.core.ctx, SYSTEM_ACTOR, hub.publicKey);
      if (households > 0) seedHouseholds(desk.core.ctx, SYSTEM_ACTOR, households, 3);
      else desk.register(family('Narine', 'Petrosyan'));
      const outcome = exportBatch(desk.core.ctx, SYSTEM_ACTOR, { folder: stick });
      if (!outcome.exported) throw new Error('nothing was exported');
      // Named in the order the folder takes them.
      const file = join(stick, `${i + 1}-${label.replaceAll(' ', '-')}.ibatch`);
      renameSync(outcome.batch.filePath, file);
      files.push(file);
    }
    return { ctx: hub.core.ctx, files };
  }

  /** The job stops at its next step once a cancel was asked for, which happens at the first persons checked. */
  function cancelledWhileChecking(ctx: CoreContext): Seen & { told: number[] } {
    const seen = { steps: [], applied: [], told: [] as number[] } as Seen & { told: number[] };
    let asked = false;
    let final = false;
    ctx.job = {
      step(done, total, unit) {
        seen.steps.push({ done, total, unit });
        if (asked && !final) throw cancelledError();
      },
      report(done, total, unit) {
        if (unit !== 'persons') throw new Error(`a report in ${unit}`);
        seen.told.push(done);
        asked = true;
      },
      applied(done, total, isFinal) {
        seen.applied.push({ done, total, final: isFinal });
        final ||= isFinal;
      },
    };
    return seen;
  }

  const batchHouseholds = (ctx: CoreContext, file: string) =>
    ctx.db
      .prepare('SELECT h.id FROM households h JOIN received_batches r ON r.station_id = h.station_id WHERE r.file_name = ?')
      .pluck()
      .all(basename(file)) as string[];

  it('a lone import can no longer be cancelled once committed: its check tells its progress and ends', () => {
    const { ctx, files } = centres();
    expect(importBatch(ctx, SYSTEM_ACTOR, fileSource(files[0]!), { acceptNewStation: true, fileName: basename(files[0]!) }).status).toBe('imported');
    const seen = cancelledWhileChecking(ctx);
    const outcome = importBatch(ctx, SYSTEM_ACTOR, fileSource(files[1]!), { acceptNewStation: true, fileName: basename(files[1]!) });
    expect(outcome.status).toBe('imported');
    expect(seen.applied).toEqual([{ done: 1, total: 1, final: true }]);
    const persons = outcome.status === 'imported' ? outcome.persons : 0;
    expect(persons).toBeGreaterThan(2000);
    expect(seen.told[0]).toBe(0);
    expect(seen.told.at(-1)).toBe(persons);
    // The check was not cut short: checking the batch again finds no pair it had not queued.
    ctx.job = undefined;
    expect(ctx.db.prepare('SELECT count(*) FROM hub_pairs').pluck().get()).toBeGreaterThan(0);
    expect(checkImportedAcrossCentres(ctx, batchHouseholds(ctx, files[1]!), 'again')).toBe(0);
  });

  it('a check cut short by the app closing is done again at the next import, of the same batch or another', () => {
    const { ctx, files } = centres();
    const take = (file: string) => importBatch(ctx, SYSTEM_ACTOR, fileSource(file), { acceptNewStation: true, fileName: basename(file) });
    expect(take(files[0]!).status).toBe('imported');
    const pairs = () => ctx.db.prepare('SELECT count(*) FROM hub_pairs').pluck().get() as number;
    const unchecked = () => ctx.db.prepare('SELECT count(DISTINCT batch_id) FROM hub_unchecked').pluck().get() as number;
    expect(unchecked()).toBe(0);
    // The app dies once the first chunk's pairs are queued: the batch stays taken in, noted as not checked through.
    ctx.job = {
      step: () => {},
      report: (done) => {
        if (done > 0) throw new Error('the app closed');
      },
    };
    expect(() => take(files[1]!)).toThrow('the app closed');
    ctx.job = undefined;
    expect(ctx.db.prepare('SELECT count(*) FROM received_batches').pluck().get()).toBe(2);
    expect(unchecked()).toBe(1);
    const cut = pairs();
    expect(cut).toBeGreaterThan(0);
    // Taken again: "already held", and the check is finished; the screens are told to read the queue again.
    const told: string[][] = [];
    const changed = ctx.changed;
    ctx.changed = (kinds) => {
      told.push([...kinds]);
      changed(kinds);
    };
    try {
      expect(take(files[1]!).status).toBe('duplicate');
    } finally {
      ctx.changed = changed;
    }
    expect(told).toEqual([['households']]);
    expect(unchecked()).toBe(0);
    expect(pairs()).toBeGreaterThan(cut);
    expect(checkImportedAcrossCentres(ctx, batchHouseholds(ctx, files[1]!), 'again')).toBe(0);

    // Cut short again (its pairs taken away to see them found), then another batch is taken in: both are checked.
    ctx.db.prepare('DELETE FROM hub_pairs').run();
    ctx.db
      .prepare("INSERT INTO hub_unchecked (batch_id, household_id) SELECT '0', id FROM households WHERE id IN (SELECT value FROM json_each(?))")
      .run(JSON.stringify(batchHouseholds(ctx, files[1]!)));
    expect(take(files[2]!).status).toBe('imported');
    expect(unchecked()).toBe(0);
    expect(pairs()).toBeGreaterThan(cut);
    expect(checkImportedAcrossCentres(ctx, batchHouseholds(ctx, files[1]!), 'again')).toBe(0);
  });

  it('a supervisor checks now the batches whose check was cut short; a cancel stops before the next batch', () => {
    const { ctx, files } = centres();
    const take = (file: string) => importBatch(ctx, SYSTEM_ACTOR, fileSource(file), { acceptNewStation: true, fileName: basename(file) });
    // The pairs, not their scores: a batch checked against one taken in after it scores each pair from the other side.
    const pairs = () => ctx.db.prepare('SELECT a, b FROM hub_pairs ORDER BY a, b').all();
    const unchecked = () => ctx.db.prepare('SELECT DISTINCT batch_id FROM hub_unchecked ORDER BY 1').pluck().all();
    for (const file of files) expect(take(file).status).toBe('imported');
    const found = pairs();
    expect(found.length).toBeGreaterThan(0);
    expect(checkUncheckedNow(ctx)).toEqual({ batches: 0, added: 0 });
    // Goris's and Yerevan's checks cut short by the app closing (their pairs taken away, to see them found again).
    ctx.db.prepare('DELETE FROM hub_pairs').run();
    const note = ctx.db.prepare('INSERT INTO hub_unchecked (batch_id, household_id) SELECT ?, value FROM json_each(?)');
    note.run('1', JSON.stringify(batchHouseholds(ctx, files[0]!)));
    note.run('2', JSON.stringify(batchHouseholds(ctx, files[1]!)));
    // Cancelled while the first is checked: its check ends, the second is not begun, and the job says how far it got.
    const seen = cancelledWhileChecking(ctx);
    expect(thrown(() => checkUncheckedNow(ctx))).toMatchObject({ code: 'cancelled', message: expect.stringContaining('1 of 2') as string });
    expect(seen.steps[0]).toEqual({ done: 0, total: 2, unit: 'batches' });
    // Noted with the batch's note taken away: after the cancel (or the app closing), the job says one stays checked.
    expect(seen.applied).toEqual([{ done: 1, total: 2, final: false }]);
    expect(seen.told.at(-1)).toBeGreaterThan(1000);
    expect(unchecked()).toEqual(['2']);
    expect(pairs()).toEqual(found);
    // Again (the first check's pairs taken away too): Yerevan's batch is checked, and finds the same pairs.
    ctx.db.prepare('DELETE FROM hub_pairs').run();
    ctx.job = undefined;
    const checked = checkUncheckedNow(ctx);
    expect(unchecked()).toEqual([]);
    expect(pairs()).toEqual(found);
    expect(checked).toEqual({ batches: 1, added: found.length });
    // Its new pairs are in the audit trail as an import's check's are.
    expect(ctx.db.prepare("SELECT entity_id FROM audit_events WHERE action = 'hub_duplicates.found'").pluck().all()).toContain('2');
  });

  it('a folder cancelled while a batch is checked stops after that check, at the next batch', () => {
    const { ctx, files } = centres();
    const refs = files.map((path) => ({ path, name: basename(path) }));
    // The desks enrolled first (a folder refuses desks it does not know, noting their attempts).
    control(ctx, () => false);
    expect(importBatchFiles(ctx, SYSTEM_ACTOR, refs)).toMatchObject({ refused: 3 });
    for (const attempt of stationAttempts(ctx.db)) enrolAttempt(ctx, SYSTEM_ACTOR, attempt.fingerprint);
    const seen = cancelledWhileChecking(ctx);
    expect(thrown(() => importBatchFiles(ctx, SYSTEM_ACTOR, refs))).toMatchObject({ code: 'cancelled', message: expect.stringContaining('2 of 3') as string });
    // The second batch was checked whole, then the folder stopped: the third is not taken in.
    expect(seen.told.at(-1)).toBeGreaterThan(2000);
    expect(seen.applied.map((a) => [a.done, a.final])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(ctx.db.prepare('SELECT file_name FROM received_batches ORDER BY file_name').pluck().all()).toEqual(refs.slice(0, 2).map((r) => r.name));
    ctx.job = undefined;
    expect(checkImportedAcrossCentres(ctx, batchHouseholds(ctx, files[1]!), 'again')).toBe(0);
  });
});
