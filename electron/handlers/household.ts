import { today } from '../core/context.js';
import { clearDraft, loadDraft, saveDraft } from '../core/drafts.js';
import { getHousehold, householdHistory, recentHouseholds } from '../core/households/read.js';
import { registerHousehold, updateHousehold, voidHousehold } from '../core/households/write.js';
import { transliterate } from '../core/names/translit.js';
import { searchPersons } from '../core/search.js';
import { computeStats } from '../core/stats.js';
import { EVERYONE, SUPERVISORS, type DomainHandlers } from './handler.js';

export const householdHandlers = {
  'station.info': { roles: 'anyone', run: (ctx) => ctx.station },
  'household.register': { roles: EVERYONE, run: (ctx, actor, input) => registerHousehold(ctx, actor, input) },
  'household.update': { roles: EVERYONE, run: (ctx, actor, input) => updateHousehold(ctx, actor, input) },
  'household.void': { roles: SUPERVISORS, run: (ctx, actor, input) => voidHousehold(ctx, actor, input) },
  'household.get': { roles: EVERYONE, run: (ctx, _actor, input) => getHousehold(ctx.db, input.id, today(ctx)) },
  'household.history': { roles: EVERYONE, run: (ctx, _actor, input) => householdHistory(ctx.db, input.id) },
  'household.recent': { roles: EVERYONE, run: (ctx, _actor, input) => recentHouseholds(ctx.db, input.limit, input.offset) },
  'search.query': { roles: EVERYONE, run: (ctx, _actor, input) => searchPersons(ctx.db, input.text, input.limit, today(ctx)) },
  'stats.summary': { roles: EVERYONE, run: (ctx) => computeStats(ctx.db) },
  'draft.save': { roles: EVERYONE, run: (ctx, actor, input) => (saveDraft(ctx, actor.id, input.payload), null) },
  'draft.load': { roles: EVERYONE, run: (ctx, actor) => loadDraft(ctx, actor.id) },
  'draft.clear': { roles: EVERYONE, run: (ctx, actor) => (clearDraft(ctx, actor.id), null) },
  'names.transliterate': { roles: EVERYONE, run: (_ctx, _actor, input) => input.texts.map(transliterate) },
} satisfies DomainHandlers;
