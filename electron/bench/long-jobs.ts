import { cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Result } from '../api/result.js';
import { exportBatch } from '../core/batch/export.js';
import { keyFingerprint } from '../core/batch/raw-keys.js';
import { ensureHubKeys, installHubKey, stationPublicKey } from '../core/batch/keys.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { openCore } from '../core/index.js';
import { createOperator } from '../core/access/operators.js';
import type { Dispatcher } from '../handlers/dispatch.js';
import { startDeskWorker } from '../worker/desk-worker.js';
import { percentile, round, type BenchSection } from './index.js';

/**
 * Long work beside short requests, through the same port the app uses: the core in its worker, this thread standing
 * for Electron's main process. A full duplicate review and a hub import of a whole desk's batch, each with searches
 * sent one after another while it runs. Also what tests/integration/worker/long-jobs.test.ts drives, smaller.
 */

export const SUPERVISOR = { name: 'Bench Supervisor', secret: 'bench-super-1', role: 'supervisor' } as const;

/** A copy of a station's folder with a supervisor, and a hub (with one too) holding that station's whole backlog as a batch file. */
export async function stationAndHub(stationDir: string, root: string): Promise<{ stationDir: string; hubDir: string; batchPath: string; fingerprint: string }> {
  const copy = join(root, 'station');
  cpSync(stationDir, copy, { recursive: true });
  const hubDir = join(root, 'hub');
  const station = openCore({ dataDir: copy });
  const hub = openCore({ dataDir: hubDir, setup: { centreCode: 'HUB', centreName: 'Bench hub', stationLabel: 'Hub', role: 'hub' } });
  try {
    await createOperator(station.ctx, SYSTEM_ACTOR, SUPERVISOR);
    await createOperator(hub.ctx, SYSTEM_ACTOR, SUPERVISOR);
    installHubKey(station.ctx, SYSTEM_ACTOR, ensureHubKeys(hubDir).pair.publicKey);
    const outcome = exportBatch(station.ctx, SYSTEM_ACTOR, { folder: mkdtempSync(join(root, 'stick-')) });
    if (!outcome.exported) throw new Error('Nothing to export for the hub import');
    return { stationDir: copy, hubDir, batchPath: outcome.batch.filePath, fingerprint: keyFingerprint(stationPublicKey(station.ctx.db) ?? '') };
  } finally {
    station.close();
    hub.close();
  }
}

export interface Overlap {
  /** Milliseconds each search took, in the order sent. */
  searches: number[];
  /** How many searches were answered before the long job's own answer. */
  answeredBefore: number;
  job: Result<unknown>;
}

/** Starts `job` and sends searches one after another until it answers (at least `minimum` of them). */
export async function searchWhile(dispatcher: Dispatcher, job: () => Promise<Result<unknown>>, texts: readonly string[], minimum = 3): Promise<Overlap> {
  // Set by the job's own callback while the searches run.
  let done = false as boolean;
  const running = job().then((result) => {
    done = true;
    return result;
  });
  const searches: number[] = [];
  let answeredBefore = 0;
  for (let i = 0; !done || i < minimum; i++) {
    const started = performance.now();
    const answer = await dispatcher.invoke('search.query', { text: texts[i % texts.length] });
    if (!answer.ok) throw new Error(`A search failed: ${answer.error.message}`);
    searches.push(performance.now() - started);
    if (!done) answeredBefore++;
  }
  return { searches, answeredBefore, job: await running };
}

const SEARCHES = ['Hakobyan', 'Анна', 'Petrosyan Armen', 'Մարիամ', 'Sargsyan', 'Иванов'];

export const longJobsBench: BenchSection = async (bench) => {
  bench.core.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  const { stationDir, hubDir, batchPath, fingerprint } = await stationAndHub(bench.dataDir, bench.scratch('long-jobs'));
  // Measured on this thread, which stands for the main process: it only relays. One monitor per job, started as
  // the job is sent (a monitor enabled again would count the pause in between as one long delay); over both jobs,
  // the larger p99 and the larger maximum.
  const delay = { p99: 0, max: 0 };
  const during: number[] = [];
  for (const [dataDir, job] of [
    [stationDir, (d: Dispatcher) => d.invoke('duplicates.review', {})],
    [hubDir, (d: Dispatcher) => d.invoke('hub.import', { path: batchPath, acceptStation: fingerprint })],
  ] as const) {
    const desk = await startDeskWorker({ dataDir, purgeEveryHours: 0 });
    try {
      const signIn = await desk.dispatcher.invoke('session.signIn', { name: SUPERVISOR.name, secret: SUPERVISOR.secret });
      if (!signIn.ok) throw new Error(signIn.error.message);
      const monitor = monitorEventLoopDelay({ resolution: 1 });
      monitor.enable();
      const overlap = await searchWhile(desk.dispatcher, () => job(desk.dispatcher), SEARCHES);
      monitor.disable();
      delay.p99 = Math.max(delay.p99, monitor.percentile(99));
      delay.max = Math.max(delay.max, monitor.max);
      if (!overlap.job.ok) throw new Error(`The long job failed: ${overlap.job.error.message}`);
      if (dataDir === stationDir) during.push(...overlap.searches);
    } finally {
      await desk.close();
    }
  }
  during.sort((a, b) => a - b);
  bench.report('main_loop_delay_p99_ms', round(delay.p99 / 1e6));
  bench.report('main_loop_delay_max_ms', round(delay.max / 1e6));
  bench.report('search_during_review_p95_ms', round(percentile(during, 95)));
};
