import { z } from 'zod';
import { decodeCanonicalBase64, KEY_BYTES } from './raw-keys.js';

/**
 * The manifest of a batch file (docs/batch-format.md, "Manifest") and the header of a version 2 file ("Version 2"),
 * as zod schemas: every field and its rule, exactly these fields (unknown ones are `malformed`: a new field means a new
 * version). The envelopes (envelope.ts, envelope-v2.ts) read the bytes, check the format and version first, then
 * parse with these and compare the canonical serialisation.
 */

export const BATCH_FORMAT = 'intake-batch';
export const BATCH_FORMAT_VERSION = 1;
export const BATCH_FORMAT_VERSION_2 = 2;
export const BATCH_ENCRYPTION_SCHEME = 'X25519-HKDF-SHA256-AES-256-GCM';
/** The largest chunk a reader accepts (bounds its memory): 16 MiB. */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const IV_BYTES = 12;

const FINGERPRINT_PATTERN = /^[0-9a-f]{4}( [0-9a-f]{4}){7}$/;
const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
const UTC_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

const text = z.string({ error: 'must be a non-empty string' }).min(1);
export const count = z.number({ error: 'must be a whole number of 0 or more' }).int().min(0);
const base64Of = (bytes: number) => z.string({ error: `must be the base64 of ${bytes} bytes` }).refine((v) => decodeCanonicalBase64(v, bytes) !== undefined);

const EncryptionSchema = z.strictObject(
  {
    scheme: z.literal(BATCH_ENCRYPTION_SCHEME, { error: 'is not supported' }),
    ephemeralPublicKey: base64Of(KEY_BYTES),
    iv: base64Of(IV_BYTES),
  },
  { error: 'must be an object' },
);

/** The fields version 1's manifest and version 2's header share, with the same rules (in the canonical order: a parsed
 * value keeps the order of its schema). */
const sharedFields = {
  batchId: text,
  stationId: text,
  stationPublicKey: base64Of(KEY_BYTES),
  centre: text,
  hubKeyFingerprint: z.string({ error: 'is not a key fingerprint' }).regex(FINGERPRINT_PATTERN),
  sequenceFrom: count,
  sequenceTo: count,
  counts: z.strictObject({ households: count, persons: count, events: count }, { error: 'must be an object' }),
  createdAt: z
    .string({ error: 'must be a UTC timestamp like 2025-01-31T09:30:00.000Z' })
    .regex(UTC_TIMESTAMP_PATTERN)
    .refine((v) => !Number.isNaN(Date.parse(v))),
};

const ordered = (m: { sequenceFrom: number; sequenceTo: number }) => m.sequenceFrom <= m.sequenceTo;
const ORDER = { error: 'sequenceFrom must not exceed sequenceTo' };

export const ManifestV1Schema = z
  .strictObject({
    format: z.literal(BATCH_FORMAT),
    formatVersion: z.literal(BATCH_FORMAT_VERSION),
    ...sharedFields,
    payloadSha256: z.string({ error: 'must be 64 lowercase hex digits' }).regex(SHA256_HEX_PATTERN),
    payloadBytes: count,
    encryption: EncryptionSchema,
  })
  .refine(ordered, ORDER);

export const HeaderV2Schema = z
  .strictObject({
    format: z.literal(BATCH_FORMAT),
    formatVersion: z.literal(BATCH_FORMAT_VERSION_2),
    ...sharedFields,
    chunkBytes: z
      .number({ error: `must be a whole number from 1 to ${MAX_CHUNK_BYTES}` })
      .int()
      .min(1)
      .max(MAX_CHUNK_BYTES),
    encryption: EncryptionSchema,
  })
  .refine(ordered, ORDER);

/** Cheap first look: an intake-batch manifest of some version, before its fields are read. */
export const ManifestKindSchema = z.object({ format: z.literal(BATCH_FORMAT), formatVersion: z.unknown() }, { error: 'not an object' });

export type BatchEncryption = z.infer<typeof EncryptionSchema>;

/** A manifest as the rest of the app reads it: version 1's, or the view of a version 2 header with its trailer. */
export type BatchManifest = Omit<z.infer<typeof ManifestV1Schema>, 'formatVersion'> & {
  /** 1, or 2 (envelope-v2.ts: the payload's hash and size come from its signed trailer; `chunkBytes` is set). */
  formatVersion: typeof BATCH_FORMAT_VERSION | typeof BATCH_FORMAT_VERSION_2;
  /** Version 2 only: plaintext bytes per chunk. */
  chunkBytes?: number;
};

/** The signed header of a version 2 file: the manifest without the payload's hash and size (in the trailer). */
export type BatchHeaderV2 = z.infer<typeof HeaderV2Schema>;
