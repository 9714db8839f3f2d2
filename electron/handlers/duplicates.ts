import { auditedCheck } from '../core/duplicates/check.js';
import { auditedQueue, resolvePair } from '../core/duplicates/decisions.js';
import { reviewDuplicates } from '../core/duplicates/review.js';
import { auditedPreview, importList } from '../core/lists/import.js';
import { traceRelatives } from '../core/search/tracing.js';
import type { DomainHandlers } from './handler.js';

/** Reads of other people's records (the check's candidates, the queue, a list's matches) are audited, as household views are. */
export const duplicateHandlers = {
  'duplicates.check': { run: (ctx, actor, input) => auditedCheck(ctx, actor, input) },
  'duplicates.queue': { run: (ctx, actor, input) => auditedQueue(ctx, actor, input) },
  'duplicates.review': { run: (ctx, actor) => reviewDuplicates(ctx, actor) },
  'duplicates.resolve': { run: (ctx, actor, input) => resolvePair(ctx, actor, input) },
  'tracing.search': { run: (ctx, actor, input) => traceRelatives(ctx, actor, input) },
  'lists.preview': { run: (ctx, actor, input) => auditedPreview(ctx, actor, input) },
  'lists.import': { run: (ctx, actor, input) => importList(ctx, actor, input) },
} satisfies DomainHandlers;
