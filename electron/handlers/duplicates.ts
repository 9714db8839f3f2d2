import { checkDuplicates } from '../core/duplicates/check.js';
import { duplicateQueue, resolvePair } from '../core/duplicates/decisions.js';
import { reviewDuplicates } from '../core/duplicates/review.js';
import { importList, previewList } from '../core/lists/import.js';
import { traceRelatives } from '../core/tracing.js';
import { allowed, type DomainHandlers } from './handler.js';

export const duplicateHandlers = {
  'duplicates.check': { roles: allowed('duplicates.check'), run: (ctx, _actor, input) => checkDuplicates(ctx, input) },
  'duplicates.queue': { roles: allowed('duplicates.queue'), run: (ctx, _actor, input) => duplicateQueue(ctx, input) },
  'duplicates.review': { roles: allowed('duplicates.review'), run: (ctx, actor) => reviewDuplicates(ctx, actor) },
  'duplicates.resolve': { roles: allowed('duplicates.resolve'), run: (ctx, actor, input) => resolvePair(ctx, actor, input) },
  'tracing.search': { roles: allowed('tracing.search'), run: (ctx, actor, input) => traceRelatives(ctx, actor, input) },
  'lists.preview': { roles: allowed('lists.preview'), run: (ctx, _actor, input) => previewList(ctx, input) },
  'lists.import': { roles: allowed('lists.import'), run: (ctx, actor, input) => importList(ctx, actor, input) },
} satisfies DomainHandlers;
