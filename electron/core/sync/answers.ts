import { z } from 'zod';
import { rawKey } from '../batch/raw-keys.js';

/**
 * What the hub answers (docs/sync-openapi.yaml, components/schemas), as zod schemas: over HTTP (hub/http-target.ts)
 * and as the files a hub writes back into a sync folder (folder.ts). The protocol does not forbid fields it does not
 * name, so unknown fields are dropped, not refused; every named field is checked. The receipt inside an upload's
 * answer is checked by the outbox (receipt.ts), against the pinned key and the batch it is for.
 */

const KEY = { error: 'must be the base64 of a raw 32-byte key' };
const key = z.string(KEY).refine((v) => rawKey(v) !== undefined, KEY);
export const fingerprint = z.string({ error: 'is not a key fingerprint' }).regex(/^[0-9a-f]{4}( [0-9a-f]{4}){7}$/);
const sequence = z.number({ error: 'must be a whole number of 0 or more' }).int().min(0);

export const RangeSchema = z.object({ from: sequence, to: sequence }, { error: 'must be a range { from, to }' });
const ranges = z.array(RangeSchema, { error: 'must be a list of ranges' }).max(100_000);

export const HubIdentitySchema = z.object(
  {
    format: z.literal('intake-hub', { error: 'is not "intake-hub"' }),
    version: z.literal(1, { error: 'is not 1' }),
    hubId: z.string(),
    label: z.string(),
    centreCode: z.string(),
    hubKey: key,
    hubKeyFingerprint: fingerprint,
    signingKey: key,
    signingKeyFingerprint: fingerprint,
    enrolmentOpen: z.boolean(),
    challenge: key.optional(),
    proof: z.string().optional(),
  },
  { error: 'must be an object' },
);

/** Who the hub is (GET /hub, or hub.json in a folder); `proof` answers a station's challenge (crypto.ts, bindingProof). */
export type HubIdentity = z.infer<typeof HubIdentitySchema>;

export const UploadAnswerSchema = z.object(
  {
    status: z.enum(['received', 'duplicate'], { error: 'must be "received" or "duplicate"' }),
    /** Checked by the outbox (receipt.ts): a receipt that does not verify is its own error there. */
    receipt: z.custom<unknown>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'must be an object' }),
    missing: ranges.optional().transform((m) => m ?? []),
  },
  { error: 'must be an object' },
);

/** The hub's answer to an upload, not yet checked: `receipt` is verified by the outbox. */
export type UploadAnswer = z.infer<typeof UploadAnswerSchema>;

export const StationRangesSchema = z.object(
  {
    stationId: z.string(),
    known: z.boolean(),
    held: ranges,
    missing: ranges,
  },
  { error: 'must be an object' },
);

export type StationRanges = z.infer<typeof StationRangesSchema>;

/** A refusal's body (Problem); either part may be missing from a proxy's answer, so each falls back alone. */
export const ProblemSchema = z.object({
  error: z.object({
    code: z.string().max(200).optional().catch(undefined),
    message: z.string().max(2000).optional().catch(undefined),
  }),
});

/** A refusal the hub wrote back into a folder (refusals/<batchId>.json). */
export const FolderRefusalSchema = z.object(
  {
    code: z.string().max(200).optional(),
    message: z.string().max(2000).optional(),
    status: z.number().int().optional(),
  },
  { error: 'must be an object' },
);
