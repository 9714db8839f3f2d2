import { AGE_BANDS, ageBand, ageInYears, type AgeBand } from '../../rules/age.js';
import type { SexCounts, Stats } from '../../api/views.js';
import { NEED_CATEGORIES } from '../../api/schemas/needs.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { linkedAwayJson, pendingAcrossCentres } from '../duplicates/hub.js';
import { figureWhere } from './reports.js';

export interface StatsFilter {
  /** Only households that arrived on this day (YYYY-MM-DD). */
  date?: string;
  centreCode?: string;
}

export const isHub = (db: DB): boolean => sql(db, 'SELECT role FROM station LIMIT 1').pluck().get() === 'hub';

/**
 * Figures for the situation report; voided households are not counted. Ages are taken on the day of arrival. At a
 * hub, a person linked to the same person registered at another centre is counted once (`linkedAway`), and the
 * pairs across centres still waiting for a decision are counted beside the figures.
 *
 * Read from the counts the write path keeps (`figure_counts`, households/tally.ts): a sum over days and centres,
 * whatever the number of persons, less the few persons linked away (read one by one).
 */
export function computeStats(db: DB, filter: StatsFilter = {}): Stats {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter.date) {
    parts.push('arrival_date = ?');
    params.push(filter.date);
  }
  if (filter.centreCode) {
    parts.push('centre_code = ?');
    params.push(filter.centreCode);
  }
  const rows = sql(
    db,
    `SELECT arrival_date, kind, bucket, sum(n) FROM figure_counts ${parts.length ? `WHERE ${parts.join(' AND ')}` : ''}
    GROUP BY arrival_date, kind, bucket ORDER BY arrival_date`,
  )
    .raw<[string, 'h' | 'p' | 'n', string, number]>()
    .all(...params);
  const bySex: SexCounts = { F: 0, M: 0 };
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, { F: 0, M: 0 }])) as Record<AgeBand, SexCounts>;
  const bySpecificNeed: Record<string, number> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0]));
  const days = new Map<string, { date: string; households: number; persons: number }>();
  const day = (date: string) => days.get(date) ?? days.set(date, { date, households: 0, persons: 0 }).get(date)!;
  let households = 0;
  let persons = 0;
  const person = (date: string, sex: 'F' | 'M', band: AgeBand, n: number) => {
    persons += n;
    bySex[sex] += n;
    byAgeBand[band][sex] += n;
    day(date).persons += n;
  };
  for (const [date, kind, bucket, n] of rows) {
    if (kind === 'h') {
      households += n;
      day(date).households += n;
    } else if (kind === 'p') {
      const [sex, band] = bucket.split('|') as ['F' | 'M', AgeBand];
      person(date, sex, band, n);
    } else bySpecificNeed[bucket] = (bySpecificNeed[bucket] ?? 0) + n;
  }
  // Persons linked away at a hub: counted by the write path like anyone, taken out here.
  const away = linkedAwayJson(db);
  if (away !== '[]') {
    const { clause, params: awayParams } = figureWhere(filter);
    const linked = sql(
      db,
      `SELECT p.sex, p.birth_date, p.specific_needs, h.arrival_date FROM persons p JOIN households h ON h.id = p.household_id
      WHERE ${clause} AND p.id IN (SELECT value FROM json_each(?))`,
    )
      .raw<['F' | 'M', string, string, string]>()
      .all(...awayParams, away);
    for (const [sex, dob, needs, arrival] of linked) {
      person(arrival, sex, ageBand(Math.max(0, ageInYears(dob, arrival))), -1);
      for (const category of new Set((JSON.parse(needs) as string[]).map((c) => c.slice(0, 2)))) {
        bySpecificNeed[category] = (bySpecificNeed[category] ?? 0) - 1;
      }
    }
  }
  const byDay = [...days.values()].filter((d) => d.households > 0).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const stats: Stats = { households, persons, bySex, byAgeBand, bySpecificNeed, byDay };
  if (isHub(db)) stats.pendingAcrossCentres = pendingAcrossCentres(db);
  return stats;
}
