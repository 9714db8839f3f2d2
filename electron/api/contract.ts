import { z } from 'zod';
import { HouseholdSchema, HouseholdUpdateSchema, VoidSchema } from './schemas/household.js';
import type {
  HistoryEntry, HouseholdDetail, HouseholdSummary, SavedHousehold, SearchHit, StationInfo, Stats,
} from './views.js';

/**
 * The contract between the renderer and the main process: each method's name, its zod input schema and its result
 * type, in one place. Main parses every input with the schema before core sees it.
 */

const method = <I extends z.ZodType, R>(input: I) => ({ input, result: undefined as unknown as R });

const Empty = z.object({}).strict();
const Id = z.object({ id: z.string().min(1).max(64) }).strict();

export const methods = {
  'station.info': method<typeof Empty, StationInfo>(Empty),
  'household.register': method<typeof HouseholdSchema, SavedHousehold>(HouseholdSchema),
  'household.update': method<typeof HouseholdUpdateSchema, SavedHousehold>(HouseholdUpdateSchema),
  'household.void': method<typeof VoidSchema, SavedHousehold>(VoidSchema),
  'household.get': method<typeof Id, HouseholdDetail>(Id),
  'household.history': method<typeof Id, HistoryEntry[]>(Id),
  'household.recent': method<z.ZodObject<{ limit: z.ZodDefault<z.ZodNumber>; offset: z.ZodDefault<z.ZodNumber> }>, { total: number; items: HouseholdSummary[] }>(
    z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
  ),
  'search.query': method<z.ZodObject<{ text: z.ZodString; limit: z.ZodDefault<z.ZodNumber> }>, SearchHit[]>(
    z.object({ text: z.string().max(200), limit: z.number().int().min(1).max(200).default(30) }),
  ),
  'stats.summary': method<typeof Empty, Stats>(Empty),
  'draft.save': method<z.ZodObject<{ payload: z.ZodString }>, null>(z.object({ payload: z.string().max(500_000) })),
  'draft.load': method<typeof Empty, { savedAt: string; payload: string } | null>(Empty),
  'draft.clear': method<typeof Empty, null>(Empty),
  'names.transliterate': method<z.ZodObject<{ texts: z.ZodArray<z.ZodString> }>, string[]>(
    z.object({ texts: z.array(z.string().max(200)).max(50) }),
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodResult<M extends MethodName> = Methods[M]['result'];

export const isMethodName = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);

/** Events the main process pushes to the renderer. */
export interface Events {
  'data.changed': { kinds: ('households' | 'batches' | 'settings' | 'operators')[] };
}
export type EventName = keyof Events;
export const EVENT_NAMES: readonly EventName[] = ['data.changed'];
export const isEventName = (name: unknown): name is EventName =>
  typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
