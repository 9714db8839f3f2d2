import { z } from 'zod';
import { Empty, method } from '../method.js';
import { BirthSchema, SEXES } from '../schemas/household.js';
import type {
  DuplicateCheckResult,
  DuplicatePairView,
  DuplicateQueuePage,
  DuplicateReviewSummary,
  ListImportResult,
  ListPreview,
  TraceHit,
} from '../views-duplicates.js';

const personId = z.string().min(1).max(64);

/** A list of a few tens of thousands of rows fits well below this. */
const ListFileSchema = z.object({ fileName: z.string().trim().min(1).max(255), text: z.string().min(1).max(20_000_000) }).strict();

/** One person as the clerk is typing them: names so far, and sex and birth once given. */
export const DuplicateCheckSchema = z
  .object({
    person: z
      .object({
        givenName: z.string().trim().max(80).default(''),
        familyName: z.string().trim().max(80).default(''),
        patronymic: z.string().trim().max(80).default(''),
        givenNameLatin: z.string().trim().max(80).default(''),
        familyNameLatin: z.string().trim().max(80).default(''),
        patronymicLatin: z.string().trim().max(80).default(''),
        sex: z.enum(SEXES).optional(),
        birth: BirthSchema.optional(),
        documents: z.array(z.string().trim().max(40)).max(5).default([]),
        phone: z.string().trim().max(30).default(''),
      })
      .strict(),
    /** The household being typed: its phone, and its id when it is an existing one being corrected (left out). */
    household: z
      .object({ id: z.string().max(64).optional(), phone: z.string().trim().max(30).default('') })
      .strict()
      .default({ phone: '' }),
    limit: z.number().int().min(1).max(20).default(5),
  })
  .strict();

/** Finding people: the duplicate check at the intake desk, the supervisor's queue, family tracing, list import. */
export const duplicateMethods = {
  'duplicates.check': method(DuplicateCheckSchema).returns<DuplicateCheckResult>(),
  'duplicates.queue': method(
    z
      .object({
        status: z.enum(['open', 'same', 'different']).default('open'),
        limit: z.number().int().min(1).max(500).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
  ).returns<DuplicateQueuePage>(),
  'duplicates.review': method(Empty).returns<DuplicateReviewSummary>(),
  'duplicates.resolve': method(
    z
      .object({
        personA: personId,
        personB: personId,
        decision: z.enum(['same', 'different']),
        keep: personId.optional(),
        note: z.string().trim().max(500).default(''),
      })
      .strict()
      .refine((r) => r.decision === 'same' || r.note.length >= 3, { message: 'Say why these are two people', path: ['note'] }),
  ).returns<DuplicatePairView>(),
  /** A relative looked for by name, approximate age and origin; only people whose family consented to tracing. */
  'tracing.search': method(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        age: z.number().int().min(0).max(120).optional(),
        ageTolerance: z.number().int().min(0).max(30).default(5),
        origin: z.string().trim().max(120).default(''),
        sex: z.enum(SEXES).optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
  ).returns<TraceHit[]>(),
  /** A pre-registration list's text (read from a file input), checked row by row; nothing is written. */
  'lists.preview': method(ListFileSchema).returns<ListPreview>(),
  /** The same list taken in, all or nothing. */
  'lists.import': method(ListFileSchema).returns<ListImportResult>(),
};
