import { z } from 'zod';
import { Empty, method } from '../method.js';
import type { JobsView } from '../views-jobs.js';

/** Long work (issue 15): how far the running job is, what became of the last one, and stopping it. */
export const jobMethods = {
  'jobs.status': method(Empty).returns<JobsView>(),
  'jobs.cancel': method(
    z
      .object({
        id: z
          .number()
          .int()
          .min(1)
          .max(2 ** 31),
      })
      .strict(),
  ).returns<{ cancelling: boolean }>(),
};
