import { queueDayFiguresOrNone } from '../queue/tickets.js';
import { AGE_BANDS, type AgeBand } from '../../rules/age.js';
import { DESTINATIONS } from '../../api/schemas/household.js';
import { NEED_CATEGORIES, type NeedCategory } from '../../api/schemas/needs.js';
import type { SexCounts } from '../../api/views.js';
import type { DailyReport, DashboardView, Destination, Figures, OriginCount, StationCount } from '../../api/views-print.js';
import { today, type CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { linkedAwayJson, pendingAcrossCentres } from '../duplicates/hub.js';
import { nameKeys } from '../names/keys.js';
import { transliterate } from '../names/translit.js';
import { stationCodeOf } from '../intake/registration-number.js';

/**
 * The figures of the daily intake summary and of the dashboard: counts only, never a name. Like `computeStats`
 * (which `stats --json` prints) voided households are left out and ages are taken on the day of arrival; the
 * grouping is done by SQLite so the dashboard stays quick on a full station file.
 */

export interface FigureFilter {
  /** One centre's arrivals; every centre's when absent (a hub's own figures). */
  centreCode?: string | undefined;
  /** Arrivals on this day only. */
  date?: string;
  /** Arrivals up to and including this day. */
  upTo?: string;
  /** Arrivals before this day. */
  before?: string;
}

/** Per household, how many of its persons are linked away (`x.n`); its one parameter is `linkedAwayJson`. */
const AWAY_JOIN = `LEFT JOIN (SELECT ap.household_id AS household_id, count(*) AS n FROM persons ap
  WHERE ap.id IN (SELECT value FROM json_each(?)) GROUP BY ap.household_id) x ON x.household_id = h.id`;

/** The households a figure counts (never a voided one), as one SQL condition over `h` and its parameters. */
export function figureWhere(f: FigureFilter): { clause: string; params: string[] } {
  const parts = ["h.status = 'active'"];
  const params: string[] = [];
  if (f.centreCode !== undefined) {
    parts.push('h.centre_code = ?');
    params.push(f.centreCode);
  }
  if (f.date) {
    parts.push('h.arrival_date = ?');
    params.push(f.date);
  }
  if (f.upTo) {
    parts.push('h.arrival_date <= ?');
    params.push(f.upTo);
  }
  if (f.before) {
    parts.push('h.arrival_date < ?');
    params.push(f.before);
  }
  return { clause: parts.join(' AND '), params };
}

/** Whole years on the day of arrival, as `ageInYears` (rules/age.ts) reckons them, never below zero. */
const AGE_SQL = `max(0, CAST(substr(h.arrival_date, 1, 4) AS INTEGER) - CAST(substr(p.birth_date, 1, 4) AS INTEGER)
  - (substr(h.arrival_date, 6, 5) < substr(p.birth_date, 6, 5)))`;
const BAND_SQL = `CASE WHEN age < 5 THEN '0-4' WHEN age < 12 THEN '5-11' WHEN age < 18 THEN '12-17' WHEN age < 60 THEN '18-59' ELSE '60+' END`;

export const emptySexCounts = (): SexCounts => ({ F: 0, M: 0 });
export const emptyAgeBands = (): Record<AgeBand, SexCounts> => Object.fromEntries(AGE_BANDS.map((b) => [b, emptySexCounts()])) as Record<AgeBand, SexCounts>;
export const emptyNeeds = (): Record<NeedCategory, number> => Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0])) as Record<NeedCategory, number>;
export const emptyDestinations = (): Figures['byDestination'] =>
  Object.fromEntries(DESTINATIONS.map((d) => [d, { households: 0, persons: 0 }])) as Figures['byDestination'];

/** One key for the spellings of a place in any script: "Ստեփանակերտ", "Степанакерт" and "Stepanakert" meet. */
export const placeKey = (text: string): string => nameKeys(text).join(' ');

interface OriginGroup extends OriginCount {
  /** Households per Latin spelling, to name the group by its most frequent one. */
  spellings: Map<string, number>;
  districts: Map<string, number>;
}

const mostFrequent = (counts: Map<string, number>): string => [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';

/** Merges origins typed in different scripts; each is named by its most frequent Latin spelling. */
export function mergeOrigins(rows: { district: string; settlement: string; households: number; persons: number }[]): OriginCount[] {
  const groups = new Map<string, OriginGroup>();
  for (const row of rows) {
    const key = `${placeKey(row.district)}|${placeKey(row.settlement)}`;
    let group = groups.get(key);
    if (!group) {
      group = { district: '', settlement: '', households: 0, persons: 0, spellings: new Map(), districts: new Map() };
      groups.set(key, group);
    }
    group.households += row.households;
    group.persons += row.persons;
    const settlement = transliterate(row.settlement.trim());
    const district = transliterate(row.district.trim());
    group.spellings.set(settlement, (group.spellings.get(settlement) ?? 0) + row.households);
    group.districts.set(district, (group.districts.get(district) ?? 0) + row.households);
  }
  return [...groups.values()]
    .map((g) => ({ district: mostFrequent(g.districts), settlement: mostFrequent(g.spellings), households: g.households, persons: g.persons }))
    .sort((a, b) => b.persons - a.persons || b.households - a.households || a.settlement.localeCompare(b.settlement));
}

/** The counts behind Figures, as SQLite groups them: additive, so two ranges of days add up to their union. */
export interface RawFigures {
  destinations: { destination: Destination; households: number; persons: number }[];
  ages: { sex: 'F' | 'M'; band: AgeBand; n: number }[];
  needs: { category: NeedCategory; n: number }[];
  origins: { district: string; settlement: string; households: number; persons: number }[];
}

/**
 * The one aggregation behind every figure (the daily summary, the dashboard, the HXL export): households by
 * destination, persons by sex and age band on arrival, persons by need category, each also grouped by `keys`
 * (columns of `h`, by the names the rows carry them under). `away` (linkedAwayJson) names the persons a hub counts
 * elsewhere: linked to the same person registered first at another centre; '[]' on a station.
 */
export function countsBy<K extends string>(
  db: DB,
  filter: FigureFilter,
  away: string,
  keys: Readonly<Record<K, string>>,
): {
  destinations: (Record<K, string> & RawFigures['destinations'][number])[];
  ages: (Record<K, string> & RawFigures['ages'][number])[];
  needs: (Record<K, string> & RawFigures['needs'][number])[];
} {
  const { clause, params } = figureWhere(filter);
  const notAway = 'p.id NOT IN (SELECT value FROM json_each(?))';
  const names = Object.keys(keys) as K[];
  const select = names.map((k) => `h.${keys[k]} AS ${k}, `).join('');
  const by = names.map((k) => `${k}, `).join('');
  return {
    destinations: sql<Record<K, string> & RawFigures['destinations'][number]>(
      db,
      `SELECT ${select}h.destination AS destination, count(*) AS households,
      coalesce(sum(h.size - coalesce(x.n, 0)), 0) AS persons
      FROM households h ${AWAY_JOIN} WHERE ${clause} GROUP BY ${by}h.destination`,
    ).all(away, ...params),
    ages: sql<Record<K, string> & RawFigures['ages'][number]>(
      db,
      `SELECT ${by}sex, ${BAND_SQL} AS band, count(*) AS n
      FROM (SELECT ${select}p.sex AS sex, ${AGE_SQL} AS age FROM households h JOIN persons p ON p.household_id = h.id WHERE ${clause} AND ${notAway})
      GROUP BY ${by}sex, band`,
    ).all(...params, away),
    needs: sql<Record<K, string> & RawFigures['needs'][number]>(
      db,
      `SELECT ${select}substr(j.value, 1, 2) AS category, count(DISTINCT p.id) AS n
      FROM persons p JOIN households h ON h.id = p.household_id, json_each(p.specific_needs) j
      WHERE ${clause} AND p.specific_needs <> '[]' AND ${notAway} GROUP BY ${by}category`,
    ).all(...params, away),
  };
}

/** Figures counted by SQLite (`countsBy` over no key), with the places families came from. */
export function rawFigures(db: DB, filter: FigureFilter, away = linkedAwayJson(db)): RawFigures {
  const { clause, params } = figureWhere(filter);
  return {
    ...countsBy(db, filter, away, {}),
    origins: sql<RawFigures['origins'][number]>(
      db,
      `SELECT h.origin_district AS district, h.origin_settlement AS settlement, count(*) AS households,
      sum(h.size - coalesce(x.n, 0)) AS persons FROM households h ${AWAY_JOIN} WHERE ${clause}
      GROUP BY h.origin_district, h.origin_settlement`,
    ).all(away, ...params),
  };
}

export const addRaw = (a: RawFigures, b: RawFigures): RawFigures => ({
  destinations: [...a.destinations, ...b.destinations],
  ages: [...a.ages, ...b.ages],
  needs: [...a.needs, ...b.needs],
  origins: [...a.origins, ...b.origins],
});

export function toFigures(raw: RawFigures): Figures {
  const byDestination = emptyDestinations();
  let households = 0;
  let persons = 0;
  for (const r of raw.destinations) {
    households += r.households;
    persons += r.persons;
    // A destination this version does not know (a newer desk's) still counts, under its own name.
    const slots: Partial<Record<string, { households: number; persons: number }>> = byDestination;
    const slot = slots[r.destination] ?? (slots[r.destination] = { households: 0, persons: 0 });
    slot.households += r.households;
    slot.persons += r.persons;
  }
  const bySex = emptySexCounts();
  const byAgeBand = emptyAgeBands();
  for (const r of raw.ages) {
    bySex[r.sex] += r.n;
    byAgeBand[r.band][r.sex] += r.n;
  }
  const bySpecificNeed = emptyNeeds();
  for (const r of raw.needs) bySpecificNeed[r.category] += r.n;
  return { households, persons, bySex, byAgeBand, bySpecificNeed, byOrigin: mergeOrigins(raw.origins), byDestination };
}

export const computeFigures = (db: DB, filter: FigureFilter): Figures => toFigures(rawFigures(db, filter));

/**
 * The dashboard reads its running total again after every saved registration. The days before today rarely change,
 * so their counts are kept and read again only when their fingerprint changes: how many households arrived before
 * today, the sum of their versions (an edit or a void raises it) and the last time one was saved.
 */
const pastCache = new WeakMap<DB, { key: string; raw: RawFigures }>();

function figuresBefore(db: DB, centreCode: string | undefined, date: string, away: string): RawFigures {
  const fingerprint = sql(
    db,
    `SELECT count(*) AS n, total(version) AS versions, max(updated_at) AS saved
    FROM households WHERE (? IS NULL OR centre_code = ?) AND arrival_date < ?`,
  ).get(centreCode ?? null, centreCode ?? null, date);
  // A link made or undone at a hub changes who is counted, whatever day they arrived.
  const key = JSON.stringify([centreCode, date, fingerprint, away]);
  const cached = pastCache.get(db);
  if (cached?.key === key) return cached.raw;
  const raw = rawFigures(db, { centreCode, before: date }, away);
  pastCache.set(db, { key, raw });
  return raw;
}

function stationCounts(ctx: CoreContext, filter: FigureFilter): StationCount[] {
  const { clause, params } = figureWhere(filter);
  const rows = sql<{ stationId: string; sample: string; households: number; persons: number }>(
    ctx.db,
    `SELECT h.station_id AS stationId, min(h.registration_number) AS sample, count(*) AS households,
    sum(h.size - coalesce(x.n, 0)) AS persons FROM households h ${AWAY_JOIN} WHERE ${clause} GROUP BY h.station_id`,
  ).all(linkedAwayJson(ctx.db), ...params);
  return rows
    .map((r) => {
      // A registration number starts with its station's code; a hub knows other stations by that code.
      const stationCode = stationCodeOf(r.sample);
      const own = r.stationId === ctx.station.stationId;
      return { stationId: r.stationId, stationCode, stationLabel: own ? ctx.station.stationLabel : stationCode, households: r.households, persons: r.persons };
    })
    .sort((a, b) => a.stationCode.localeCompare(b.stationCode));
}

const centreName = (ctx: CoreContext, centreCode: string): string => (centreCode === ctx.station.centreCode ? ctx.station.centreName : centreCode);

export function dailyReport(ctx: CoreContext, date: string, centreCode = ctx.station.centreCode): DailyReport {
  const openedOn =
    sql(ctx.db, "SELECT min(arrival_date) FROM households WHERE centre_code = ? AND status = 'active'").pluck<string | null>().get(centreCode) ?? '';
  return {
    date,
    centreCode,
    centreName: centreName(ctx, centreCode),
    generatedAt: ctx.now().toISOString(),
    openedOn,
    day: computeFigures(ctx.db, { centreCode, date }),
    total: computeFigures(ctx.db, { centreCode, upTo: date }),
    byStation: stationCounts(ctx, { centreCode, date }),
    queue: centreCode === ctx.station.centreCode ? queueDayFiguresOrNone(ctx, date) : null,
  };
}

/** A station's dashboard shows its centre; a hub's shows every centre it holds, a linked person counted once. */
export function dashboard(ctx: CoreContext, date = today(ctx), days = 30): DashboardView {
  const hub = ctx.station.role === 'hub';
  const centreCode = hub ? undefined : ctx.station.centreCode;
  const from = new Date(Date.parse(`${date}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const away = linkedAwayJson(ctx.db);
  const today = rawFigures(ctx.db, { centreCode, date }, away);
  const byDay = sql<DashboardView['byDay'][number]>(
    ctx.db,
    `SELECT h.arrival_date AS date, count(*) AS households, sum(h.size - coalesce(x.n, 0)) AS persons
    FROM households h ${AWAY_JOIN}
    WHERE h.status = 'active' AND (? IS NULL OR h.centre_code = ?) AND h.arrival_date BETWEEN ? AND ?
    GROUP BY h.arrival_date ORDER BY h.arrival_date`,
  ).all(away, centreCode ?? null, centreCode ?? null, from, date);
  // Days without arrivals are shown as zero, from the first arrival in the window (or the day itself) on.
  const counted = new Map(byDay.map((d) => [d.date, d]));
  const filled: DashboardView['byDay'] = [];
  for (let t = Date.parse(`${byDay[0]?.date ?? date}T00:00:00Z`); t <= Date.parse(`${date}T00:00:00Z`); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    filled.push(counted.get(day) ?? { date: day, households: 0, persons: 0 });
  }
  return {
    date,
    centreCode: ctx.station.centreCode,
    centreName: centreName(ctx, ctx.station.centreCode),
    today: toFigures(today),
    total: toFigures(addRaw(figuresBefore(ctx.db, centreCode, date, away), today)),
    byDay: filled,
    pendingAcrossCentres: hub ? pendingAcrossCentres(ctx.db) : null,
  };
}
