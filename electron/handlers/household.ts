import { endSearch, searchInSession, viewHistory, viewHousehold } from '../core/audit/access-log.js';
import { clearDraft, loadDraft, saveDraft } from '../core/intake/drafts.js';
import { recentHouseholds } from '../core/households/read.js';
import { registerHousehold, updateHousehold, voidHousehold } from '../core/households/write.js';
import { transliterate } from '../core/names/translit.js';
import { computeStats } from '../core/figures/stats.js';
import type { DomainHandlers } from './handler.js';

/** Who may call each: electron/api/roles.ts. Views and searches are recorded in the audit trail. */
export const householdHandlers = {
  'station.info': { run: (ctx) => ctx.station },
  'household.register': { run: (ctx, actor, input) => registerHousehold(ctx, actor, input) },
  'household.update': { run: (ctx, actor, input) => updateHousehold(ctx, actor, input) },
  'household.void': { run: (ctx, actor, input) => voidHousehold(ctx, actor, input) },
  'household.get': {
    // Opening a household ends the search in progress: its event says which one was opened.
    run: (ctx, actor, input, { session }) => (endSearch(session, input.id), viewHousehold(ctx, actor, input.id)),
  },
  'household.history': { run: (ctx, actor, input) => viewHistory(ctx, actor, input.id) },
  'household.recent': { run: (ctx, _actor, input) => recentHouseholds(ctx.db, input.limit, input.offset) },
  'search.query': { run: (ctx, actor, input, { session }) => searchInSession(ctx, actor, session, input.text, input.limit) },
  'stats.summary': { run: (ctx) => computeStats(ctx.db) },
  'draft.save': { run: (ctx, actor, input) => (saveDraft(ctx, actor.id, input.payload), null) },
  'draft.load': { run: (ctx, actor) => loadDraft(ctx, actor.id) },
  'draft.clear': { run: (ctx, actor) => (clearDraft(ctx, actor.id), null) },
  'names.transliterate': { run: (_ctx, _actor, input) => input.texts.map(transliterate) },
} satisfies DomainHandlers;
