import type { Birth } from '../../api/schemas/household.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { hash53 } from './blocks.js';
import { dateNumber, nameOf } from './score.js';

/**
 * The scorer's copy of the active persons (`dup_persons`, migration 026) as the hub's check reads it. A check of
 * 10,000 new persons at a million reads some 280,000 candidates' rows, scattered over the table: as the persons table
 * holds them (each name in two scripts, household and station ids, dates as text) the table took 177 MB and each row
 * made a dozen strings. Here each name is the one the scorer reads (`nameOf`), the household's and station's ids are
 * numbers (`idNumber`) and the birth and arrival are numbers: 84 MB, a third of the strings.
 */

/** Birth kinds by the number stored. */
export const BIRTH_KINDS: readonly Birth['kind'][] = ['exact', 'year', 'age'];

/**
 * A household's or station's id as the copy holds it: a 53-bit hash. The check only tells households and stations
 * apart, and two that it compares share a hash by chance about once in a thousand million checks of 10,000 persons:
 * then a pair of namesakes may be queued for a look that would not have been (two households taken as one), or the
 * persons of one other station go unread in that check (a station taken as the batch's own).
 */
export const idNumber = (id: string): number => hash53(id);

/** A person as the persons row and their household hold them: what their row in the scorer's copy is made from. */
export interface ScorerSource {
  n: number;
  household_id: string;
  station_id: string;
  given_name: string;
  given_name_latin: string;
  family_name: string;
  family_name_latin: string;
  patronymic: string;
  patronymic_latin: string;
  sex: string;
  birth_kind: Birth['kind'];
  birth_value: string;
  documents: string;
  phone_normalised: string | null;
  household_phone_normalised: string | null;
  arrival_date: string;
  /** Their household has nobody else. */
  alone: boolean;
}

/** The persons row's and household's columns a `ScorerSource` is read from (`p` the person, `h` the household). */
export const SCORER_SOURCE_COLUMNS = `p.n, p.household_id, h.station_id, p.given_name, p.given_name_latin, p.family_name,
  p.family_name_latin, p.patronymic, p.patronymic_latin, p.sex, p.birth_kind, p.birth_value, p.documents, p.phone_normalised,
  h.phone_normalised AS household_phone_normalised, h.arrival_date`;

/** A number as stored, or 0 for a value the app never writes (an old file's odd row must not stop its upgrade). */
const stored = (value: number): number => (Number.isSafeInteger(value) ? value : 0);

/** Writes a person's row in the scorer's copy (the write path at every version, and migration 026). */
export function writeScorerRow(db: DB, p: ScorerSource): void {
  const birth = stored(p.birth_kind === 'exact' ? dateNumber(p.birth_value) : Number.parseInt(p.birth_value, 10));
  sql(
    db,
    `INSERT INTO dup_persons (n, household, station, given, family, father, sex, birth_kind, birth, arrival, documents, phone,
       household_phone, alone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    p.n,
    idNumber(p.household_id),
    idNumber(p.station_id),
    nameOf(p.given_name, p.given_name_latin),
    nameOf(p.family_name, p.family_name_latin),
    nameOf(p.patronymic, p.patronymic_latin),
    p.sex,
    BIRTH_KINDS.indexOf(p.birth_kind),
    birth,
    stored(dateNumber(p.arrival_date)),
    p.documents === '[]' ? null : p.documents,
    p.phone_normalised,
    p.household_phone_normalised,
    p.alone ? 1 : 0,
  );
}
