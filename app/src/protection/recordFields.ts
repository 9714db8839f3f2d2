import { formatDate, formatDateTime, hasMessage, translate, type Language, type MessageKey } from '../i18n';

/**
 * A family's record in words: each field as the form labels it and each value as the form offers it (codes become
 * their names, dates the desk's format). A field core adds later still shows, by its own name and raw value, so the
 * record never holds back something the file holds.
 */
const LABELS: Record<string, MessageKey> = {
  mode: 'household.mode', arrivedAt: 'household.arrived', originSettlement: 'household.originSettlement',
  originDistrict: 'household.originDistrict', arrivalMeans: 'household.arrivalMeans', destination: 'household.destination',
  destinationDetails: 'household.destinationDetails', phone: 'household.phone', consentTracing: 'household.consentTracing',
  consentBasis: 'household.consentBasis', notes: 'household.notes', declaredSize: 'household.declaredSize',
  givenName: 'person.givenName', familyName: 'person.familyName', patronymic: 'person.patronymic',
  givenNameLatin: 'person.givenNameLatin', familyNameLatin: 'person.familyNameLatin', patronymicLatin: 'person.patronymicLatin',
  sex: 'person.sex', birth: 'person.birth', relationship: 'person.relationship', documents: 'person.documentNumber',
  nationality: 'person.nationality', specificNeeds: 'person.needs', ref: 'history.ref',
};
const MEMBER_LABELS: Record<string, MessageKey> = { phone: 'person.phone', notes: 'person.notes' };

/** Fields whose value is a code, and the prefix of the code's message. */
const CODES: Record<string, string> = {
  mode: 'intake.mode', arrivalMeans: 'arrival', destination: 'destination', consentBasis: 'consent', sex: 'sex', relationship: 'relationship',
};

export interface FieldLine {
  field: string;
  label: string;
  value: string;
}

function words(field: string, value: unknown, language: Language): string {
  const t = (key: string, params?: Record<string, string | number>) => (hasMessage(key) ? translate(language, key, params) : key);
  if (value === undefined || value === null || value === '') return '';
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string' && CODES[field]) return hasMessage(`${CODES[field]}.${value}`) ? t(`${CODES[field]}.${value}`) : value;
  if (field === 'arrivedAt' && typeof value === 'string') return formatDateTime(value, language);
  if (field === 'birth' && typeof value === 'object') {
    const birth = value as { kind: string; date?: string; year?: number; years?: number };
    if (birth.kind === 'exact' && birth.date) return formatDate(birth.date, language);
    if (birth.kind === 'year') return String(birth.year);
    if (birth.kind === 'age') return t('age.estimated', { n: birth.years ?? 0 });
  }
  if (field === 'documents' && Array.isArray(value)) {
    return (value as { type: string; number: string }[]).map((d) => `${t(`document.${d.type}`)} ${d.number}`).join('; ');
  }
  if (field === 'specificNeeds' && Array.isArray(value)) {
    return (value as string[]).map((code) => (hasMessage(`need.${code}`) ? `${code} · ${t(`need.${code}`)}` : code)).join('; ');
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

export function recordLines(object: Record<string, unknown>, language: Language, member: boolean): FieldLine[] {
  return Object.entries(object).map(([field, value]) => {
    const key = (member && MEMBER_LABELS[field]) || LABELS[field];
    return { field, label: key ? translate(language, key) : field, value: words(field, value, language) };
  });
}

export const memberName = (m: Record<string, unknown>): string =>
  [m['givenName'], m['patronymic'], m['familyName']].filter((x) => typeof x === 'string' && x).join(' ');
