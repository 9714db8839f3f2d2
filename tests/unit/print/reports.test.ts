import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NEED_CATEGORIES } from '../../../electron/api/schemas/needs.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { voidHousehold } from '../../../electron/core/households/write.js';
import { HXL_COLUMNS, hxlCsv } from '../../../electron/core/figures/hxl.js';
import { computeFigures, dailyReport, dashboard } from '../../../electron/core/figures/reports.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { ARMENIAN_FAMILY, RUSSIAN_FAMILY, tempStation, type TempStation } from '../../helpers/print.js';

/** The daily summary's figures agree with `computeStats` (what `stats --json` prints), day by day and in total. */

let station: TempStation;
let days: string[];
beforeAll(() => {
  station = tempStation('2024-09-30T18:00:00.000Z');
  seedHouseholds(station.core.ctx, SYSTEM_ACTOR, 400, 7, 5);
  const a = station.register(ARMENIAN_FAMILY);
  station.register(RUSSIAN_FAMILY);
  const voided = station.register({ ...RUSSIAN_FAMILY, originSettlement: 'Voided-town' });
  voidHousehold(station.core.ctx, SYSTEM_ACTOR, { id: voided.id, expectedVersion: 1, reason: 'registered twice' });
  expect(a.registrationNumber).toMatch(/^[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]$/);
  days = computeStats(station.core.ctx.db).byDay.map((d) => d.date);
});
afterAll(() => station.dispose());

describe('daily summary figures', () => {
  it('equal computeStats for every day, and the running total equals the sum of the days so far', () => {
    const db = station.core.ctx.db;
    expect(days.length).toBeGreaterThanOrEqual(5);
    let households = 0;
    let persons = 0;
    for (const date of days) {
      const report = dailyReport(station.core.ctx, date);
      const stats = computeStats(db, { date, centreCode: 'GRS1' });
      expect(report.day.households).toBe(stats.households);
      expect(report.day.persons).toBe(stats.persons);
      expect(report.day.bySex).toEqual(stats.bySex);
      expect(report.day.byAgeBand).toEqual(stats.byAgeBand);
      expect(report.day.bySpecificNeed).toEqual(stats.bySpecificNeed);
      households += stats.households;
      persons += stats.persons;
      expect(report.total.households).toBe(households);
      expect(report.total.persons).toBe(persons);
      expect(report.byStation.reduce((n, s) => n + s.households, 0)).toBe(stats.households);
      const destinations = Object.values(report.day.byDestination);
      expect(destinations.reduce((n, d) => n + d.households, 0)).toBe(stats.households);
      expect(report.day.byOrigin.reduce((n, o) => n + o.persons, 0)).toBe(stats.persons);
    }
    const all = computeStats(db);
    const last = dailyReport(station.core.ctx, days.at(-1)!);
    expect(last.total.households).toBe(all.households);
    expect(last.total.byAgeBand).toEqual(all.byAgeBand);
    expect(last.openedOn).toBe(days[0]);
  });

  it('counts a place typed in Armenian, Cyrillic and Latin letters as one origin, named in Latin letters', () => {
    const figures = computeFigures(station.core.ctx.db, { centreCode: 'GRS1', date: '2024-09-26' });
    const stepanakert = figures.byOrigin.filter((o) => o.settlement === 'Stepanakert');
    expect(stepanakert).toHaveLength(1);
    expect(figures.byOrigin.some((o) => /[\u0531-\u058F\u0400-\u04FF]/.test(o.settlement))).toBe(false);
    expect(figures.byOrigin.some((o) => o.settlement === 'Voided-town')).toBe(false);
  });

  it('keeps the dashboard’s running total right when a past day changes (edit, void) and when today grows', () => {
    const ctx = station.core.ctx;
    const date = days.at(-1)!;
    const fresh = () => computeFigures(ctx.db, { centreCode: 'GRS1', upTo: date });
    expect(dashboard(ctx, date).total).toEqual(fresh());
    const past = ctx.db.prepare("SELECT id, version FROM households WHERE status = 'active' AND arrival_date < ? LIMIT 1").get(date) as {
      id: string;
      version: number;
    };
    voidHousehold(ctx, SYSTEM_ACTOR, { id: past.id, expectedVersion: past.version, reason: 'entered twice' });
    const afterVoid = dashboard(ctx, date).total;
    expect(afterVoid).toEqual(fresh());
    const today = station.register({ ...RUSSIAN_FAMILY, arrivedAt: `${date}T07:00:00.000Z` });
    expect(today.id).toBeTruthy();
    const afterToday = dashboard(ctx, date).total;
    expect(afterToday.households).toBe(afterVoid.households + 1);
    expect(afterToday).toEqual(fresh());
  });

  it('fills the dashboard days without arrivals with zero', () => {
    const view = dashboard(station.core.ctx, '2024-10-03', 10);
    expect(view.byDay.at(-1)).toEqual({ date: '2024-10-03', households: 0, persons: 0 });
    expect(view.today.households).toBe(0);
    expect(view.total.households).toBe(computeStats(station.core.ctx.db).households);
  });
});

describe('HXL export', () => {
  const parse = (csv: string) =>
    csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));

  it('has a header row, a hashtag row, and rows that add up to each day’s figures', () => {
    const { csv } = hxlCsv(station.core.ctx);
    const [headers, tags, ...rows] = parse(csv);
    expect(headers).toHaveLength(HXL_COLUMNS.length);
    expect(tags).toEqual(HXL_COLUMNS.map((c) => c.tag));
    for (const tag of [
      '#date+arrival',
      '#affected+hh',
      '#affected+ind',
      '#affected+ind+f',
      '#affected+ind+m',
      '#adm1+origin+name',
      '#loc+origin+name',
      '#affected+f+infants+age0_4',
      '#affected+m+elderly+age60plus',
    ]) {
      expect(tags).toContain(tag);
    }
    const col = (tag: string) => tags!.indexOf(tag);
    for (const date of days) {
      const stats = computeStats(station.core.ctx.db, { date });
      const mine = rows.filter((r) => r[col('#date+arrival')] === date);
      const sum = (tag: string) => mine.reduce((n, r) => n + Number(r[col(tag)]), 0);
      expect(sum('#affected+hh')).toBe(stats.households);
      expect(sum('#affected+ind')).toBe(stats.persons);
      expect(sum('#affected+ind+f')).toBe(stats.bySex.F);
      expect(sum('#affected+f+infants+age0_4')).toBe(stats.byAgeBand['0-4'].F);
      expect(sum('#affected+m+adults+age18_59')).toBe(stats.byAgeBand['18-59'].M);
      for (const c of NEED_CATEGORIES) expect(sum(`#affected+ind+specific_needs+${c.toLowerCase()}`)).toBe(stats.bySpecificNeed[c]);
    }
  });

  it('holds no personal data: no name, registration number or phone', () => {
    const { csv } = hxlCsv(station.core.ctx);
    expect(csv).not.toMatch(/Հովհաննիսյան|Hovhannisyan|Григорян|\+374|[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-/);
  });
});
