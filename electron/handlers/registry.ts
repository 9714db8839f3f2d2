import type { MethodName, MethodParsedInput, MethodResult } from '../api/contract.js';
import { clearDraft, loadDraft, saveDraft } from '../core/drafts.js';
import { today, type Actor, type CoreContext } from '../core/context.js';
import { getHousehold, householdHistory, recentHouseholds } from '../core/households/read.js';
import { registerHousehold, updateHousehold, voidHousehold } from '../core/households/write.js';
import { transliterate } from '../core/names/translit.js';
import { searchPersons } from '../core/search.js';
import { computeStats } from '../core/stats.js';

/** Each method of the contract, bound to core. Inputs arrive already parsed by the method's schema. */
export type Handler<M extends MethodName> = (ctx: CoreContext, actor: Actor, input: MethodParsedInput<M>) => MethodResult<M>;
export type HandlerMap = { [M in MethodName]: Handler<M> };

export const handlers: HandlerMap = {
  'station.info': (ctx) => ctx.station,
  'household.register': (ctx, actor, input) => registerHousehold(ctx, actor, input),
  'household.update': (ctx, actor, input) => updateHousehold(ctx, actor, input),
  'household.void': (ctx, actor, input) => voidHousehold(ctx, actor, input),
  'household.get': (ctx, _actor, input) => getHousehold(ctx.db, input.id, today(ctx)),
  'household.history': (ctx, _actor, input) => householdHistory(ctx.db, input.id),
  'household.recent': (ctx, _actor, input) => recentHouseholds(ctx.db, input.limit, input.offset),
  'search.query': (ctx, _actor, input) => searchPersons(ctx.db, input.text, input.limit, today(ctx)),
  'stats.summary': (ctx) => computeStats(ctx.db),
  'draft.save': (ctx, actor, input) => (saveDraft(ctx, actor.id, input.payload), null),
  'draft.load': (ctx, actor) => loadDraft(ctx, actor.id),
  'draft.clear': (ctx, actor) => (clearDraft(ctx, actor.id), null),
  'names.transliterate': (_ctx, _actor, input) => input.texts.map(transliterate),
};
