import { cancelJob, lastJob, visibleJob } from '../core/jobs.js';
import type { DomainHandlers } from './handler.js';

/** Long work (issue 15): what the job worker is doing, what became of the last job, and stopping it. */
export const jobHandlers = {
  'jobs.status': { run: (ctx, actor, _input, connection) => ({ running: visibleJob(connection.jobs, actor.role), last: lastJob(ctx.db, actor.role) }) },
  'jobs.cancel': { run: (_ctx, actor, input, connection) => cancelJob(connection.jobs, actor.role, input.id) },
} satisfies DomainHandlers;
