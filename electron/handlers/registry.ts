import type { HandlerMap } from './handler.js';
import { batchHandlers } from './batches.js';
import { duplicateHandlers } from './duplicates.js';
import { householdHandlers } from './household.js';
import { printHandlers } from './print.js';
import { protectionHandlers } from './protection.js';
import { syncHandlers } from './sync.js';
// Issue 14: duplicates across centres at the hub.
import { hubDuplicateHandlers } from './hub-duplicates.js';
// Issue 15: long work in the job worker.
import { jobHandlers } from './jobs.js';
// Issue 17: the crowd at the door.
import { queueHandlers } from './queue.js';

/** Every method of the contract bound to core; the type makes a method without a handler a compile error. */
export const handlers: HandlerMap = {
  ...householdHandlers,
  ...batchHandlers,
  ...duplicateHandlers,
  ...printHandlers,
  ...protectionHandlers,
  ...syncHandlers,
  ...hubDuplicateHandlers,
  ...jobHandlers,
  ...queueHandlers,
};
