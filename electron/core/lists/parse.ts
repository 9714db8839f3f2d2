import { ageInYears, isValidIsoDate } from '../../rules/age.js';
import { isPlausiblePhone } from '../../rules/household.js';
import { RELATIONSHIPS, type PersonInput, type Relationship } from '../../api/schemas/household.js';
import type { ListRowRefusal } from '../../api/views-duplicates.js';

/**
 * A pre-registration list (CSV or JSON Lines) read row by row. Columns, as in DESIGN.md: household_ref, ref,
 * given_name, family_name, patronymic, sex (F/M), date_of_birth (YYYY-MM-DD), dob_estimated (true/false),
 * relationship, phone. Rows sharing household_ref form one household; a row without one is a household of its own.
 * Every refusal names its line (the header is line 1 of a CSV) and the column, in words a supervisor can act on.
 */

export const LIST_COLUMNS = [
  'household_ref',
  'ref',
  'given_name',
  'family_name',
  'patronymic',
  'sex',
  'date_of_birth',
  'dob_estimated',
  'relationship',
  'phone',
] as const;
const REQUIRED: readonly string[] = ['given_name', 'sex', 'date_of_birth'];

export interface ListRow {
  line: number;
  householdRef: string;
  ref: string;
  person: PersonInput;
  /** False when the row left the relationship empty: the household's first such row becomes its head. */
  relationshipGiven: boolean;
}

export interface ParsedList {
  format: 'csv' | 'jsonl';
  /** Data rows read (the header not counted), refused or not. */
  records: number;
  rows: ListRow[];
  refused: ListRowRefusal[];
}

type Record = Partial<{ [K in (typeof LIST_COLUMNS)[number]]: string }>;

/** RFC 4180 fields: quotes, doubled quotes, separators and line breaks inside quotes; the line each record starts on. */
function csvRecords(text: string, separator: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === separator) {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      if (any || fields.some((f) => f !== '')) records.push({ line: start, fields });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  fields.push(field);
  if (any || fields.some((f) => f !== '')) records.push({ line: start, fields });
  return records;
}

function csv(text: string, refused: ListRowRefusal[]): { line: number; record: Record }[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const [header, ...records] = csvRecords(text, separator);
  if (!header) return [];
  const names = header.fields.map((f) => f.trim().toLowerCase());
  for (const column of REQUIRED) {
    if (!names.includes(column)) {
      refused.push({ line: 1, ref: '', field: column, code: 'list.column.missing', message: `The header has no column "${column}".`, params: { column } });
    }
  }
  if (refused.length > 0) return [];
  return records.map(({ line, fields }) => {
    const record: Record = {};
    names.forEach((name, i) => {
      if ((LIST_COLUMNS as readonly string[]).includes(name)) record[name as keyof Record] = (fields[i] ?? '').trim();
    });
    if (fields.length > names.length && fields.slice(names.length).some((f) => f.trim() !== '')) {
      refused.push({
        line,
        ref: record.ref ?? '',
        field: '',
        code: 'list.row.extra',
        message: `This row has ${fields.length} fields; the header has ${names.length}.`,
        params: { fields: fields.length, expected: names.length },
      });
    }
    return { line, record };
  });
}

function jsonLines(text: string, refused: ListRowRefusal[]): { line: number; record: Record }[] {
  const out: { line: number; record: Record }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      refused.push({ line, ref: '', field: '', code: 'list.row.json', message: 'This line is not a JSON object.' });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      refused.push({ line, ref: '', field: '', code: 'list.row.json', message: 'This line is not a JSON object.' });
      return;
    }
    const record: Record = {};
    for (const column of LIST_COLUMNS) {
      const v = (value as { [k: string]: unknown })[column];
      if (v !== undefined && v !== null) record[column] = typeof v === 'string' ? v.trim() : String(v);
    }
    out.push({ line, record });
  });
  return out;
}

const TRUE = new Set(['true', 'yes', '1', 'y']);
const FALSE = new Set(['false', 'no', '0', 'n', '']);

/** One row into a person, or its refusals. */
type Refuse = (field: string, code: string, message: string, params?: ListRowRefusal['params']) => void;

function personOf(r: Record, onDate: string, refuse: Refuse): PersonInput | undefined {
  let refusals = 0;
  const no: Refuse = (field, code, message, params) => {
    refusals++;
    refuse(field, code, message, params);
  };
  const given = r.given_name ?? '';
  if (!given) no('given_name', 'list.name.missing', 'The given name is empty.');
  if (given.length > 80 || (r.family_name ?? '').length > 80 || (r.patronymic ?? '').length > 80) {
    no('given_name', 'list.name.long', 'A name is longer than 80 letters.');
  }
  const sex = (r.sex ?? '').toUpperCase();
  if (sex !== 'F' && sex !== 'M') no('sex', 'list.sex.invalid', `The sex is "${r.sex ?? ''}"; write F or M.`, { value: r.sex ?? '' });
  const dob = r.date_of_birth ?? '';
  const estimatedText = (r.dob_estimated ?? '').toLowerCase();
  if (!TRUE.has(estimatedText) && !FALSE.has(estimatedText)) {
    no('dob_estimated', 'list.estimated.invalid', `dob_estimated is "${r.dob_estimated ?? ''}"; write true or false.`, { value: r.dob_estimated ?? '' });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dob) || !isValidIsoDate(dob)) {
    no('date_of_birth', 'list.birth.invalid', `The date of birth "${dob}" is not a real date written YYYY-MM-DD.`, { value: dob });
  } else if (dob > onDate) {
    no('date_of_birth', 'list.birth.future', `The date of birth ${dob} is in the future.`, { value: dob });
  } else if (dob < '1900-01-01') {
    no('date_of_birth', 'list.birth.too_old', `The date of birth ${dob} is before 1900.`, { value: dob });
  }
  const relationshipText = (r.relationship ?? '').toLowerCase();
  if (relationshipText && !(RELATIONSHIPS as readonly string[]).includes(relationshipText)) {
    no('relationship', 'list.relationship.invalid', `The relationship "${r.relationship ?? ''}" is not one of: ${RELATIONSHIPS.join(', ')}.`, {
      value: r.relationship ?? '',
      allowed: RELATIONSHIPS.join(', '),
    });
  }
  const phone = r.phone ?? '';
  if (phone && !isPlausiblePhone(phone)) no('phone', 'list.phone.invalid', `The phone "${phone}" cannot be right: 8 to 15 digits.`, { value: phone });
  if ((r.ref ?? '').length > 80) no('ref', 'list.ref.long', 'The ref is longer than 80 characters.');
  if (refusals > 0) return undefined;
  const estimated = TRUE.has(estimatedText);
  return {
    givenName: given,
    familyName: r.family_name ?? '',
    patronymic: r.patronymic ?? '',
    sex: sex as 'F' | 'M',
    birth: estimated ? { kind: 'age', years: Math.max(0, ageInYears(dob, onDate)) } : { kind: 'exact', date: dob },
    relationship: (relationshipText || 'other_relative') as Relationship,
    phone,
    ...(r.ref ? { ref: r.ref } : {}),
  };
}

export function parseList(text: string, onDate: string): ParsedList {
  const body = text.replace(/^\uFEFF/, '');
  const format = body.trimStart().startsWith('{') ? 'jsonl' : 'csv';
  const refused: ListRowRefusal[] = [];
  const records = format === 'jsonl' ? jsonLines(body, refused) : csv(body, refused);
  const rows: ListRow[] = [];
  const refs = new Map<string, number>();
  for (const { line, record } of records) {
    const ref = record.ref ?? '';
    const refuse: Refuse = (field, code, message, params) => refused.push({ line, ref, field, code, message, ...(params ? { params } : {}) });
    if (ref) {
      const first = refs.get(ref);
      if (first !== undefined) refuse('ref', 'list.ref.repeated', `The ref "${ref}" is already used on line ${first}.`, { ref, first });
      else refs.set(ref, line);
    }
    const person = personOf(record, onDate, refuse);
    if (person) rows.push({ line, householdRef: record.household_ref ?? '', ref, person, relationshipGiven: !!record.relationship });
  }
  if (records.length === 0 && refused.length === 0) {
    refused.push({ line: 1, ref: '', field: '', code: 'list.empty', message: 'The list has no rows.' });
  }
  refused.sort((a, b) => a.line - b.line);
  return { format, records: records.length, rows, refused };
}
