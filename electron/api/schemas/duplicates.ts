import { z } from 'zod';

/**
 * What a clerk decided about a likely duplicate while registering a person, kept with the person in the household's
 * version (and so in its history and in the batches that carry it): `same` links them to an existing record (a
 * supervisor merges), `different` continues with a reason so the pair does not come back.
 */
export const DuplicateDecisionSchema = z
  .object({
    /** `unsure`: the clerk could not tell; `continued`: saved past a likely match without deciding. Both queue the pair. */
    decision: z.enum(['same', 'different', 'unsure', 'continued']),
    otherPersonId: z.string().min(1).max(64),
    score: z.number().min(0).max(1).optional(),
    reason: z.string().trim().max(500).default(''),
  })
  .refine((d) => d.decision !== 'different' || d.reason.length >= 3, {
    message: 'Say why this is another person',
    path: ['reason'],
  });
export type DuplicateDecision = z.output<typeof DuplicateDecisionSchema>;
export type DuplicateDecisionInput = z.input<typeof DuplicateDecisionSchema>;

/** A member merged into another person's record by a supervisor: kept in the household, marked, never deleted. */
export const MergedIntoSchema = z.string().min(1).max(64);
