import type { DB } from '../../electron/core/db/open.js';
import { idNumber } from '../../electron/core/duplicates/scorer-copy.js';

/**
 * The hub scorer's copy of the active persons (`dup_persons`, migration 026) with its household and station numbers
 * read back as the ids they were made from, by person number.
 */
export function scorerRows(db: DB): Record<string, unknown>[] {
  const ids = new Map<number, string>();
  for (const id of db.prepare('SELECT id FROM households UNION SELECT station_id FROM households').pluck().all() as string[]) ids.set(idNumber(id), id);
  return (db.prepare('SELECT * FROM dup_persons ORDER BY n').all() as { household: number; station: number }[]).map(({ household, station, ...rest }) => ({
    household_id: ids.get(household) ?? household,
    station_id: ids.get(station) ?? station,
    ...rest,
  }));
}

/**
 * The same rows made in SQL from the persons table and their households, written apart from the app's own code: each
 * name as the scorer reads it (typed, else in Latin letters), dates as yyyymmdd, none for a voided household.
 */
export const scorerRowsFromPersons = (db: DB): unknown[] =>
  db
    .prepare(
      `SELECT p.household_id, h.station_id, p.n, iif(p.given_name <> '', p.given_name, p.given_name_latin) AS given,
        iif(p.family_name <> '', p.family_name, p.family_name_latin) AS family,
        iif(p.patronymic <> '', p.patronymic, p.patronymic_latin) AS father, p.sex,
        CASE p.birth_kind WHEN 'exact' THEN 0 WHEN 'year' THEN 1 ELSE 2 END AS birth_kind,
        CAST(replace(p.birth_value, '-', '') AS INTEGER) AS birth, CAST(replace(h.arrival_date, '-', '') AS INTEGER) AS arrival,
        nullif(p.documents, '[]') AS documents, p.phone_normalised AS phone, h.phone_normalised AS household_phone,
        (SELECT count(*) FROM persons o WHERE o.household_id = p.household_id) = 1 AS alone
      FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active' ORDER BY p.n`,
    )
    .all();
