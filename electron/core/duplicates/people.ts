import { ageInYears } from '../../rules/age.js';
import type { Birth } from '../../api/schemas/household.js';
import type { DuplicatePersonView } from '../../api/views-duplicates.js';
import type { CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { normaliseDocumentNumber } from '../names/keys.js';
import { birthFactsOf, prepareNames, preparedWith, type DuplicateSubject, type NameFrequency, type PreparedNames, type PreparedSubject } from './score.js';
import { BIRTH_KINDS } from './scorer-copy.js';

/** Persons as duplicate detection reads them: one row per person with what their household adds. */

export interface PersonRecord {
  id: string;
  /** The person's number in this file (duplicate keys name persons by it). */
  n: number;
  household_id: string;
  registration_number: string;
  relationship: string;
  given_name: string;
  family_name: string;
  patronymic: string;
  given_name_latin: string;
  family_name_latin: string;
  patronymic_latin: string;
  sex: 'F' | 'M';
  birth_kind: 'exact' | 'year' | 'age';
  birth_value: string;
  birth_date: string;
  documents: string;
  phone: string;
  phone_normalised: string | null;
  ref: string | null;
  household_phone: string;
  household_phone_normalised: string | null;
  arrival_date: string;
  arrived_at: string;
  origin_settlement: string;
  centre_code: string;
  station_id: string;
  status: 'active' | 'voided';
  size: number;
}

const COLUMNS = `p.id, p.n, p.household_id, h.registration_number, p.relationship, p.given_name, p.family_name, p.patronymic,
  p.given_name_latin, p.family_name_latin, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.birth_date,
  p.documents, p.phone, p.phone_normalised, p.ref, h.phone AS household_phone,
  h.phone_normalised AS household_phone_normalised, h.arrival_date, h.arrived_at, h.origin_settlement, h.centre_code,
  h.station_id, h.status, h.size`;

/** Persons by id, in one statement whatever their number (bound as one JSON array, each id one index seek). */
export function recordsByIds(db: DB, ids: readonly string[]): PersonRecord[] {
  if (ids.length === 0) return [];
  return sql<PersonRecord>(
    db,
    `SELECT ${COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id
    WHERE p.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(ids));
}

/**
 * What scoring a person and keeping a pair need: a hub's check reads many candidates and shows none of them. Only
 * persons of active households have it.
 */
export type ScoringRecord = Pick<
  PersonRecord,
  | 'n'
  | 'household_id'
  | 'given_name'
  | 'family_name'
  | 'patronymic'
  | 'given_name_latin'
  | 'family_name_latin'
  | 'patronymic_latin'
  | 'sex'
  | 'birth_kind'
  | 'birth_value'
  | 'documents'
  | 'phone_normalised'
  | 'household_phone_normalised'
  | 'arrival_date'
  | 'station_id'
>;

type ScoringRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  ScoringRecord['sex'],
  ScoringRecord['birth_kind'],
  string,
  string,
  string | null,
  string | null,
  string,
];

/** What scoring a person needs, read from the persons table and their household, in the order of `ScoringRow`. */
const SCORING_COLUMNS = `p.n, p.household_id, h.station_id, p.given_name, p.family_name, p.patronymic, p.given_name_latin,
  p.family_name_latin, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.documents, p.phone_normalised,
  h.phone_normalised, h.arrival_date`;

/** A row of `SCORING_COLUMNS` as the record the scorer's callers read. */
const recordOf = (r: readonly [...ScoringRow, ...number[]]): ScoringRecord => ({
  n: r[0],
  household_id: r[1],
  station_id: r[2],
  given_name: r[3],
  family_name: r[4],
  patronymic: r[5],
  given_name_latin: r[6],
  family_name_latin: r[7],
  patronymic_latin: r[8],
  sex: r[9],
  birth_kind: r[10],
  birth_value: r[11],
  documents: r[12],
  phone_normalised: r[13],
  household_phone_normalised: r[14],
  arrival_date: r[15],
});

/**
 * Persons of active households for scoring, by number (as the duplicate and search keys find them), bound as one JSON
 * array: the persons a hub's check looks up (a batch's), with every spelling their keys are made from.
 */
export function scoringRecordsByNumbers(db: DB, numbers: readonly number[]): ScoringRecord[] {
  if (numbers.length === 0) return [];
  const rows = sql(
    db,
    `SELECT ${SCORING_COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id
    WHERE p.n IN (SELECT value FROM json_each(?)) AND h.status = 'active' ORDER BY p.n`,
  )
    .raw<ScoringRow>()
    .all(JSON.stringify(numbers));
  return rows.map(recordOf);
}

/** A person held at the hub as its check across centres reads them: prepared for the scorer once, when read. */
export interface HeldPerson {
  n: number;
  /** Their household's and station's ids as numbers (`idNumber`, scorer-copy.ts). */
  household: number;
  station: number;
  /** Their household has nobody else (migration 025). */
  alone: boolean;
  prepared: PreparedSubject;
}

/** A row of the scorer's copy (migration 026), in the order of its columns. */
type HeldRow = [
  n: number,
  household: number,
  station: number,
  given: string,
  family: string,
  father: string,
  sex: 'F' | 'M',
  birthKind: number,
  birth: number,
  arrival: number,
  documents: string | null,
  phone: string | null,
  householdPhone: string | null,
  alone: number,
];

const NONE: readonly string[] = [];

/**
 * The held persons' names, prepared once for everyone in a check who carries the same three (a family name and its
 * given names repeat heavily among a name's namesakes). Bounded: past `KEPT` combinations it starts afresh.
 */
export class HeldNames {
  private static readonly KEPT = 50_000;
  private readonly prepared = new Map<string, Map<string, Map<string, PreparedNames>>>();
  private size = 0;

  of(given: string, family: string, father: string): PreparedNames {
    if (this.size >= HeldNames.KEPT) {
      this.prepared.clear();
      this.size = 0;
    }
    let byFamily = this.prepared.get(given);
    if (!byFamily) this.prepared.set(given, (byFamily = new Map()));
    let byFather = byFamily.get(family);
    if (!byFather) byFamily.set(family, (byFather = new Map()));
    let names = byFather.get(father);
    if (!names) {
      names = prepareNames(given, family, father);
      byFather.set(father, names);
      this.size++;
    }
    return names;
  }
}

/**
 * Candidates for the hub's check, by number (given in ascending order: rows are met in the file's order), from the
 * scorer's copy of the active persons (migration 026), each prepared for the scorer. Persons of `exceptStation` (the
 * batch's own station as `idNumber` gives it: never a pair across centres) are not read.
 */
export function heldByNumbers(db: DB, numbers: readonly number[], names: HeldNames, exceptStation?: number): HeldPerson[] {
  if (numbers.length === 0) return [];
  const rows = sql(
    db,
    `SELECT d.n, household, station, given, family, father, sex, birth_kind, birth, arrival, documents, phone, household_phone, alone
    FROM json_each(?) j JOIN dup_persons d ON d.n = j.value WHERE d.station IS NOT ?`,
  )
    .raw<HeldRow>()
    .all(JSON.stringify(numbers), exceptStation ?? null);
  return rows.map(([n, household, station, given, family, father, sex, birthKind, birth, arrival, documents, phone, householdPhone, alone]) => {
    const phones =
      phone === null
        ? householdPhone === null
          ? NONE
          : [householdPhone]
        : householdPhone === null || householdPhone === phone
          ? [phone]
          : [phone, householdPhone];
    const prepared = preparedWith(
      names.of(given, family, father),
      sex,
      birthFactsOf(BIRTH_KINDS[birthKind]!, birth, arrival),
      documents === null ? NONE : documentNumbers(documents),
      phones,
    );
    return { n, household, station, alone: alone === 1, prepared };
  });
}

/** Every person of every household not voided, read one at a time: what a full review compares. */
export function activeRecords(db: DB): IterableIterator<PersonRecord> {
  return sql<PersonRecord>(db, `SELECT ${COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'`).iterate();
}

/** Persons a supervisor merged into another: they stay in their household's history, but are no longer candidates. */
export function mergedAway(db: DB): Set<string> {
  const rows = sql(db, "SELECT person_a, person_b, kept_person FROM duplicate_pairs WHERE status = 'same'").raw<[string, string, string | null]>().all();
  return new Set(rows.map(([a, b, kept]) => (kept === a ? b : a)));
}

export function birthOf(kind: PersonRecord['birth_kind'], value: string): Birth {
  if (kind === 'exact') return { kind, date: value };
  if (kind === 'year') return { kind, year: Number(value) };
  return { kind: 'age', years: Number(value) };
}

function documentNumbers(json: string): string[] {
  if (json === '[]') return [];
  try {
    return (JSON.parse(json) as { number: string }[]).map((d) => normaliseDocumentNumber(d.number)).filter(Boolean);
  } catch {
    return [];
  }
}

export function subjectOf(r: ScoringRecord): DuplicateSubject {
  const phones: string[] = [];
  if (r.phone_normalised) phones.push(r.phone_normalised);
  if (r.household_phone_normalised && r.household_phone_normalised !== r.phone_normalised) phones.push(r.household_phone_normalised);
  return {
    givenName: r.given_name,
    familyName: r.family_name,
    patronymic: r.patronymic,
    givenNameLatin: r.given_name_latin,
    familyNameLatin: r.family_name_latin,
    patronymicLatin: r.patronymic_latin,
    sex: r.sex,
    birth: birthOf(r.birth_kind, r.birth_value),
    recordedOn: r.arrival_date,
    documents: documentNumbers(r.documents),
    phones,
  };
}

/** Labels of the stations households came from: this one, and those whose batches this hub took in. */
export function stationLabels(ctx: CoreContext): Map<string, string> {
  const labels = new Map<string, string>([[ctx.station.stationId, ctx.station.stationLabel]]);
  for (const [id, label] of sql(ctx.db, 'SELECT station_id, label FROM known_stations').raw<[string, string]>().all()) labels.set(id, label);
  return labels;
}

export function viewOf(r: PersonRecord, labels: Map<string, string>, onDate: string): DuplicatePersonView {
  return {
    personId: r.id,
    householdId: r.household_id,
    registrationNumber: r.registration_number,
    ref: r.ref,
    givenName: r.given_name,
    familyName: r.family_name,
    patronymic: r.patronymic,
    givenNameLatin: r.given_name_latin,
    familyNameLatin: r.family_name_latin,
    patronymicLatin: r.patronymic_latin,
    sex: r.sex,
    birth: birthOf(r.birth_kind, r.birth_value),
    dateOfBirth: r.birth_date,
    age: Math.max(0, ageInYears(r.birth_date, onDate)),
    relationship: r.relationship,
    documents: documentNumbers(r.documents),
    phone: r.phone,
    householdPhone: r.household_phone,
    originSettlement: r.origin_settlement,
    arrivedAt: r.arrived_at,
    centreCode: r.centre_code,
    stationLabel: labels.get(r.station_id) ?? r.station_id,
    householdStatus: r.status,
    householdSize: r.size,
  };
}

/** Below this many persons a name's share says little (every name of a new desk's first families looks common). */
const FREQUENCY_FLOOR = 5000;

/**
 * Shares of persons carrying each folded name key, from the key vocabulary. The total is read once per call of the
 * returned function's maker: callers make one per check or review. It is the persons the figures count (kept by the
 * write path, migration 012), not a count of the persons table: that walks a million rows at a hub, for every batch
 * of a day's three hundred, and every check at a desk.
 */
export function nameFrequency(db: DB): NameFrequency {
  const held = sql(db, "SELECT coalesce(sum(n), 0) FROM figure_counts WHERE kind = 'p'").pluck<number>().get()!;
  const total = Math.max(FREQUENCY_FLOOR, held);
  const lookup = sql(db, 'SELECT persons FROM search_vocab WHERE key = ?').pluck<number>();
  const cache = new Map<string, number>();
  return (key) => {
    let share = cache.get(key);
    if (share === undefined) {
      share = (lookup.get(`n:${key}`) ?? 0) / total;
      cache.set(key, share);
    }
    return share;
  };
}
