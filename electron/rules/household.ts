import type { FieldIssue } from '../api/result.js';
import type { Household } from '../api/schemas/household.js';
import { ageInYears, birthDate, isValidIsoDate, localDate } from './age.js';
import { isLikelyPhone } from './phone.js';

/**
 * The registration rules, enforced by core and shown by the UI at the field. Each message is written for a tired
 * clerk; the UI shows the translation of `code` and falls back to `message`.
 */

const CHILD_HEAD_AGE = 14;
const PHONE_CHARACTERS = /^[+\d\s().-]+$/;

/** A phone a clerk may type in any format; what matters is 8 to 15 digits and nothing but phone punctuation. */
export function isPlausiblePhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return PHONE_CHARACTERS.test(text) && digits >= 8 && digits <= 15;
}

/**
 * Phones no country uses (a digit short, a digit too many): a warning at the field, never a refusal, because the
 * family must be registered even when the number is written down wrong.
 */
export function phoneWarnings(household: Pick<Household, 'phone'> & { members: readonly Pick<Household['members'][number], 'phone'>[] }): FieldIssue[] {
  const unlikely = (path: string, text: string): FieldIssue[] =>
    text.trim() && !isLikelyPhone(text)
      ? [{ path, code: 'rule.phone.unlikely', message: 'No phone number has this shape: check it with the family (a digit missing or too many?).' }]
      : [];
  return [...unlikely('phone', household.phone), ...household.members.flatMap((m, i) => unlikely(`members.${i}.phone`, m.phone))];
}
const MIN_SPOUSE_AGE = 14;

export function checkHouseholdRules(household: Household, today: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const heads = household.members.filter((m) => m.relationship === 'head').length;
  if (heads !== 1) {
    issues.push({
      path: 'members',
      code: heads === 0 ? 'rule.head.missing' : 'rule.head.many',
      message: heads === 0 ? 'Mark one member as the head of the family.' : 'Only one member can be the head of the family.',
      params: { count: heads },
    });
  }
  if (household.arrivedAt && localDate(household.arrivedAt) > today) {
    issues.push({ path: 'arrivedAt', code: 'rule.arrival.future', message: 'The arrival is in the future.' });
  }
  household.members.forEach((member, index) => {
    const at = `members.${index}`;
    if (!member.givenName && (household.mode === 'full' || member.relationship === 'head')) {
      issues.push({ path: `${at}.givenName`, code: 'rule.name.missing', message: 'Enter the given name.' });
    }
    const birth = member.birth;
    if (birth.kind === 'exact' && !isValidIsoDate(birth.date)) {
      issues.push({ path: `${at}.birth`, code: 'rule.birth.invalid', message: 'This date of birth does not exist. Check day and month.' });
      return;
    }
    const dob = birthDate(birth, today);
    if (dob > today) {
      issues.push({ path: `${at}.birth`, code: 'rule.birth.future', message: 'The date of birth is in the future.' });
      return;
    }
    if (dob < '1900-01-01') {
      issues.push({ path: `${at}.birth`, code: 'rule.birth.too_old', message: 'The date of birth is before 1900.' });
      return;
    }
    const age = ageInYears(dob, today);
    if (member.relationship === 'head' && age < CHILD_HEAD_AGE && !member.specificNeeds.includes('SC-CH')) {
      issues.push({
        path: `${at}.relationship`,
        code: 'rule.head.child',
        message: 'A child under 14 can head the family only when marked as a child-headed household (SC-CH).',
        params: { age },
      });
    }
    if (member.relationship === 'spouse' && age < MIN_SPOUSE_AGE) {
      issues.push({
        path: `${at}.birth`,
        code: 'rule.spouse.age',
        message: 'A spouse under 14 is not plausible. Check the age or the relationship.',
        params: { age },
      });
    }
  });
  if (household.declaredSize !== undefined && household.declaredSize !== household.members.length) {
    issues.push({
      path: 'declaredSize',
      code: 'rule.size.mismatch',
      message: `The family said ${household.declaredSize} people, but ${household.members.length} are listed.`,
      params: { declared: household.declaredSize, listed: household.members.length },
    });
  }
  return issues;
}
