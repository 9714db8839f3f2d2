import { formatDate, formatDateTime, hasMessage, translate, type Language, type MessageKey } from '../i18n';

/**
 * A family's record in words: each field as the form labels it and each value as the form offers it (codes become
 * their names, dates the desk's format). A field core adds later still shows, by its own name and raw value, so the
 * record never holds back something the file holds.
 */
const LABELS: Record<string, MessageKey> = {
  mode: 'household.mode',
  arrivedAt: 'household.arrived',
  originSettlement: 'household.originSettlement',
  originDistrict: 'household.originDistrict',
  arrivalMeans: 'household.arrivalMeans',
  destination: 'household.destination',
  destinationDetails: 'household.destinationDetails',
  phone: 'household.phone',
  consentTracing: 'household.consentTracing',
  consentBasis: 'household.consentBasis',
  notes: 'household.notes',
  declaredSize: 'household.declaredSize',
  givenName: 'person.givenName',
  familyName: 'person.familyName',
  patronymic: 'person.patronymic',
  givenNameLatin: 'person.givenNameLatin',
  familyNameLatin: 'person.familyNameLatin',
  patronymicLatin: 'person.patronymicLatin',
  sex: 'person.sex',
  birth: 'person.birth',
  relationship: 'person.relationship',
  documents: 'person.documentNumber',
  nationality: 'person.nationality',
  specificNeeds: 'person.needs',
  ref: 'history.ref',
  mergedInto: 'dup.history.mergedInto',
  duplicateDecision: 'dup.history.decision',
  status: 'history.status',
  voidReason: 'void.reason',
};
const MEMBER_LABELS: Record<string, MessageKey> = { phone: 'person.phone', notes: 'person.notes' };

/** Fields whose value is a code, and the prefix of the code's message. */
const CODES: Record<string, string> = {
  mode: 'intake.mode',
  arrivalMeans: 'arrival',
  destination: 'destination',
  consentBasis: 'consent',
  sex: 'sex',
  relationship: 'relationship',
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
  if (field === 'status' && typeof value === 'string') return hasMessage(`record.status.${value}`) ? t(`record.status.${value}`) : value;
  // The other record's id means nothing to a clerk: what matters is that this person is kept there.
  if (field === 'mergedInto') return t('household.mergedAway');
  if (field === 'duplicateDecision' && typeof value === 'object') {
    const d = value as { decision?: string; reason?: string };
    const decision = hasMessage(`words.decision.${d.decision ?? ''}`) ? t(`words.decision.${d.decision ?? ''}`) : String(d.decision);
    return d.reason ? `${decision}: ${d.reason}` : decision;
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

/** Fields the history keeps as JSON text (objects, lists, yes/no, numbers); read back before they are put in words. */
const JSON_FIELDS = new Set(['birth', 'documents', 'specificNeeds', 'consentTracing', 'declaredSize', 'duplicateDecision']);

/** One change in a household's history, in words: the field as the form labels it, before and after as the form shows them. */
export function changeWords(change: { member?: string; field: string; before: string; after: string }, language: Language): FieldLine & { before: string } {
  const read = (text: string): unknown => {
    if (!text || !JSON_FIELDS.has(change.field)) return text;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  const key = (change.member !== undefined && MEMBER_LABELS[change.field]) || LABELS[change.field];
  return {
    field: change.field,
    label: key ? translate(language, key) : change.field,
    before: words(change.field, read(change.before), language),
    value: words(change.field, read(change.after), language),
  };
}

/** An audit event's kind (or a version's action) in the UI's language; a kind from elsewhere shows as written. */
export function actionWords(action: string, language: Language): string {
  if (hasMessage(`action.${action}`)) return translate(language, `action.${action}`);
  return hasMessage(`history.${action}`) ? translate(language, `history.${action}`) : action;
}
