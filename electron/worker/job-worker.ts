import { workerData, type MessagePort } from 'node:worker_threads';
import type { Result } from '../api/result.js';
import type { JobOutcome } from '../api/views-jobs.js';
import { givenKeyProvider } from '../core/db/key-provider.js';
import { openCore, type Core } from '../core/index.js';
import { cancelledError, forgetJob, recordJobApplied, recordJobEnd, recordJobStart, type JobControl } from '../core/jobs.js';
import { newSession } from '../core/access/session.js';
import { execute } from '../handlers/run-method.js';
import { PROGRESS_EVERY_MS, type DeskStartOptions, type FromJobs, type ToJobs } from './protocol.js';

/**
 * The job worker: long methods (a full duplicate review, a list import, a hub import...) on a database connection of
 * its own, one at a time, so the core worker beside it keeps answering. Calls arrive admitted (role and input checked
 * by the core worker's dispatcher); the same runner executes them and turns errors into values. Each job reports its
 * progress and stops when the core worker sets `cancel` to its id (shared memory: this thread is busy meanwhile).
 */
const { port, options, cancel } = workerData as { port: MessagePort; options: DeskStartOptions; cancel: Int32Array };
const log = (message: string, error?: unknown) => console.error(`jobs: ${message}`, error ?? '');
const post = (message: FromJobs) => port.postMessage(message);

let core: Core | undefined;
let queue: Promise<void> = Promise.resolve();

/** Opened at the first job: by then the core worker has opened (and migrated) the file. */
function coreNow(): Core {
  if (!core) {
    // The same key as the core worker's: at-rest's sealing of the key files is per thread, registered by openCore.
    core = openCore({ dataDir: options.dataDir, keys: options.databaseKey ? givenKeyProvider(options.databaseKey) : undefined });
    core.onChange((kinds) => post({ type: 'changed', kinds }));
  }
  return core;
}

/**
 * Reports to the core worker a few times a second; `step` throws `cancelled` once the core worker asked this job to
 * stop, until the job passes its point of no return (`applied` with `final`): from then it only finishes. `report`
 * never throws (work that must end once begun).
 */
function controlFor(id: number, db: () => Core['ctx']['db'], jobId: string): JobControl {
  let posted = 0;
  let final = false;
  let last: { done: number; total: number; unit: Parameters<JobControl['step']>[2] } = { done: 0, total: 0, unit: 'steps' };
  const report: JobControl['step'] = (done, total, unit) => {
    last = { done, total, unit };
    const now = performance.now();
    // The last figure of a count is always told (a check that ends is seen to end).
    if (now - posted < PROGRESS_EVERY_MS && done < total) return;
    posted = now;
    post({ type: 'progress', id, done, total, unit, final });
  };
  return {
    step(done, total, unit) {
      if (!final && Atomics.load(cancel, 0) === id) throw cancelledError();
      report(done, total, unit);
    },
    report,
    applied(done, total, isFinal) {
      // In the job's own transaction: the note commits or rolls back with the part it tells of.
      recordJobApplied(db(), jobId, done, total);
      if (isFinal && !final) {
        final = true;
        post({ type: 'progress', id, ...last, final });
      }
    },
  };
}

const outcomeOf = (result: Result<unknown>): Exclude<JobOutcome, 'interrupted'> =>
  result.ok ? 'done' : result.error.code === 'cancelled' ? 'cancelled' : 'failed';

/** A hub import of an unknown station did nothing yet: it asks for the station's fingerprint to be confirmed. */
const asksFirst = (result: Result<unknown>): boolean =>
  result.ok && typeof result.value === 'object' && result.value !== null && 'status' in result.value && result.value.status === 'confirm_station';

/** The job's note in settings: written apart from the job's own transaction; a failure here never fails the job. */
function record(write: () => void): void {
  try {
    write();
  } catch (error) {
    log('The job could not be recorded', error);
  }
}

async function run(id: number, call: Extract<ToJobs, { type: 'run' }>['call']): Promise<Result<unknown>> {
  const { ctx } = coreNow();
  const jobId = ctx.newId();
  const startedAt = ctx.now().toISOString();
  post({ type: 'started', id, startedAt });
  record(() => recordJobStart(ctx.db, { id: jobId, method: call.method, operator: call.actor.name, startedAt }));
  const control = controlFor(id, () => ctx.db, jobId);
  ctx.job = control;
  let result: Result<unknown>;
  try {
    // Cancelled while it waited behind another job: it never starts.
    control.step(0, 0, 'steps');
    result = await execute(ctx, call, { session: newSession() }, log);
  } catch (error) {
    result = { ok: false, error: { code: 'cancelled', message: error instanceof Error ? error.message : String(error) } };
  } finally {
    ctx.job = undefined;
  }
  const outcome = outcomeOf(result);
  if (asksFirst(result)) record(() => forgetJob(ctx.db, jobId));
  else record(() => recordJobEnd(ctx.db, jobId, outcome, result.ok ? '' : result.error.message, ctx.now().toISOString()));
  return result;
}

port.on('message', (message: ToJobs) => {
  if (message.type === 'close') {
    void queue.then(() => {
      core?.close();
      post({ type: 'closed' });
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    let result: Result<unknown>;
    try {
      result = await run(message.id, message.call);
    } catch (error) {
      log('The job could not start', error);
      result = { ok: false as const, error: { code: 'internal' as const, message: 'Something went wrong inside the app. Nothing was saved.' } };
    }
    post({ type: 'result', id: message.id, result });
  });
});
