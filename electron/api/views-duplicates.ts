import type { Birth } from './schemas/household.js';

/** What duplicate detection, tracing and list import answer: plain, serialisable views. */

/** One piece of evidence about a pair: for it being one person, or against. The UI translates `code`. */
export type DuplicateReasonCode =
  | 'same_name'
  | 'name_variant'
  | 'other_script'
  | 'names_swapped'
  | 'different_given_name'
  | 'different_family_name'
  | 'same_patronymic'
  | 'different_patronymic'
  | 'different_sex'
  | 'same_birth_date'
  | 'birth_day_month_swapped'
  | 'birth_date_typo'
  | 'same_birth_year'
  | 'close_age'
  | 'different_birth_date'
  | 'different_age'
  | 'other_generation'
  | 'same_document'
  | 'different_document'
  | 'same_phone'
  /** At the hub: others of the two households are likely the same persons too. */
  | 'household_match';

export interface DuplicateReason {
  code: DuplicateReasonCode;
  effect: 'for' | 'against';
}

/** One side of a pair as the comparison shows it. */
export interface DuplicatePersonView {
  personId: string;
  householdId: string;
  registrationNumber: string;
  /** Reference of the pre-registration list row the person came from, when any. */
  ref: string | null;
  givenName: string;
  familyName: string;
  patronymic: string;
  givenNameLatin: string;
  familyNameLatin: string;
  patronymicLatin: string;
  sex: 'F' | 'M';
  birth: Birth;
  dateOfBirth: string;
  age: number;
  relationship: string;
  documents: string[];
  phone: string;
  /** The household's own phone, origin and arrival, for telling two families apart. */
  householdPhone: string;
  originSettlement: string;
  arrivedAt: string;
  centreCode: string;
  stationLabel: string;
  householdStatus: 'active' | 'voided';
  householdSize: number;
}

export interface DuplicateCandidate {
  score: number;
  /** At or above the near-certain threshold: saving asks the clerk to decide first. */
  needsDecision: boolean;
  reasons: DuplicateReason[];
  existing: DuplicatePersonView;
}

/** The result of checking one person being typed against the file. */
export interface DuplicateCheckResult {
  candidates: DuplicateCandidate[];
}

export type PairStatus = 'open' | 'same' | 'different';

export interface DuplicatePairView {
  a: DuplicatePersonView;
  b: DuplicatePersonView;
  score: number;
  reasons: DuplicateReason[];
  source: 'review' | 'intake' | 'list';
  foundAt: string;
  status: PairStatus;
  keptPersonId: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  note: string;
}

export interface DuplicateQueuePage {
  total: number;
  items: DuplicatePairView[];
}

export interface DuplicateReviewSummary {
  persons: number;
  compared: number;
  /** Pairs found at or above the threshold; new ones joined the queue, known ones kept their decision. */
  found: number;
  added: number;
  open: number;
  seconds: number;
}

export interface TraceHit {
  personId: string;
  givenName: string;
  familyName: string;
  patronymic: string;
  nameLatin: string;
  sex: 'F' | 'M';
  age: number;
  agePrecision: 'exact' | 'year' | 'estimated';
  originSettlement: string;
  originDistrict: string;
  /** Where and when they registered. */
  centreCode: string;
  centreName: string;
  stationLabel: string;
  registeredAt: string;
  registrationNumber: string;
  score: number;
  reasons: string[];
}

export interface ListRowRefusal {
  line: number;
  ref: string;
  field: string;
  /** The UI translates the code with `params`; `message` is core's English. */
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface ListPreviewPerson {
  line: number;
  ref: string;
  givenName: string;
  familyName: string;
  patronymic: string;
  sex: 'F' | 'M';
  birth: Birth;
  relationship: string;
  phone: string;
  /** Likely already in the file: the best candidate's score, who it is and why. */
  duplicate?: { score: number; personId: string; name: string; registrationNumber: string; reasons: DuplicateReason[] };
}

export interface ListPreviewHousehold {
  householdRef: string;
  members: ListPreviewPerson[];
}

export interface ListPreview {
  fileName: string;
  sha256: string;
  format: 'csv' | 'jsonl';
  rows: number;
  households: ListPreviewHousehold[];
  refused: ListRowRefusal[];
  flagged: number;
  /** Taken in before: the same file (by its hash) is not applied twice. */
  alreadyImported: boolean;
}

export interface ListImportResult {
  importId: string;
  households: number;
  persons: number;
  flagged: number;
  registrationNumbers: string[];
}

// ---- Duplicates across centres, at the hub (issue 14). ----

export type HubPairStatus = 'open' | 'linked' | 'different';

/** A likely pair of persons registered at two stations, as the hub's queue shows it: both centres and stations. */
export interface HubPairView {
  a: DuplicatePersonView;
  b: DuplicatePersonView;
  score: number;
  reasons: DuplicateReason[];
  /** The batch whose import found the pair. */
  batchId: string;
  foundAt: string;
  status: HubPairStatus;
  decidedAt: string | null;
  decidedBy: string | null;
  note: string;
}

export interface HubQueuePage {
  /** Whether this data folder is a hub: a station has no queue across centres. */
  hub: boolean;
  total: number;
  items: HubPairView[];
  /** Open pairs across centres in the whole hub, whatever the filter. */
  pending: number;
  /** Persons at the hub, a linked person counted once. */
  persons: number;
  /** Centres the hub holds persons of, for the filter. */
  centres: string[];
  /**
   * Batches taken in whose check across centres has not ended: the one being checked now, or one whose check the app's
   * closing cut short (finished at the next import, or when a hub supervisor checks them now). Their pairs may still be
   * missing from the queue.
   */
  unchecked: number;
}

/** What a hub supervisor's "check them now" did: the batches checked across centres, and the new pairs they gave. */
export interface HubCheckView {
  batches: number;
  added: number;
}
