import type { z } from 'zod';
import { batchMethods } from './methods/batches.js';
import { duplicateMethods } from './methods/duplicates.js';
import { householdMethods } from './methods/household.js';
import { printMethods } from './methods/print.js';
import { protectionMethods } from './methods/protection.js';
import { syncMethods } from './methods/sync.js';
// Issue 14: duplicates across centres at the hub.
import { hubDuplicateMethods } from './methods/hub-duplicates.js';
// Issue 15: long work in the job worker.
import { jobMethods } from './methods/jobs.js';
// Issue 17: the crowd at the door.
import { queueMethods } from './methods/queue.js';

/**
 * The contract between the renderer and the main process: each method's name, its zod input schema and its result
 * type. Each domain declares its methods in `methods/<domain>.ts`; this file joins them. Main parses every input with
 * the schema before core sees it.
 */
export const methods = {
  ...householdMethods,
  ...batchMethods,
  ...duplicateMethods,
  ...printMethods,
  ...protectionMethods,
  ...syncMethods,
  ...hubDuplicateMethods,
  ...jobMethods,
  ...queueMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = Methods[M]['result'];

export const isMethodName = (name: unknown): name is MethodName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

export { EVENT_NAMES, isEventName, type EventName, type Events } from './events.js';
