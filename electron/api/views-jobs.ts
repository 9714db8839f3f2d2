/**
 * Long work (issue 15): a full duplicate review, a list import, a batch export, a hub import, a purge or an erasure
 * runs in the core's job worker. While it runs the screens show how far it is and may cancel it; afterwards they say
 * what became of it, even after the app was closed halfway.
 */

/**
 * What the figures of a job count. `persons`: a hub import's batch, taken in, checked against every family the hub
 * holds for the same persons registered at another centre (after the batch's commit, so it is never cut short).
 */
export type ProgressUnit = 'households' | 'records' | 'batches' | 'steps' | 'persons';

export interface RunningJobView {
  /** The job's number on this desk since the app started; what `jobs.cancel` names. */
  id: number;
  /** The method that started it, e.g. `duplicates.review`. */
  method: string;
  startedAt: string;
  /** Done and total in `unit`; total 0 while not known yet. */
  done: number;
  total: number;
  unit: ProgressUnit;
  /** About how many milliseconds are left, at the pace since its first figure; null until that pace is known. */
  leftMs: number | null;
  /** Whether this job may be stopped halfway (nothing of it is then applied). */
  cancellable: boolean;
  /** A cancel was asked for and the job has not stopped yet. */
  cancelling: boolean;
  /** Long jobs waiting behind this one. */
  waiting: number;
}

/** done: finished; cancelled: stopped by someone, nothing applied; failed: an error, nothing applied;
 * interrupted: the app was closed (or stopped) while it ran, nothing applied. */
export type JobOutcome = 'done' | 'cancelled' | 'failed' | 'interrupted';

export interface FinishedJobView {
  id: string;
  method: string;
  operator: string;
  startedAt: string;
  endedAt: string;
  outcome: JobOutcome;
  /** The error's words when it failed (English, as core writes them). */
  message: string;
  /**
   * Parts of it applied before it ended (each part whole, e.g. households a purge had finished): they stay even when
   * it was then cancelled, failed or cut short. null: nothing of it was applied unless its outcome is done.
   */
  applied: { done: number; total: number } | null;
}

export interface JobsView {
  running: RunningJobView | null;
  /** The last long job that ended, of those the caller's role may start. */
  last: FinishedJobView | null;
}
