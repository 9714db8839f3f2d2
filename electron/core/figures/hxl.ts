import { AGE_BANDS, type AgeBand } from '../../rules/age.js';
import { DESTINATIONS } from '../../api/schemas/household.js';
import { NEED_CATEGORIES, type NeedCategory } from '../../api/schemas/needs.js';
import type { Destination } from '../../api/views-print.js';
import type { CoreContext } from '../context.js';
import { csvLine, csvText } from './csv.js';
import { linkedAwayJson } from '../duplicates/hub.js';
import { countsBy, mergeOrigins, placeKey } from './reports.js';

/**
 * The daily figures as a CSV tagged with HXL hashtags (hxlstandard.org), for spreadsheets and situation reports.
 * One row per arrival day, centre and place of origin; every figure column adds up across rows, so a day's total,
 * a centre's running total or an origin's share is a sum. Aggregate counts only: no name, number or date of birth.
 */

const AGE_ATTRIBUTES: Record<AgeBand, string> = {
  '0-4': '+infants+age0_4',
  '5-11': '+children+age5_11',
  '12-17': '+adolescents+age12_17',
  '18-59': '+adults+age18_59',
  '60+': '+elderly+age60plus',
};

interface Column {
  header: string;
  tag: string;
}

export const HXL_COLUMNS: readonly Column[] = [
  { header: 'Arrival date', tag: '#date+arrival' },
  { header: 'Centre code', tag: '#loc+centre+code' },
  { header: 'Centre', tag: '#loc+centre+name' },
  { header: 'Origin district', tag: '#adm1+origin+name' },
  { header: 'Origin settlement', tag: '#loc+origin+name' },
  { header: 'Households', tag: '#affected+hh' },
  { header: 'Persons', tag: '#affected+ind' },
  { header: 'Female', tag: '#affected+ind+f' },
  { header: 'Male', tag: '#affected+ind+m' },
  ...(['f', 'm'] as const).flatMap((sex) =>
    AGE_BANDS.map((band) => ({ header: `${sex === 'f' ? 'Female' : 'Male'} ${band}`, tag: `#affected+${sex}${AGE_ATTRIBUTES[band]}` })),
  ),
  ...NEED_CATEGORIES.map((c) => ({ header: `Persons with specific needs ${c}`, tag: `#affected+ind+specific_needs+${c.toLowerCase()}` })),
  ...DESTINATIONS.map((d) => ({ header: `Households going to: ${d.replace('_', ' ')}`, tag: `#affected+hh+destination+${d}` })),
];

interface Row {
  date: string;
  centreCode: string;
  originKey: string;
  households: number;
  persons: number;
  sex: Record<'F' | 'M', number>;
  ages: Record<'F' | 'M', Record<AgeBand, number>>;
  needs: Record<NeedCategory, number>;
  destinations: Record<Destination, number>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export interface HxlFilter {
  date?: string;
  centreCode?: string;
}

/** The columns an HXL row is one of: a day, a centre, a place of origin. */
const HXL_KEYS = { date: 'arrival_date', centreCode: 'centre_code', district: 'origin_district', settlement: 'origin_settlement' } as const;
type Key = Record<keyof typeof HXL_KEYS, string>;

export function hxlCsv(ctx: CoreContext, filter: HxlFilter = {}): { csv: string; rows: number } {
  // The same counts as the daily summary and the dashboard, per day, centre and place (a hub counts a linked person once).
  const { destinations: households, ages: persons, needs } = countsBy(ctx.db, filter, linkedAwayJson(ctx.db), HXL_KEYS);

  // Places typed in different scripts are one place; each is named by its most frequent Latin spelling overall.
  const names = new Map<string, { district: string; settlement: string }>();
  const byPlace = new Map<string, { district: string; settlement: string; households: number; persons: number }[]>();
  for (const h of households) {
    const key = `${placeKey(h.district)}|${placeKey(h.settlement)}`;
    const list = byPlace.get(key) ?? [];
    list.push({ district: h.district, settlement: h.settlement, households: h.households, persons: h.persons });
    byPlace.set(key, list);
  }
  for (const [key, list] of byPlace) {
    const [merged] = mergeOrigins(list);
    if (merged) names.set(key, { district: merged.district, settlement: merged.settlement });
  }

  const rows = new Map<string, Row>();
  const rowOf = (k: Key): Row => {
    const originKey = `${placeKey(k.district)}|${placeKey(k.settlement)}`;
    const id = `${k.date}\u0000${k.centreCode}\u0000${originKey}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        date: k.date,
        centreCode: k.centreCode,
        originKey,
        households: 0,
        persons: 0,
        sex: { F: 0, M: 0 },
        ages: { F: zeros(AGE_BANDS), M: zeros(AGE_BANDS) },
        needs: zeros(NEED_CATEGORIES),
        destinations: zeros(DESTINATIONS),
      };
      rows.set(id, row);
    }
    return row;
  };
  for (const h of households) {
    const row = rowOf(h);
    row.households += h.households;
    row.destinations[h.destination] += h.households;
  }
  for (const p of persons) {
    const row = rowOf(p);
    row.persons += p.n;
    row.sex[p.sex] += p.n;
    row.ages[p.sex][p.band] += p.n;
  }
  for (const n of needs) rowOf(n).needs[n.category] += n.n;

  const centreName = (code: string) => (code === ctx.station.centreCode ? ctx.station.centreName : code);
  // Every cell through the one CSV helper: a typed place name must never run as a spreadsheet formula.
  const lines = [csvLine(HXL_COLUMNS.map((c) => c.header)), csvLine(HXL_COLUMNS.map((c) => c.tag))];
  const sorted = [...rows.values()].sort((a, b) => a.date.localeCompare(b.date) || a.centreCode.localeCompare(b.centreCode) || b.persons - a.persons);
  for (const r of sorted) {
    const place = names.get(r.originKey) ?? { district: '', settlement: '' };
    lines.push(
      csvLine([
        r.date,
        r.centreCode,
        centreName(r.centreCode),
        place.district,
        place.settlement,
        r.households,
        r.persons,
        r.sex.F,
        r.sex.M,
        ...AGE_BANDS.map((b) => r.ages.F[b]),
        ...AGE_BANDS.map((b) => r.ages.M[b]),
        ...NEED_CATEGORIES.map((c) => r.needs[c]),
        ...DESTINATIONS.map((d) => r.destinations[d]),
      ]),
    );
  }
  return { csv: csvText(lines), rows: sorted.length };
}
