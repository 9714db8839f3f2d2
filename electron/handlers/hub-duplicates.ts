import { auditedHubQueue, checkUncheckedNow, decideHubPair, undoHubPair } from '../core/duplicates/hub.js';
import type { DomainHandlers } from './handler.js';

/** Duplicates across centres at the hub: reading the queue is a read of personal data, and audited. */
export const hubDuplicateHandlers = {
  'hubDuplicates.queue': { run: (ctx, actor, input) => auditedHubQueue(ctx, actor, input) },
  'hubDuplicates.decide': { run: (ctx, actor, input) => decideHubPair(ctx, actor, input) },
  'hubDuplicates.undo': { run: (ctx, actor, input) => undoHubPair(ctx, actor, input) },
  // Pairs it finds are audited as an import's check's are (hub_duplicates.found, per batch).
  'hubDuplicates.checkNow': { run: (ctx) => checkUncheckedNow(ctx) },
} satisfies DomainHandlers;
