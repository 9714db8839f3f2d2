import { z } from 'zod';
import { method } from '../method.js';
import type { HubCheckView, HubPairView, HubQueuePage } from '../views-duplicates.js';

/** Duplicates across centres at the hub: the queue of pairs from two stations, linking and keeping apart. */

const personId = z.string().min(1).max(64);
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD');
const pair = { personA: personId, personB: personId };

export const hubDuplicateMethods = {
  'hubDuplicates.queue': method(
    z
      .object({
        status: z.enum(['open', 'linked', 'different']).default('open'),
        /** Pairs with a person of this centre. */
        centreCode: z.string().trim().max(20).optional(),
        /** Pairs with a person who arrived on or after / before or on this day. */
        from: isoDay.optional(),
        to: isoDay.optional(),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ).returns<HubQueuePage>(),
  'hubDuplicates.decide': method(
    z
      .object({
        ...pair,
        decision: z.enum(['linked', 'different']),
        note: z.string().trim().max(500).default(''),
      })
      .strict()
      .refine((r) => r.decision === 'linked' || r.note.length >= 3, { message: 'Say why these are two people', path: ['note'] }),
  ).returns<HubPairView>(),
  /** A decision taken back: the pair is open again, and the undoing is in the audit trail. */
  'hubDuplicates.undo': method(z.object({ ...pair, note: z.string().trim().max(500).default('') }).strict()).returns<HubPairView>(),
  /** The batches whose check across centres the app's closing cut short, checked now (a long job). */
  'hubDuplicates.checkNow': method(z.object({}).strict()).returns<HubCheckView>(),
};
