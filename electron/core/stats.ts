import { AGE_BANDS, ageBand, ageInYears, type AgeBand } from '../api/age.js';
import type { SexCounts, Stats } from '../api/views.js';
import { NEED_CATEGORIES } from '../api/schemas/needs.js';
import type { DB } from './db/open.js';
import { sql } from './db/statements.js';
import { linkedAwayJson, pendingAcrossCentres } from './duplicates/hub.js';

export interface StatsFilter {
  /** Only households that arrived on this day (YYYY-MM-DD). */
  date?: string;
  centreCode?: string;
}

/** Per household, how many of its persons are linked away (`x.n`); its one parameter is `linkedAwayJson`. */
export const AWAY_JOIN = `LEFT JOIN (SELECT ap.household_id AS household_id, count(*) AS n FROM persons ap
  WHERE ap.id IN (SELECT value FROM json_each(?)) GROUP BY ap.household_id) x ON x.household_id = h.id`;

export const isHub = (db: DB): boolean => sql(db, "SELECT role FROM station LIMIT 1").pluck().get() === 'hub';

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

/**
 * Figures for the situation report; voided households are not counted. Ages are taken on the day of arrival. At a
 * hub, a person linked to the same person registered at another centre is counted once (`linkedAway`), and the
 * pairs across centres still waiting for a decision are counted beside the figures.
 */
export function computeStats(db: DB, filter: StatsFilter = {}): Stats {
  const { clause, params } = where(filter);
  const households = sql(db, `SELECT count(*) FROM households h WHERE ${clause}`).pluck().get(...params) as number;
  const bySex: SexCounts = { F: 0, M: 0 };
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, { F: 0, M: 0 }])) as Record<AgeBand, SexCounts>;
  const away = linkedAwayJson(db);
  const rows = sql(
    db,
    `SELECT p.sex, p.birth_date, h.arrival_date FROM persons p JOIN households h ON h.id = p.household_id
     WHERE ${clause} AND p.id NOT IN (SELECT value FROM json_each(?))`,
  ).raw().iterate(...params, away) as IterableIterator<['F' | 'M', string, string]>;
  let persons = 0;
  for (const [sex, dob, arrival] of rows) {
    persons++;
    bySex[sex]++;
    byAgeBand[ageBand(Math.max(0, ageInYears(dob, arrival)))][sex]++;
  }
  const bySpecificNeed: Record<string, number> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0]));
  const needRows = sql(
    db,
    `SELECT substr(j.value, 1, 2) AS category, count(DISTINCT p.id) AS n
     FROM persons p JOIN households h ON h.id = p.household_id, json_each(p.specific_needs) j
     WHERE ${clause} AND p.id NOT IN (SELECT value FROM json_each(?)) GROUP BY category`,
  ).all(...params, away) as { category: string; n: number }[];
  for (const r of needRows) bySpecificNeed[r.category] = r.n;
  const byDay = sql(
    db,
    `SELECT h.arrival_date AS date, count(*) AS households, sum(h.size - coalesce(x.n, 0)) AS persons
     FROM households h ${AWAY_JOIN} WHERE ${clause} GROUP BY h.arrival_date ORDER BY h.arrival_date`,
  ).all(away, ...params) as { date: string; households: number; persons: number }[];
  const stats: Stats = { households, persons, bySex, byAgeBand, bySpecificNeed, byDay };
  if (isHub(db)) stats.pendingAcrossCentres = pendingAcrossCentres(db);
  return stats;
}
