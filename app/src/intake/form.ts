import type { HouseholdInput, PersonInput, Relationship, Sex } from '../../../electron/api/schemas/household';
import type { DOCUMENT_TYPES } from '../../../electron/api/schemas/household';
import type { DuplicateDecisionInput } from '../../../electron/api/schemas/duplicates';
import type { NeedCode } from '../../../electron/api/schemas/needs';
import type { FieldIssue } from '../../../electron/api/result';
import type { HouseholdDetail } from '../../../electron/api/views';
import { localDate } from '../../../electron/rules/age';

/** The intake form as the clerk types it: strings until saved, turned into the shared schema's input on save. */

export type NameField = 'givenName' | 'familyName' | 'patronymic';
export const NAME_FIELDS: readonly NameField[] = ['givenName', 'familyName', 'patronymic'];
export const latinKey = (field: NameField) => `${field}Latin` as const;

export interface MemberForm {
  key: string;
  id?: string;
  givenName: string;
  familyName: string;
  patronymic: string;
  givenNameLatin: string;
  familyNameLatin: string;
  patronymicLatin: string;
  /**
   * Which Latin spellings are the clerk's (or were saved before): those are kept; the others follow the typed name,
   * so correcting "Դավիթ" to "Տիգրան" does not leave "Davit" on the slip.
   */
  latinEdited: Record<NameField, boolean>;
  sex: Sex | '';
  birthText: string;
  relationship: Relationship;
  documentType: (typeof DOCUMENT_TYPES)[number];
  documentNumber: string;
  nationality: string;
  specificNeeds: NeedCode[];
  phone: string;
  notes: string;
  ref?: string;
  /** What the clerk decided in the duplicates panel (app/src/duplicates), saved with the person. */
  duplicateDecision?: DuplicateDecisionInput;
  /** Kept through an edit: set by a supervisor's merge. */
  mergedInto?: string;
}

export interface HouseholdForm {
  mode: 'quick' | 'full';
  /** Local "YYYY-MM-DDTHH:MM" from the arrival date and time inputs (DateInput, TimeInput); empty means "now, when saved". */
  arrivedAt: string;
  originSettlement: string;
  originDistrict: string;
  arrivalMeans: NonNullable<HouseholdInput['arrivalMeans']>;
  destination: NonNullable<HouseholdInput['destination']>;
  destinationDetails: string;
  phone: string;
  consentTracing: boolean;
  consentBasis: NonNullable<HouseholdInput['consentBasis']>;
  notes: string;
  declaredSize: string;
  members: MemberForm[];
}

let keyCounter = 0;
const newKey = () => `m${Date.now().toString(36)}${(keyCounter++).toString(36)}`;

export function emptyMember(relationship: Relationship): MemberForm {
  return {
    key: newKey(),
    givenName: '',
    familyName: '',
    patronymic: '',
    givenNameLatin: '',
    familyNameLatin: '',
    patronymicLatin: '',
    latinEdited: { givenName: false, familyName: false, patronymic: false },
    sex: '',
    birthText: '',
    relationship,
    documentType: 'passport',
    documentNumber: '',
    nationality: '',
    specificNeeds: [],
    phone: '',
    notes: '',
  };
}

export function emptyHousehold(mode: 'quick' | 'full' = 'full'): HouseholdForm {
  return {
    mode,
    arrivedAt: '',
    originSettlement: '',
    originDistrict: '',
    arrivalMeans: 'unknown',
    destination: 'unknown',
    destinationDetails: '',
    phone: '',
    consentTracing: false,
    consentBasis: 'consent',
    notes: '',
    declaredSize: '',
    members: [emptyMember('head')],
  };
}

/** The relationship a new row most likely has: the second person is usually the spouse, the rest children. */
export const nextRelationship = (count: number): Relationship => (count === 1 ? 'spouse' : 'child');

/** Reads "14.03.1987", "1987-03-14", "1987" (year only) or "34" (an estimated age). */
export function parseBirth(text: string): PersonInput['birth'] | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return { kind: 'exact', date: `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` };
  m = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(t);
  if (m) return { kind: 'exact', date: `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` };
  if (/^\d{4}$/.test(t)) return { kind: 'year', year: Number(t) };
  if (/^\d{1,3}$/.test(t)) return { kind: 'age', years: Number(t) };
  return null;
}

export function birthText(birth: PersonInput['birth']): string {
  if (birth.kind === 'exact') return birth.date.split('-').reverse().join('.');
  return String(birth.kind === 'year' ? birth.year : birth.years);
}

/** An ISO instant as the arrival date and time inputs hold it ("YYYY-MM-DDTHH:MM"), in this computer's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A row left empty at the end of the list (Enter once too often) is not a person: it is left out, not refused. */
const isBlank = (m: MemberForm) =>
  !m.givenName.trim() &&
  !m.familyName.trim() &&
  !m.patronymic.trim() &&
  !m.birthText.trim() &&
  !m.sex &&
  !m.documentNumber.trim() &&
  !m.phone.trim() &&
  !m.notes.trim() &&
  m.specificNeeds.length === 0 &&
  !m.id;
export function withoutBlankTail(members: readonly MemberForm[]): MemberForm[] {
  let end = members.length;
  while (end > 1 && isBlank(members[end - 1]!)) end--;
  return members.slice(0, end);
}

/** The form's arrival as the date and time inputs hold it: "YYYY-MM-DD", "HH:MM", '' or UNREADABLE ('!'). */
export function arrivalParts(arrivedAt: string): { date: string; time: string } {
  const [date = '', time = ''] = arrivedAt.split('T');
  return { date, time: time.slice(0, 5) === '!' ? '!' : time.slice(0, 5) };
}

function arrivalInput(arrivedAt: string, issues: FieldIssue[]): { arrivedAt?: string } {
  const { date, time } = arrivalParts(arrivedAt);
  if (date === '!') issues.push({ path: 'arrivedAt', code: 'date.invalid', message: 'Not a date: type day.month.year.' });
  if (time === '!') issues.push({ path: 'arrivedTime', code: 'time.invalid', message: 'Not a time: type hours:minutes.' });
  if (date === '!' || time === '!' || (!date && !time)) return {};
  // A time alone is today's; a date alone is taken at noon, so no time zone moves it to another day.
  const day = date || localDate(new Date());
  return { arrivedAt: new Date(`${day}T${time || '12:00'}`).toISOString() };
}

/** Rules about age read the birth: for a person whose birth is missing or unreadable they say nothing. */
export const AGE_RULES = new Set(['rule.head.child', 'rule.spouse.age', 'rule.birth.future', 'rule.birth.too_old']);

/**
 * A schema refusal as the clerk reads it: at the field shown (members.0.birth, not members.0.birth.years), and
 * with a code the catalogues translate, never zod's English.
 */
export function schemaIssue(issue: {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  maximum?: unknown;
  minimum?: unknown;
  origin?: unknown;
  params?: unknown;
}): FieldIssue {
  const path = issue.path.map(String).join('.');
  // The shared text schemas name their own refusals (a control character: text.control).
  const own = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
  if (typeof own === 'string') return { path, code: own, message: issue.message };
  const birth = /^(members\.\d+\.birth)\./.exec(path);
  const field = birth ? birth[1]! : path;
  const max = Number(issue.maximum);
  if (issue.code === 'too_big' && birth && path.endsWith('.years')) return { path: field, code: 'form.age.too_big', message: issue.message, params: { max } };
  if (issue.code === 'too_big' && issue.origin === 'string') return { path: field, code: 'form.text.too_long', message: issue.message, params: { max } };
  if (issue.code === 'too_big' && issue.origin === 'number') return { path: field, code: 'form.number.too_big', message: issue.message, params: { max } };
  if (issue.code === 'too_small' && issue.origin === 'number')
    return { path: field, code: 'form.number.too_small', message: issue.message, params: { min: Number(issue.minimum) } };
  return { path: field, code: 'form.invalid', message: issue.message };
}

export interface FormResult {
  input?: HouseholdInput;
  issues: FieldIssue[];
}

export function toInput(form: HouseholdForm): FormResult {
  const issues: FieldIssue[] = [];
  const members: PersonInput[] = withoutBlankTail(form.members).map((m, index) => {
    const birth = parseBirth(m.birthText);
    if (!birth) {
      issues.push({
        path: `members.${index}.birth`,
        code: m.birthText.trim() ? 'form.birth.unreadable' : 'form.birth.missing',
        message: 'Enter a date of birth, a year, or an age.',
      });
    }
    if (!m.sex) issues.push({ path: `members.${index}.sex`, code: 'form.sex.missing', message: 'Choose the sex.' });
    return {
      ...(m.id ? { id: m.id } : {}),
      givenName: m.givenName,
      familyName: m.familyName,
      patronymic: m.patronymic,
      givenNameLatin: m.latinEdited.givenName ? m.givenNameLatin : '',
      familyNameLatin: m.latinEdited.familyName ? m.familyNameLatin : '',
      patronymicLatin: m.latinEdited.patronymic ? m.patronymicLatin : '',
      sex: (m.sex || 'F') as Sex,
      // Only to fill the shape: a missing birth is refused above, and rules about age skip this person (ageRulesApply).
      birth: birth ?? { kind: 'age', years: 0 },
      relationship: m.relationship,
      documents: m.documentNumber.trim() ? [{ type: m.documentType, number: m.documentNumber }] : [],
      nationality: m.nationality,
      specificNeeds: m.specificNeeds,
      phone: m.phone,
      notes: m.notes,
      ...(m.ref ? { ref: m.ref } : {}),
      ...(m.duplicateDecision ? { duplicateDecision: m.duplicateDecision } : {}),
      ...(m.mergedInto ? { mergedInto: m.mergedInto } : {}),
    };
  });
  const declared = form.declaredSize.trim();
  const input: HouseholdInput = {
    mode: form.mode,
    ...arrivalInput(form.arrivedAt, issues),
    originSettlement: form.originSettlement,
    originDistrict: form.originDistrict,
    arrivalMeans: form.arrivalMeans,
    destination: form.destination,
    destinationDetails: form.destinationDetails,
    phone: form.phone,
    consentTracing: form.consentTracing,
    consentBasis: form.consentBasis,
    notes: form.notes,
    ...(declared ? { declaredSize: Number(declared) } : {}),
    members,
  };
  return { input, issues };
}

export function fromDetail(detail: HouseholdDetail): HouseholdForm {
  const h = detail.household;
  return {
    mode: h.mode,
    arrivedAt: toLocalInput(h.arrivedAt),
    originSettlement: h.originSettlement,
    originDistrict: h.originDistrict,
    arrivalMeans: h.arrivalMeans,
    destination: h.destination,
    destinationDetails: h.destinationDetails,
    phone: h.phone,
    consentTracing: h.consentTracing,
    consentBasis: h.consentBasis,
    notes: h.notes,
    declaredSize: h.declaredSize ? String(h.declaredSize) : '',
    members: detail.members.map((m) => ({
      key: newKey(),
      id: m.id,
      givenName: m.givenName,
      familyName: m.familyName,
      patronymic: m.patronymic,
      givenNameLatin: m.givenNameLatin,
      familyNameLatin: m.familyNameLatin,
      patronymicLatin: m.patronymicLatin,
      latinEdited: { givenName: true, familyName: true, patronymic: true },
      sex: m.sex,
      birthText: birthText(m.birth),
      relationship: m.relationship,
      documentType: m.documents[0]?.type ?? 'passport',
      documentNumber: m.documents[0]?.number ?? '',
      nationality: m.nationality,
      specificNeeds: m.specificNeeds,
      phone: m.phone,
      notes: m.notes,
      ...(m.ref ? { ref: m.ref } : {}),
      ...(m.duplicateDecision ? { duplicateDecision: m.duplicateDecision } : {}),
      ...(m.mergedInto ? { mergedInto: m.mergedInto } : {}),
    })),
  };
}
