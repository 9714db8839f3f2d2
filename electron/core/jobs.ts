import type { FinishedJobView, JobOutcome, ProgressUnit, RunningJobView } from '../api/views-jobs.js';
import { mayCall } from '../api/roles.js';
import { z } from 'zod';
import { readSetting, writeSetting } from './batch/settings.js';
import type { CoreContext, Role } from './context.js';
import type { DB } from './db/open.js';
import { CoreError } from './errors.js';

/**
 * Long work (issue 15). A long method's loop reports how far it is with `progress`; in the job worker that reaches
 * the screens, and a cancel asked for meanwhile stops the job there by throwing `cancelled` from inside its
 * transaction, so nothing of it is applied. Elsewhere (the CLI, tests calling core directly) `progress` does nothing.
 * Each long job is noted in `settings` (`jobs.recent`): what became of it is known after a restart too.
 */

/** What a running job reports to; `step` throws CoreError('cancelled') once a cancel was asked for. */
export interface JobControl {
  step(done: number, total: number, unit: ProgressUnit): void;
  /**
   * Progress of work that must end once begun (a hub's check of a batch it has taken in): shown like a step's, never
   * stops the job. A cancel asked for meanwhile stops it at its next `step`, if it has one (a folder's next batch).
   */
  report?(done: number, total: number, unit: ProgressUnit): void;
  /**
   * Called inside the transaction that applies part of a job (a purge's household, an erasure, an export's record):
   * once it commits, `done` of `total` parts stay applied whatever happens next. With `final`, the job is past its
   * point of no return: it can no longer be cancelled, only finish (an erasure's clean-up of the file).
   */
  applied?(done: number, total: number, final: boolean): void;
}

/** A loop's progress: `done` of `total` in `unit`. Throws CoreError('cancelled') when the job is to stop. */
export function progress(ctx: CoreContext, done: number, total: number, unit: ProgressUnit = 'steps'): void {
  ctx.job?.step(done, total, unit);
}

/** Progress that never stops the job (see JobControl.report). */
export function report(ctx: CoreContext, done: number, total: number, unit: ProgressUnit): void {
  ctx.job?.report?.(done, total, unit);
}

/**
 * Inside the transaction that applies part of a long job: noted with the job in the same transaction, so that after a
 * cancel, a failure or the app closing the desk says truly how much of it stays applied. See JobControl.applied.
 */
export function applying(ctx: CoreContext, done: number, total: number, options: { final?: boolean } = {}): void {
  ctx.job?.applied?.(done, total, options.final ?? false);
}

/** A cancelled job of which some parts were applied before the cancel (each part whole): they stay. */
export function stoppedError(done: number, total: number): CoreError {
  const message = `Stopped. ${done} of ${total} were finished before the cancel and stay so; the rest was not done.`;
  return new CoreError('cancelled', message, [{ path: '', code: 'jobs.stopped', message, params: { done, total } }]);
}

export const cancelledError = (): CoreError => new CoreError('cancelled', 'Cancelled. Nothing of this task was applied.');

/** What the core worker knows of the job running now, for the handlers of `jobs.status` and `jobs.cancel`. */
export interface JobBoard {
  running(): RunningJobView | null;
  /** Asks the running job with this id to stop; false when it is not the one running. */
  cancel(id: number): boolean;
}

export const INTERRUPTED_MESSAGE = 'The app was closed while this task ran. Nothing of it was applied.';
export const INTERRUPTED_PARTLY_MESSAGE = 'The app was closed while this task ran. What it had finished before stays; the rest was not done.';

/**
 * The last long jobs, newest first, kept as one JSON value in `settings` (small, in the encrypted file, and no
 * schema change): written by the job worker when a job starts and when it ends.
 */
const RECENT_JOBS = 'jobs.recent';
const KEPT = 20;

const StoredJob = z.object({
  id: z.string(),
  method: z.string(),
  operator: z.string(),
  status: z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']),
  startedAt: z.string(),
  endedAt: z.string(),
  message: z.string(),
  /** How many parts of it were applied (committed) while it ran; absent: none. */
  applied: z.object({ done: z.number().int().min(0), total: z.number().int().min(0) }).optional(),
});
type StoredJob = z.infer<typeof StoredJob>;
const StoredJobs = z.array(StoredJob).max(KEPT);

function readJobs(db: DB): StoredJob[] {
  const raw = readSetting(db, RECENT_JOBS);
  if (!raw) return [];
  try {
    const parsed = StoredJobs.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Reads, changes and writes the list in one immediate transaction (the core worker may write at start-up). */
function changeJobs(db: DB, change: (jobs: StoredJob[]) => StoredJob[]): void {
  db.transaction(() => writeSetting(db, RECENT_JOBS, JSON.stringify(change(readJobs(db)).slice(0, KEPT)))).immediate();
}

export function recordJobStart(db: DB, job: { id: string; method: string; operator: string; startedAt: string }): void {
  changeJobs(db, (jobs) => [{ ...job, status: 'running', endedAt: '', message: '' }, ...jobs]);
}

export function recordJobEnd(db: DB, id: string, outcome: Exclude<JobOutcome, 'interrupted'>, message: string, endedAt: string): void {
  changeJobs(db, (jobs) => jobs.map((j) => (j.id === id ? { ...j, status: outcome, message: message.slice(0, 500), endedAt } : j)));
}

/**
 * Notes that `done` of `total` parts of job `id` are applied. Called inside the job's own applying transaction (a
 * savepoint in it): the note commits, or rolls back, with what it says.
 */
export function recordJobApplied(db: DB, id: string, done: number, total: number): void {
  changeJobs(db, (jobs) => jobs.map((j) => (j.id === id ? { ...j, applied: { done, total } } : j)));
}

/** A job that only asked a question (a hub import waiting for a station's fingerprint to be confirmed): no outcome. */
export function forgetJob(db: DB, id: string): void {
  changeJobs(db, (jobs) => jobs.filter((j) => j.id !== id));
}

/** At start-up, before any job runs: a job still marked running was cut short by the app closing. */
export function markInterrupted(db: DB, at: string): number {
  const cut = readJobs(db).filter((j) => j.status === 'running').length;
  if (cut > 0) {
    changeJobs(db, (jobs) =>
      jobs.map((j) =>
        j.status === 'running' ? { ...j, status: 'interrupted', message: j.applied ? INTERRUPTED_PARTLY_MESSAGE : INTERRUPTED_MESSAGE, endedAt: at } : j,
      ),
    );
  }
  return cut;
}

/** The last job that ended among those `role` may start (a registrar is not told of a review they cannot run). */
export function lastJob(db: DB, role: Role): FinishedJobView | null {
  const job = readJobs(db).find((j) => j.status !== 'running' && mayCall(j.method, role));
  if (!job || job.status === 'running') return null;
  return {
    id: job.id,
    method: job.method,
    operator: job.operator,
    startedAt: job.startedAt,
    endedAt: job.endedAt,
    outcome: job.status,
    message: job.message,
    applied: job.applied ?? null,
  };
}

/** The running job as `role` may see it: a job of a method the role may not start is not shown. */
export function visibleJob(board: JobBoard | undefined, role: Role): RunningJobView | null {
  const running = board?.running() ?? null;
  return running && mayCall(running.method, role) ? running : null;
}

/** Stops the running job `id`: only the one running, only by a role that may start it, only where it can stop. */
export function cancelJob(board: JobBoard | undefined, role: Role, id: number): { cancelling: boolean } {
  const running = visibleJob(board, role);
  if (!board || !running || running.id !== id) throw new CoreError('not_found', 'This task has already ended.');
  if (!running.cancellable) {
    throw new CoreError('conflict', 'This task can no longer be stopped: what it changed is already saved, and it ends by itself shortly.');
  }
  return { cancelling: board.cancel(id) };
}
