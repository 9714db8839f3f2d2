import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGE_BANDS, ageBand, ageInYears, type AgeBand } from '../../../electron/rules/age.js';
import { HouseholdSchema, type HouseholdInput } from '../../../electron/api/schemas/household.js';
import { NEED_CATEGORIES } from '../../../electron/api/schemas/needs.js';
import type { SexCounts, Stats } from '../../../electron/api/views.js';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import type { DB } from '../../../electron/core/db/open.js';
import { resolvePair } from '../../../electron/core/duplicates/decisions.js';
import { decideHubPair, hubQueue, linkedAwayJson } from '../../../electron/core/duplicates/hub.js';
import { reviewDuplicates } from '../../../electron/core/duplicates/review.js';
import { recount } from '../../../electron/core/households/tally.js';
import { updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { updateProtectionSettings } from '../../../electron/core/protection/settings.js';
import { eraseHousehold, purgeExpired } from '../../../electron/core/protection/retention.js';
import { computeStats, isHub, type StatsFilter } from '../../../electron/core/figures/stats.js';
import { family, site, type Desk, type Site } from '../../helpers/batches.js';
import { scorerRows, scorerRowsFromPersons } from '../../helpers/scorer-rows.js';

/**
 * The figures `stats` reads from the counts the write path keeps (figure_counts) equal a full recount the old way
 * (every person row walked) on real files: a station and a hub, after registrations, corrections, voids, a merge at
 * the desk, imports, links across centres, an erasure and a retention purge carried by batches. The duplicate
 * scorer's copy of the active persons, kept by the same write path, is checked against the rows the same way.
 */

/** `computeStats` as it was before the counts: every person of the filter walked in JavaScript. */
function walkedStats(db: DB, filter: StatsFilter = {}): Stats {
  const parts = ["h.status = 'active'"];
  const params: string[] = [];
  if (filter.date) {
    parts.push('h.arrival_date = ?');
    params.push(filter.date);
  }
  if (filter.centreCode) {
    parts.push('h.centre_code = ?');
    params.push(filter.centreCode);
  }
  const clause = parts.join(' AND ');
  const households = db
    .prepare(`SELECT count(*) FROM households h WHERE ${clause}`)
    .pluck()
    .get(...params) as number;
  const bySex: SexCounts = { F: 0, M: 0 };
  const byAgeBand = Object.fromEntries(AGE_BANDS.map((b) => [b, { F: 0, M: 0 }])) as Record<AgeBand, SexCounts>;
  const away = linkedAwayJson(db);
  const rows = db
    .prepare(
      `SELECT p.sex, p.birth_date, h.arrival_date FROM persons p JOIN households h ON h.id = p.household_id
     WHERE ${clause} AND p.id NOT IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(...params, away) as ['F' | 'M', string, string][];
  for (const [sex, dob, arrival] of rows) {
    bySex[sex]++;
    byAgeBand[ageBand(Math.max(0, ageInYears(dob, arrival)))][sex]++;
  }
  const bySpecificNeed: Record<string, number> = Object.fromEntries(NEED_CATEGORIES.map((c) => [c, 0]));
  const needRows = db
    .prepare(
      `SELECT substr(j.value, 1, 2) AS category, count(DISTINCT p.id) AS n
     FROM persons p JOIN households h ON h.id = p.household_id, json_each(p.specific_needs) j
     WHERE ${clause} AND p.id NOT IN (SELECT value FROM json_each(?)) GROUP BY category`,
    )
    .all(...params, away) as { category: string; n: number }[];
  for (const r of needRows) bySpecificNeed[r.category] = r.n;
  const byDay = db
    .prepare(
      `SELECT h.arrival_date AS date, count(*) AS households, sum(h.size - coalesce(x.n, 0)) AS persons
     FROM households h LEFT JOIN (SELECT ap.household_id AS household_id, count(*) AS n FROM persons ap
       WHERE ap.id IN (SELECT value FROM json_each(?)) GROUP BY ap.household_id) x ON x.household_id = h.id
     WHERE ${clause} GROUP BY h.arrival_date ORDER BY h.arrival_date`,
    )
    .all(away, ...params) as Stats['byDay'];
  const stats: Stats = { households, persons: rows.length, bySex, byAgeBand, bySpecificNeed, byDay };
  if (isHub(db)) stats.pendingAcrossCentres = db.prepare("SELECT count(*) FROM hub_pairs WHERE status = 'open'").pluck().get() as number;
  return stats;
}

function expectCountsTrue(db: DB): void {
  const dates = db.prepare('SELECT DISTINCT arrival_date FROM households').pluck().all() as string[];
  const centres = db.prepare('SELECT DISTINCT centre_code FROM households').pluck().all() as string[];
  const filters: StatsFilter[] = [
    {},
    ...dates.map((date) => ({ date })),
    ...centres.map((centreCode) => ({ centreCode })),
    ...dates.flatMap((date) => centres.map((centreCode) => ({ date, centreCode }))),
  ];
  for (const filter of filters) expect(computeStats(db, filter), JSON.stringify(filter)).toEqual(walkedStats(db, filter));
  // The counts kept along the way are the counts made again from the rows.
  const kept = db.prepare('SELECT * FROM figure_counts ORDER BY 1, 2, 3, 4').all();
  const vocab = db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all();
  recount(db);
  expect(db.prepare('SELECT * FROM figure_counts ORDER BY 1, 2, 3, 4').all()).toEqual(kept);
  expect(db.prepare('SELECT key, persons FROM search_vocab WHERE persons > 0 ORDER BY key').all()).toEqual(vocab);
  // So is the duplicate scorer's copy of the active persons (migrations 024 to 026): household fields, purged contacts,
  // voids, and whether a household has nobody else after members came and went.
  expect(scorerRows(db)).toEqual(scorerRowsFromPersons(db));
}

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
      specificNeeds: ['DS-PM', 'DS-BD'],
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
    {
      givenName: 'Анна',
      familyName: 'Оганесян',
      patronymic: 'Кареновна',
      sex: 'F',
      birth: { kind: 'exact', date: '1961-01-02' },
      relationship: 'parent',
      specificNeeds: ['ER-NF'],
    },
  ],
};

let s: Site;
beforeEach(() => {
  s = site('2024-09-29T10:00:00.000Z');
});
afterEach(() => s.dispose());

function send(desk: Desk, hub: Desk): void {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing was exported');
  expect(importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true }).status).toBe('imported');
}

describe('figures from the kept counts', () => {
  it('equal a full recount at a station and at the hub after every kind of write', () => {
    const hub = s.hub();
    const g = s.station('Goris desk 1', 'GRS1');
    const y = s.station('Yerevan desk 3', 'YRV1');
    for (const desk of [g, y]) installHubKey(desk.core.ctx, s.actor, hub.publicKey);

    const first = g.register(goris);
    const secondInput = family('Anahit', 'Petrosyan', { arrivedAt: '2024-09-27T09:00:00.000Z', phone: '+374 77 555111', notes: 'Asthma' });
    const second = g.register(secondInput);
    const third = g.register(family('Lilit', 'Avetisyan', { arrivedAt: '2024-09-27T10:00:00.000Z' }));
    y.register(yerevan);
    const again = y.register({ ...goris, arrivedAt: '2024-09-28T12:00:00.000Z', members: goris.members.slice(0, 1) });
    expectCountsTrue(g.core.ctx.db);

    // A correction that moves a child across an age band, changes a need and the arrival day; a void.
    const ctx = g.core.ctx;
    updateHousehold(ctx, s.actor, {
      id: first.id,
      expectedVersion: 1,
      household: HouseholdSchema.parse({
        ...goris,
        arrivedAt: '2024-09-27T08:15:00.000Z',
        members: [goris.members[0]!, { ...goris.members[1]!, birth: { kind: 'exact', date: '2019-06-01' }, specificNeeds: ['SM-CI'] }],
      }),
    });
    voidHousehold(ctx, s.actor, { id: third.id, expectedVersion: 1, reason: 'registered twice' });
    // A family left with one person, who now has nobody else in it.
    updateHousehold(ctx, s.actor, {
      id: second.id,
      expectedVersion: 1,
      household: HouseholdSchema.parse({ ...secondInput, members: secondInput.members.slice(0, 1) }),
    });
    expect((scorerRows(ctx.db) as { household_id: string; alone: number }[]).filter((r) => r.alone === 1).map((r) => r.household_id)).toEqual([second.id]);
    expectCountsTrue(ctx.db);

    // A merge at the Yerevan desk: the later record of one woman marked merged into the earlier, not counted.
    reviewDuplicates(y.core.ctx, s.actor);
    const pair = y.core.ctx.db.prepare("SELECT person_a, person_b FROM duplicate_pairs WHERE status = 'open' LIMIT 1").get() as
      { person_a: string; person_b: string } | undefined;
    if (pair) resolvePair(y.core.ctx, s.actor, { personA: pair.person_a, personB: pair.person_b, decision: 'same', note: '' });
    expect(pair).toBeDefined();
    expectCountsTrue(y.core.ctx.db);
    expect(again.id).toBeTruthy();

    send(g, hub);
    send(y, hub);
    expectCountsTrue(hub.core.ctx.db);

    // Links across centres at the hub: a linked person counts once.
    for (const p of hubQueue(hub.core.ctx, { status: 'open', limit: 50, offset: 0 }).items) {
      decideHubPair(hub.core.ctx, s.actor, { personA: p.a.personId, personB: p.b.personId, decision: 'linked', note: '' });
    }
    expect(linkedAwayJson(hub.core.ctx.db)).not.toBe('[]');
    expectCountsTrue(hub.core.ctx.db);

    // An erasure and a retention purge at Goris, carried to the hub.
    eraseHousehold(ctx, s.actor, { id: second.id, reason: 'asked to be forgotten' });
    updateProtectionSettings(ctx, s.actor, { lockAfterSeconds: 180, retentionDays: { contact: 1, notes: 1, documents: 1, address: 1 } });
    s.clock.advance(3 * 24 * 60);
    expect(purgeExpired(ctx, s.actor, { vacuum: false }).households).toBeGreaterThan(0);
    expectCountsTrue(ctx.db);
    send(g, hub);
    expectCountsTrue(hub.core.ctx.db);
    expect(computeStats(hub.core.ctx.db).households).toBe(3);
  });
});
