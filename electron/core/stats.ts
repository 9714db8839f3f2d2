import { AGE_BANDS, ageBand, ageInYears, type AgeBand } from '../api/age.js';
import type { SexCounts, Stats } from '../api/views.js';
import { NEED_CATEGORIES } from '../api/schemas/needs.js';
import type { DB } from './db/open.js';
import { sql } from './db/statements.js';
import { linkedAway } from './duplicates/hub.js';

export interface StatsFilter {
  /** Only households that arrived on this day (YYYY-MM-DD). */
  date?: string;
  centreCode?: string;
}

const where = (f: StatsFilter): { clause: string; params: string[] } => {
  const parts = ["h.status = 'active'"];
  const params: string[] = [];
  if (f.date) {
    parts.push('h.arrival_date = ?');
    params.push(f.date);
  }
  if (f.centreCode) {
    parts.push('h.centre_code = ?');
    params.push(f.centreCode);
  }
  return { clause: parts.join(' AND '), params };
};

/** Figures for the situation report; voided households are not counted. Ages are taken on the day of arrival. */
export function computeStats(db: DB, filter: StatsFilter = {}): Stats {
  const { clause, params } = where(filter);
  const households = sql(db, `SELECT count(*) FROM households h WHERE ${clause}`).pluck().get(...params) as number;
  const bySex: SexCounts = { F: 0, M: 0 };
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, { F: 0, M: 0 }])) as Record<AgeBand, SexCounts>;
  const rows = sql(
    db,
    `SELECT p.sex, p.birth_date, h.arrival_date, p.id FROM persons p JOIN households h ON h.id = p.household_id WHERE ${clause}`,
  ).raw().iterate(...params) as IterableIterator<['F' | 'M', string, string, string]>;
  // At a hub, a person linked to the same person registered at another centre is counted once.
  const away = linkedAway(db);
  let persons = 0;
  for (const [sex, dob, arrival, id] of rows) {
    if (away.has(id)) continue;
    persons++;
    bySex[sex]++;
    byAgeBand[ageBand(Math.max(0, ageInYears(dob, arrival)))][sex]++;
  }
  const bySpecificNeed: Record<string, number> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0]));
  const needRows = sql(
    db,
    `SELECT substr(j.value, 1, 2) AS category, count(DISTINCT p.id) AS n
     FROM persons p JOIN households h ON h.id = p.household_id, json_each(p.specific_needs) j
     WHERE ${clause} GROUP BY category`,
  ).all(...params) as { category: string; n: number }[];
  for (const r of needRows) bySpecificNeed[r.category] = r.n;
  const byDay = sql(
    db,
    `SELECT h.arrival_date AS date, count(*) AS households, sum(h.size) AS persons
     FROM households h WHERE ${clause} GROUP BY h.arrival_date ORDER BY h.arrival_date`,
  ).all(...params) as { date: string; households: number; persons: number }[];
  return { households, persons, bySex, byAgeBand, bySpecificNeed, byDay };
}
