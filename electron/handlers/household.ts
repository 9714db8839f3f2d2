import { endSearch, searchInSession, viewHistory, viewHousehold } from '../core/access-log.js';
import { clearDraft, loadDraft, saveDraft } from '../core/drafts.js';
import { recentHouseholds } from '../core/households/read.js';
import { registerHousehold, updateHousehold, voidHousehold } from '../core/households/write.js';
import { transliterate } from '../core/names/translit.js';
import { computeStats } from '../core/stats.js';
import { allowed, type DomainHandlers } from './handler.js';

/** Roles come from PERMISSIONS (core/permissions.ts); views and searches are recorded in the audit trail. */
export const householdHandlers = {
  'station.info': { roles: allowed('station.info'), run: (ctx) => ctx.station },
  'household.register': { roles: allowed('household.register'), run: (ctx, actor, input) => registerHousehold(ctx, actor, input) },
  'household.update': { roles: allowed('household.update'), run: (ctx, actor, input) => updateHousehold(ctx, actor, input) },
  'household.void': { roles: allowed('household.void'), run: (ctx, actor, input) => voidHousehold(ctx, actor, input) },
  'household.get': {
    roles: allowed('household.get'),
    // Opening a household ends the search in progress: its event says which one was opened.
    run: (ctx, actor, input, { session }) => (endSearch(session, input.id), viewHousehold(ctx, actor, input.id)),
  },
  'household.history': { roles: allowed('household.history'), run: (ctx, actor, input) => viewHistory(ctx, actor, input.id) },
  'household.recent': { roles: allowed('household.recent'), run: (ctx, _actor, input) => recentHouseholds(ctx.db, input.limit, input.offset) },
  'search.query': { roles: allowed('search.query'), run: (ctx, actor, input, { session }) => searchInSession(ctx, actor, session, input.text, input.limit) },
  'stats.summary': { roles: allowed('stats.summary'), run: (ctx) => computeStats(ctx.db) },
  'draft.save': { roles: allowed('draft.save'), run: (ctx, actor, input) => (saveDraft(ctx, actor.id, input.payload), null) },
  'draft.load': { roles: allowed('draft.load'), run: (ctx, actor) => loadDraft(ctx, actor.id) },
  'draft.clear': { roles: allowed('draft.clear'), run: (ctx, actor) => (clearDraft(ctx, actor.id), null) },
  'names.transliterate': { roles: allowed('names.transliterate'), run: (_ctx, _actor, input) => input.texts.map(transliterate) },
} satisfies DomainHandlers;
