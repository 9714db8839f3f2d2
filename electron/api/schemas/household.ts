import { z } from 'zod';
import { DuplicateDecisionSchema, MergedIntoSchema } from './duplicates.js';
import { NEED_CODES, type NeedCode } from './needs.js';
import { lineText, nameText, noteText } from './text.js';

/** The registration data set: one schema shared by the UI (field checks) and core (enforcement). */

export const SEXES = ['F', 'M'] as const;
export const RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'stepchild',
  'parent',
  'sibling',
  'grandchild',
  'grandparent',
  'in_law',
  'other_relative',
  'unrelated',
] as const;
export const DOCUMENT_TYPES = ['passport', 'local_id', 'birth_certificate', 'other'] as const;
export const ARRIVAL_MEANS = ['on_foot', 'car', 'bus', 'truck', 'organised_transport', 'other', 'unknown'] as const;
export const DESTINATIONS = ['relatives', 'collective_centre', 'hotel', 'rented', 'other', 'unknown'] as const;
export const CONSENT_BASES = ['consent', 'vital_interest'] as const;
export const REGISTRATION_MODES = ['quick', 'full'] as const;

export type Sex = (typeof SEXES)[number];
export type Relationship = (typeof RELATIONSHIPS)[number];

/** Length limits of the typed fields: the schema enforces them and the form's inputs carry them (maxLength). */
export const TEXT_LIMITS = {
  name: 80,
  document: 40,
  nationality: 60,
  phone: 30,
  personNotes: 1000,
  place: 120,
  destinationDetails: 200,
  householdNotes: 2000,
} as const;
export const MAX_AGE = 120;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD');
// Every text field refuses control characters (schemas/text.ts): names strictly, notes allow several lines.
const text = lineText;

export const BirthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), date: isoDate }),
  z.object({ kind: z.literal('year'), year: z.number().int() }),
  z.object({ kind: z.literal('age'), years: z.number().int().min(0).max(MAX_AGE) }),
]);
export type Birth = z.infer<typeof BirthSchema>;

export const DocumentSchema = z.object({
  type: z.enum(DOCUMENT_TYPES),
  number: text(TEXT_LIMITS.document).min(1),
});

export const PersonSchema = z.object({
  /** Present when editing an existing member. */
  id: z.string().max(64).optional(),
  givenName: nameText(TEXT_LIMITS.name).default(''),
  familyName: nameText(TEXT_LIMITS.name).default(''),
  patronymic: nameText(TEXT_LIMITS.name).default(''),
  /** Latin spellings; filled from the typed names when left empty. */
  givenNameLatin: nameText(TEXT_LIMITS.name).default(''),
  familyNameLatin: nameText(TEXT_LIMITS.name).default(''),
  patronymicLatin: nameText(TEXT_LIMITS.name).default(''),
  sex: z.enum(SEXES),
  birth: BirthSchema,
  relationship: z.enum(RELATIONSHIPS),
  documents: z.array(DocumentSchema).max(5).default([]),
  nationality: nameText(TEXT_LIMITS.nationality).default(''),
  specificNeeds: z
    .array(z.enum(NEED_CODES as [NeedCode, ...NeedCode[]]))
    .max(20)
    .default([]),
  phone: text(TEXT_LIMITS.phone).default(''),
  notes: noteText(TEXT_LIMITS.personNotes).default(''),
  /** Reference of a pre-registration list row this person came from. */
  ref: text(80).optional(),
  /** What the clerk decided about a likely duplicate shown while this person was typed (schemas/duplicates.ts). */
  duplicateDecision: DuplicateDecisionSchema.optional(),
  /** Set by a supervisor's merge: the person this record is the same as. */
  mergedInto: MergedIntoSchema.optional(),
});
export type PersonInput = z.input<typeof PersonSchema>;
export type Person = z.output<typeof PersonSchema>;

export const HouseholdSchema = z.object({
  mode: z.enum(REGISTRATION_MODES).default('full'),
  /** ISO date-time of arrival; defaults to now. */
  arrivedAt: z.string().datetime({ offset: true }).optional(),
  originSettlement: text(TEXT_LIMITS.place).default(''),
  originDistrict: text(TEXT_LIMITS.place).default(''),
  arrivalMeans: z.enum(ARRIVAL_MEANS).default('unknown'),
  destination: z.enum(DESTINATIONS).default('unknown'),
  destinationDetails: text(TEXT_LIMITS.destinationDetails).default(''),
  phone: text(TEXT_LIMITS.phone).default(''),
  consentTracing: z.boolean().default(false),
  consentBasis: z.enum(CONSENT_BASES).default('consent'),
  notes: noteText(TEXT_LIMITS.householdNotes).default(''),
  /** Size the family declared; must match the members listed when given. */
  declaredSize: z.number().int().min(1).max(40).optional(),
  members: z.array(PersonSchema).min(1, 'Add at least one person').max(40),
});
export type HouseholdInput = z.input<typeof HouseholdSchema>;
export type Household = z.output<typeof HouseholdSchema>;

export const HouseholdUpdateSchema = z.object({
  id: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(1),
  household: HouseholdSchema,
});

export const VoidSchema = z.object({
  id: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(1),
  reason: text(500).min(3, 'Give the reason for voiding'),
});
