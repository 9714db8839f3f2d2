import { z } from 'zod';
import { Empty, Id, method } from '../method.js';
import { HouseholdSchema, HouseholdUpdateSchema, VoidSchema } from '../schemas/household.js';
import type { HistoryEntry, HouseholdDetail, HouseholdSummary, SavedHousehold, SearchHit, StationInfo, Stats } from '../views.js';

/** Registration: the station, households, their history, search, figures and the intake draft. */
export const householdMethods = {
  'station.info': method(Empty).returns<StationInfo>(),
  'household.register': method(HouseholdSchema).returns<SavedHousehold>(),
  'household.update': method(HouseholdUpdateSchema).returns<SavedHousehold>(),
  'household.void': method(VoidSchema).returns<SavedHousehold>(),
  'household.get': method(Id).returns<HouseholdDetail>(),
  'household.history': method(Id).returns<HistoryEntry[]>(),
  'household.recent': method(z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) })).returns<{
    total: number;
    items: HouseholdSummary[];
  }>(),
  'search.query': method(z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(200).default(30) })).returns<SearchHit[]>(),
  'stats.summary': method(Empty).returns<Stats>(),
  'draft.save': method(z.object({ payload: z.string().max(500_000) })).returns<null>(),
  'draft.load': method(Empty).returns<{ savedAt: string; payload: string } | null>(),
  'draft.clear': method(Empty).returns<null>(),
  'names.transliterate': method(z.object({ texts: z.array(z.string().max(200)).max(50) })).returns<string[]>(),
};
