import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stats } from '../../../electron/api/views.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { ARMENIAN_FAMILY, cli, ensureRendererBuilt, pdfInfo, pdfText, RUSSIAN_FAMILY, tempStation, type TempStation } from '../../helpers/print.js';

/**
 * The daily intake summary as the CLI prints it, in Armenian, read back with pdftotext: its figures are those of
 * `stats --json` for the day and up to it; the HXL export adds up to the same; neither holds a name or a number.
 */

const DAY = '2024-09-26';
let station: TempStation;
let stats: Stats;
let text: string;
let csv: string;
const out = (name: string) => join(station.dataDir, name);
/** Numbers as the Armenian summary writes them (Russian conventions: 1 020 with a narrow space). */
const figuresAfter = (label: string): number[] =>
  [...text.matchAll(new RegExp(`${label}\\s+(\\d{1,3}(?:[ \\u00a0\\u202f]\\d{3})*)(?!\\d)`, 'g'))].map((m) => Number(m[1]!.replace(/\D/g, '')));

beforeAll(async () => {
  ensureRendererBuilt();
  station = tempStation('2024-09-30T18:00:00.000Z');
  seedHouseholds(station.core.ctx, SYSTEM_ACTOR, 300, 11, 6);
  const a = station.register(ARMENIAN_FAMILY);
  const r = station.register(RUSSIAN_FAMILY);
  expect([a.registrationNumber, r.registrationNumber]).toHaveLength(2);
  station.core.close();
  stats = JSON.parse(await cli(['stats', '--data', station.dataDir, '--json'])) as Stats;
  await cli(['report', '--data', station.dataDir, '--date', DAY, '--lang', 'hy', '--out', out('report-hy.pdf')]);
  await cli(['export-hxl', '--data', station.dataDir, '--out', out('figures.csv')]);
  text = pdfText(out('report-hy.pdf'), true);
  csv = readFileSync(out('figures.csv'), 'utf8');
}, 60_000);
afterAll(() => station.dispose());

describe('the daily summary as a PDF', () => {
  it('is one A4 page in Armenian, for the day and the centre', () => {
    expect(pdfInfo(out('report-hy.pdf'))['Page size']).toContain('(A4)');
    expect(pdfInfo(out('report-hy.pdf'))['Pages']).toBe('1');
    expect(text).toContain('Ընդունման օրական ամփոփում');
    expect(text).toContain('Goris reception centre (GRS1)');
    expect(text).toContain('26.09.2024');
  });

  it('counts the day’s households and persons, and the running total, as stats --json does', () => {
    const byDay = stats.byDay.filter((d) => d.date <= DAY);
    const day = byDay.find((d) => d.date === DAY)!;
    expect(day.households).toBeGreaterThan(2);
    const [dayHouseholds, totalHouseholds] = figuresAfter('Ընտանիքներ');
    const [dayPersons, totalPersons] = figuresAfter('Անձինք');
    expect([dayHouseholds, dayPersons]).toEqual([day.households, day.persons]);
    expect([totalHouseholds, totalPersons]).toEqual([byDay.reduce((n, d) => n + d.households, 0), byDay.reduce((n, d) => n + d.persons, 0)]);
    // The sex and age table ends on the day's women and girls, men and boys, and everyone (under 1000 here).
    const totalRow = /Ընդամենը\s+(\d+)\s+(\d+)\s+(\d+)/.exec(text);
    expect(totalRow).not.toBeNull();
    const [female, male, everyone] = totalRow!.slice(1).map(Number);
    expect(female! + male!).toBe(day.persons);
    expect(everyone).toBe(day.persons);
  });

  it('lists origins in Latin letters, whatever script they were typed in, and no personal data', () => {
    expect(text).toContain('Stepanakert');
    expect(text).not.toContain('Ստեփանակերտ');
    expect(text).not.toMatch(/Հովհաննիսյան|Hovhannisyan|Григорян|[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-[0-9A-Z]/);
  });
});

describe('the HXL export', () => {
  it('adds up to the day’s figures, with HXL hashtags and no personal data', () => {
    const [headers, tags, ...rows] = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(headers![0]).toBe('Arrival date');
    for (const tag of [
      '#date+arrival',
      '#affected+hh',
      '#affected+ind',
      '#affected+ind+f',
      '#affected+ind+m',
      '#adm1+origin+name',
      '#loc+origin+name',
      '#affected+m+children+age5_11',
    ]) {
      expect(tags).toContain(tag);
    }
    const col = (tag: string) => tags!.indexOf(tag);
    const day = stats.byDay.find((d) => d.date === DAY)!;
    const mine = rows.filter((r) => r[col('#date+arrival')] === DAY);
    expect(mine.reduce((n, r) => n + Number(r[col('#affected+hh')]), 0)).toBe(day.households);
    expect(mine.reduce((n, r) => n + Number(r[col('#affected+ind')]), 0)).toBe(day.persons);
    expect(rows.reduce((n, r) => n + Number(r[col('#affected+ind+f')]) + Number(r[col('#affected+ind+m')]), 0)).toBe(stats.persons);
    expect(csv).not.toMatch(/Հովհաննիսյան|Григорян|Hovhannisyan|\+374|[0-9A-Z]{4}(?:-[0-9A-Z]{4})?-\d{5}-/);
  });
});
