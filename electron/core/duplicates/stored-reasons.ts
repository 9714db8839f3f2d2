import type { DuplicateReason, DuplicateReasonCode } from '../../api/views-duplicates.js';
import { maskOf, reasonsOf } from './score.js';

/**
 * The reasons of a pair as the hub's file stores them (`hub_pairs.reasons`, migration 018): one bit each, by their
 * place in this list. The scorer's own bits follow the order a clerk reads the reasons in and may change with it;
 * these do not. Append only: a code's place is its bit in every hub file written since.
 */
const STORED: readonly DuplicateReasonCode[] = [
  'same_document',
  'same_name',
  'name_variant',
  'other_script',
  'names_swapped',
  'same_patronymic',
  'same_birth_date',
  'birth_day_month_swapped',
  'birth_date_typo',
  'same_birth_year',
  'close_age',
  'same_phone',
  'different_given_name',
  'different_family_name',
  'different_patronymic',
  'different_sex',
  'different_birth_date',
  'different_age',
  'other_generation',
  'different_document',
  'household_match',
];

/** Each stored code's bit, as a JSON object (`{"same_name": 2, ...}`): migration 018 converts the old text with it. */
export const STORED_REASON_BITS_JSON = JSON.stringify(Object.fromEntries(STORED.map((code, i) => [code, 2 ** i])));

const storedBit = (code: DuplicateReasonCode): number => {
  const i = STORED.indexOf(code);
  return i < 0 ? 0 : 2 ** i;
};

/** The scorer's mask, and the reasons the hub adds, as the stored mask. */
export function storedReasons(scoreMask: number, extra: readonly DuplicateReasonCode[] = []): number {
  let stored = 0;
  for (const { code } of reasonsOf(scoreMask)) stored |= storedBit(code);
  for (const code of extra) stored |= storedBit(code);
  return stored;
}

/** A stored mask as the reasons shown: the scorer's in its order, then those only the hub gives (evidence for). */
export function reasonsOfStored(stored: number): DuplicateReason[] {
  const codes = STORED.filter((_, i) => (stored & (2 ** i)) !== 0);
  const scored = reasonsOf(maskOf(codes));
  const shown = new Set(scored.map((r) => r.code));
  return [...scored, ...codes.filter((code) => !shown.has(code)).map((code) => ({ code, effect: 'for' as const }))];
}
