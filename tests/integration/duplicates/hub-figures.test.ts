import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HouseholdInput } from '../../../electron/api/schemas/household.js';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { decideHubPair, hubQueue } from '../../../electron/core/duplicates/hub.js';
import { dailyReport, dashboard } from '../../../electron/core/figures/reports.js';
import { hxlCsv } from '../../../electron/core/figures/hxl.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { site, type Desk, type Site } from '../../helpers/batches.js';

/**
 * The hub's figures (stats, the daily report, the dashboard) on a real hub file that took in two stations' batches:
 * a person linked across centres is counted once, where they were registered first, in every figure that counts
 * persons; and the count of pending pairs across centres stands beside them.
 */

let s: Site;
beforeEach(() => {
  s = site('2024-09-29T10:00:00.000Z');
});
afterEach(() => s.dispose());

const goris: HouseholdInput = {
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Martakert',
  phone: '',
  destination: 'relatives',
  members: [
    { givenName: 'Հասմիկ', familyName: 'Հովհաննիսյան', patronymic: 'Արամի', sex: 'F', birth: { kind: 'exact', date: '1985-03-14' }, relationship: 'head' },
    {
      givenName: 'Ժիրայր',
      familyName: 'Հովհաննիսյան',
      patronymic: 'Գագիկի',
      sex: 'M',
      birth: { kind: 'exact', date: '2012-06-01' },
      relationship: 'child',
      specificNeeds: ['DS-PM'],
    },
  ],
};
const yerevan: HouseholdInput = {
  arrivedAt: '2024-09-28T11:40:00.000Z',
  originSettlement: 'Martakert',
  phone: '',
  destination: 'relatives',
  members: [
    { givenName: 'Асмик', familyName: 'Оганесян', patronymic: 'Арамовна', sex: 'F', birth: { kind: 'year', year: 1985 }, relationship: 'head' },
    {
      givenName: 'Жирар',
      familyName: 'Оганесян',
      patronymic: 'Гагикович',
      sex: 'M',
      birth: { kind: 'age', years: 12 },
      relationship: 'child',
      specificNeeds: ['DS-PM'],
    },
    { givenName: 'Анна', familyName: 'Оганесян', patronymic: 'Кареновна', sex: 'F', birth: { kind: 'exact', date: '1961-01-02' }, relationship: 'parent' },
  ],
};

function send(desk: Desk, hub: Desk): void {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing was exported');
  expect(importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true }).status).toBe('imported');
}

const sumPersons = (days: { persons: number }[]) => days.reduce((n, d) => n + d.persons, 0);

describe('the hub’s figures with persons linked across centres', () => {
  it('count a linked person once, where first registered, and show the pending pairs beside them', () => {
    const hub = s.hub();
    const g = s.station('Goris desk 1', 'GRS1');
    const y = s.station('Yerevan desk 3', 'YRV1');
    for (const desk of [g, y]) installHubKey(desk.core.ctx, s.actor, hub.publicKey);
    g.register(goris);
    y.register(yerevan);
    send(g, hub);
    send(y, hub);
    const ctx = hub.core.ctx;

    const before = computeStats(ctx.db);
    expect(before.persons).toBe(5);
    expect(before.pendingAcrossCentres).toBe(2);
    const board = dashboard(ctx, '2024-09-29');
    // On a hub the dashboard shows every centre's arrivals, not only the hub's own centre code.
    expect(board.total.persons).toBe(5);
    expect(board.pendingAcrossCentres).toBe(2);

    for (const pair of hubQueue(ctx, { status: 'open', limit: 50, offset: 0 }).items) {
      decideHubPair(ctx, s.actor, { personA: pair.a.personId, personB: pair.b.personId, decision: 'linked', note: '' });
    }

    const stats = computeStats(ctx.db);
    expect(stats.persons).toBe(3);
    expect(stats.households).toBe(2);
    expect(stats.bySex).toEqual({ F: 2, M: 1 });
    expect(sumPersons(stats.byDay)).toBe(3);
    expect(stats.bySpecificNeed['DS']).toBe(1);
    expect(stats.pendingAcrossCentres).toBe(0);

    const after = dashboard(ctx, '2024-09-29');
    expect(after.total.persons).toBe(3);
    expect(after.total.bySex).toEqual({ F: 2, M: 1 });
    expect(after.total.bySpecificNeed.DS).toBe(1);
    expect(after.total.byDestination.relatives.persons).toBe(3);
    expect(after.total.byOrigin.reduce((n, o) => n + o.persons, 0)).toBe(3);
    expect(sumPersons(after.byDay)).toBe(3);
    expect(after.pendingAcrossCentres).toBe(0);

    // The persons registered again at Yerevan were counted at Goris: the two centres' reports add up to the hub's.
    const gorisReport = dailyReport(ctx, '2024-09-29', 'GRS1');
    const yerevanReport = dailyReport(ctx, '2024-09-28', 'YRV1');
    expect(gorisReport.total.persons).toBe(2);
    expect(yerevanReport.total.persons).toBe(1);
    expect(yerevanReport.byStation.map((st) => st.persons)).toEqual([1]);

    // The HXL export counts the same way (one aggregation): three persons, two of them women, one with a need.
    const hxl = hxlCsv(ctx)
      .csv.trim()
      .split('\n')
      .slice(2)
      .map((line) => line.split(','));
    const header = hxlCsv(ctx).csv.split('\n')[0]!.split(',');
    const column = (name: string) => hxl.reduce((n, row) => n + Number(row[header.indexOf(name)]), 0);
    expect(column('Persons')).toBe(3);
    expect(column('Households')).toBe(2);
    expect(column('Female')).toBe(2);
  });

  it('a station shows no pending figure and its own centre only', () => {
    const g = s.station('Goris desk 1', 'GRS1');
    g.register(goris);
    expect(computeStats(g.core.ctx.db).pendingAcrossCentres).toBeUndefined();
    const board = dashboard(g.core.ctx, '2024-09-29');
    expect(board.pendingAcrossCentres).toBeNull();
    expect(board.total.persons).toBe(2);
  });
});
