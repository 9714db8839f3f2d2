import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBatch } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { checkImportedAcrossCentres, decideHubPair, hubQueue, undoHubPair } from '../../../electron/core/duplicates/hub.js';
import { NEAR_CERTAIN_DUPLICATE } from '../../../electron/core/duplicates/score.js';
import type { Spread } from '../../../electron/core/duplicates/hub-threads.js';
import { loadSnapshot, updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { computeStats } from '../../../electron/core/figures/stats.js';
import { cancelledError } from '../../../electron/core/jobs.js';
import type { Household, HouseholdInput } from '../../../electron/api/schemas/household.js';
import { site, tableCounts, type Desk, type Site } from '../../helpers/batches.js';

/**
 * A family registered at Goris and again at Yerevan, in other scripts and with a clerk's slip, found at the hub once
 * both batches are imported; linked there as the hub's own record, counted once, undone, and untouched by a
 * station's later version.
 */

let s: Site;
beforeEach(() => {
  s = site('2024-09-29T10:00:00.000Z');
});
afterEach(() => s.dispose());

const goris: HouseholdInput = {
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Martakert',
  phone: '+374 77 123456',
  members: [
    { givenName: 'Հասմիկ', familyName: 'Հովհաննիսյան', patronymic: 'Արամի', sex: 'F', birth: { kind: 'exact', date: '1985-03-14' }, relationship: 'head' },
    { givenName: 'Ժիրայր', familyName: 'Հովհաննիսյան', patronymic: 'Գագիկի', sex: 'M', birth: { kind: 'exact', date: '2012-06-01' }, relationship: 'child' },
  ],
};
// Two days later at Yerevan, typed in Russian: Асмик for Հասմիկ, Жирар (a dropped letter) for Ժիրայր, her birth a year.
const yerevan: HouseholdInput = {
  arrivedAt: '2024-09-28T11:40:00.000Z',
  originSettlement: 'Martakert',
  phone: '',
  members: [
    { givenName: 'Асмик', familyName: 'Оганесян', patronymic: 'Арамовна', sex: 'F', birth: { kind: 'year', year: 1985 }, relationship: 'head' },
    { givenName: 'Жирар', familyName: 'Оганесян', patronymic: 'Гагикович', sex: 'M', birth: { kind: 'age', years: 12 }, relationship: 'child' },
  ],
};
// A different family at Yerevan whose names are near but not the same people.
const neighbours: HouseholdInput = {
  arrivedAt: '2024-09-28T12:00:00.000Z',
  originSettlement: 'Askeran',
  phone: '',
  members: [
    { givenName: 'Анна', familyName: 'Оганесян', patronymic: 'Кареновна', sex: 'F', birth: { kind: 'exact', date: '1961-01-02' }, relationship: 'head' },
  ],
};

function send(desk: Desk, hub: Desk): void {
  const outcome = exportBatch(desk.core.ctx, s.actor, { folder: s.folder('stick') });
  if (!outcome.exported) throw new Error('nothing was exported');
  expect(importBatch(hub.core.ctx, s.actor, readFileSync(outcome.batch.filePath), { acceptNewStation: true }).status).toBe('imported');
}

/** A hub and a desk at each of two centres, both sending to it. */
function twoCentres(): { hub: Desk; g: Desk; y: Desk } {
  const hub = s.hub();
  const g = s.station('Goris desk 1', 'GRS1');
  const y = s.station('Yerevan desk 3', 'YRV1');
  for (const desk of [g, y]) installHubKey(desk.core.ctx, s.actor, hub.publicKey);
  return { hub, g, y };
}

/** A desk's next version of a household, with its members changed. */
function changeMembers(desk: Desk, id: string, change: (members: Household['members']) => Household['members']): void {
  const snapshot = loadSnapshot(desk.core.ctx.db, id);
  updateHousehold(desk.core.ctx, s.actor, {
    id,
    expectedVersion: snapshot.version,
    household: { ...snapshot.household, members: change(snapshot.household.members) },
  });
}

const open = (hub: Desk, filter: { centreCode?: string; from?: string; to?: string } = {}) =>
  hubQueue(hub.core.ctx, { status: 'open', limit: 50, offset: 0, ...filter });

/**
 * Goris's family, then Yerevan's households (`more` beside the usual two), both batches imported at the hub: the ids
 * of Yerevan's households, the pairs the imports queued, and a way to read the queue again after checking once more.
 */
function checkedOnce(more: HouseholdInput[] = []) {
  const { hub, g, y } = twoCentres();
  g.register(goris);
  const ids = [yerevan, neighbours, ...more].map((h) => y.register(h).id);
  send(g, hub);
  send(y, hub);
  const pairs = () => hub.core.ctx.db.prepare('SELECT a, b, score, reasons FROM hub_pairs ORDER BY 1, 2').all();
  const whole = pairs();
  hub.core.ctx.db.prepare('DELETE FROM hub_pairs').run();
  return { hub, ids, whole, pairs };
}

describe('a family registered at two centres, at the hub', () => {
  it('is found once both import, with both centres and stations; linked, counted once, undone', () => {
    const { hub, g, y } = twoCentres();
    g.register(goris);
    y.register(yerevan);
    y.register(neighbours);

    send(g, hub);
    expect(open(hub).total).toBe(0);
    send(y, hub);

    const page = open(hub);
    expect(page.pending).toBe(2);
    expect(page.items.map((p) => [p.a.givenName, p.b.givenName].sort().join(' = ')).sort()).toEqual(['Асмик = Հասմիկ', 'Жирар = Ժիրայր']);
    for (const pair of page.items) {
      expect(new Set([pair.a.centreCode, pair.b.centreCode])).toEqual(new Set(['GRS1', 'YRV1']));
      expect(new Set([pair.a.stationLabel, pair.b.stationLabel])).toEqual(new Set(['Goris desk 1', 'Yerevan desk 3']));
    }
    expect(page.centres).toEqual(['GRS1', 'YRV1']);
    expect(open(hub, { centreCode: 'GRS1' }).total).toBe(2);
    expect(open(hub, { centreCode: 'KPN2' }).total).toBe(0);
    expect(open(hub, { from: '2024-09-28', to: '2024-09-28' }).total).toBe(2);
    expect(open(hub, { from: '2024-09-29' }).total).toBe(0);

    expect(computeStats(hub.core.ctx.db).persons).toBe(5);
    const before = tableCounts(hub.core.ctx.db);
    const [first, second] = page.items;
    decideHubPair(hub.core.ctx, s.actor, { personA: first!.a.personId, personB: first!.b.personId, decision: 'linked', note: '' });
    decideHubPair(hub.core.ctx, s.actor, { personA: second!.b.personId, personB: second!.a.personId, decision: 'linked', note: 'same child' });
    expect(computeStats(hub.core.ctx.db).persons).toBe(3);
    expect(open(hub).pending).toBe(0);
    expect(hubQueue(hub.core.ctx, { status: 'linked', limit: 50, offset: 0 }).total).toBe(2);
    // A link is no household version and no change to be carried anywhere: only the audit trail grows.
    const after = tableCounts(hub.core.ctx.db);
    expect({ ...after, audit_events: 0 }).toEqual({ ...before, audit_events: 0 });
    expect(after.audit_events).toBe((before.audit_events ?? 0) + 2);

    undoHubPair(hub.core.ctx, s.actor, { personA: first!.a.personId, personB: first!.b.personId, note: 'linked too soon' });
    expect(computeStats(hub.core.ctx.db).persons).toBe(4);
    expect(open(hub).pending).toBe(1);
    const actions = hub.core.ctx.db.prepare("SELECT action FROM audit_events WHERE action LIKE 'hub_duplicates.%' ORDER BY seq").pluck().all();
    expect(actions).toEqual(expect.arrayContaining(['hub_duplicates.found', 'hub_duplicates.linked', 'hub_duplicates.linked', 'hub_duplicates.undone']));
  });

  it('reads its figures from the counts kept as it writes, equal to a count of every row', () => {
    const { hub, g, y } = twoCentres();
    g.register(goris);
    const gone = y.register({ ...neighbours, members: [{ ...neighbours.members[0]!, givenName: 'Сона' }] });
    y.register(yerevan);
    y.register(neighbours);
    send(g, hub);
    send(y, hub);
    // A family voided at its station, and a pair linked at the hub.
    const snapshot = loadSnapshot(y.core.ctx.db, gone.id);
    voidHousehold(y.core.ctx, s.actor, { id: gone.id, expectedVersion: snapshot.version, reason: 'registered twice by mistake' });
    send(y, hub);
    const first = open(hub).items[0]!;
    decideHubPair(hub.core.ctx, s.actor, { personA: first.a.personId, personB: first.b.personId, decision: 'linked', note: '' });
    const db = hub.core.ctx.db;
    const counted = (status: string) => db.prepare('SELECT count(*) FROM hub_pairs WHERE status = ?').pluck().get(status);
    for (const status of ['open', 'linked', 'different'] as const) {
      const page = hubQueue(hub.core.ctx, { status, limit: 50, offset: 0 });
      expect(page.total).toBe(counted(status));
      expect(page.persons).toBe(
        (db.prepare("SELECT count(*) FROM persons p JOIN households h ON h.id = p.household_id WHERE h.status = 'active'").pluck().get() as number) - 1,
      );
      expect(page.centres).toEqual(db.prepare("SELECT DISTINCT centre_code FROM households WHERE status = 'active' ORDER BY 1").pluck().all());
    }
    expect(open(hub).total).toBe(1);
    expect(open(hub).persons).toBe(4);
    expect(open(hub, { centreCode: 'GRS1' }).total).toBe(1);
  });

  it('keeps a link when a station later sends a new version of the household', () => {
    const { hub, g, y } = twoCentres();
    const saved = g.register(goris);
    y.register(yerevan);
    send(g, hub);
    send(y, hub);
    const pair = open(hub).items[0]!;
    decideHubPair(hub.core.ctx, s.actor, { personA: pair.a.personId, personB: pair.b.personId, decision: 'linked', note: '' });

    const snapshot = loadSnapshot(g.core.ctx.db, saved.id);
    updateHousehold(g.core.ctx, s.actor, { id: saved.id, expectedVersion: snapshot.version, household: { ...snapshot.household, phone: '+374 77 654321' } });
    send(g, hub);

    expect(hubQueue(hub.core.ctx, { status: 'linked', limit: 50, offset: 0 }).items.map((p) => p.a.personId + p.b.personId)).toEqual([
      pair.a.personId + pair.b.personId,
    ]);
    expect(computeStats(hub.core.ctx.db).persons).toBe(3);
    // The station never hears of it.
    expect(g.core.ctx.db.prepare('SELECT count(*) FROM hub_pairs').pluck().get()).toBe(0);
  });

  it('finds the same pairs when a batch is checked a household at a time (a large batch is checked in chunks)', () => {
    const { hub, ids, whole, pairs } = checkedOnce();
    expect(whole).toHaveLength(2);
    expect(checkImportedAcrossCentres(hub.core.ctx, ids, 'again', { chunk: 1 })).toBe(2);
    expect(pairs()).toEqual(whole);
    // One audit event for the batch, however many chunks.
    expect(hub.core.ctx.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'hub_duplicates.found' AND entity_id = 'again'").pluck().get()).toBe(1);
  });

  it('finds the same pairs when the check is spread over threads, each with its own read-only connection to the keyed file', () => {
    const { hub, ids, whole, pairs } = checkedOnce([{ ...yerevan, arrivedAt: '2024-09-28T15:00:00.000Z' }]);
    expect(whole).toHaveLength(4);
    expect(hub.core.ctx.readOnly?.key).toHaveLength(32);
    // A household a chunk, the three chunks over two threads (one takes two chunks), however small the batch.
    const spread: Spread[] = [];
    expect(checkImportedAcrossCentres(hub.core.ctx, ids, 'threads', { chunk: 1, threads: 2, threadsFrom: 0, onSpread: (s) => spread.push(s) })).toBe(4);
    expect(spread).toEqual([{ threads: 2, inThreads: 3, here: 0 }]);
    expect(pairs()).toEqual(whole);
    // And with nobody listening for how the chunks were shared.
    hub.core.ctx.db.prepare('DELETE FROM hub_pairs').run();
    expect(checkImportedAcrossCentres(hub.core.ctx, ids, 'threads again', { chunk: 1, threads: 2, threadsFrom: 0 })).toBe(4);
    expect(pairs()).toEqual(whole);
  });

  it('tells a job how many persons are checked, chunk by chunk, here and in threads, and is not cut short by a cancel', () => {
    const { hub, ids, whole, pairs } = checkedOnce([{ ...yerevan, arrivedAt: '2024-09-28T15:00:00.000Z' }]);
    const ctx = hub.core.ctx;
    const persons = 5;
    for (const options of [{ chunk: 1 }, { chunk: 1, threads: 2, threadsFrom: 0 }]) {
      ctx.db.prepare('DELETE FROM hub_pairs').run();
      const told: { done: number; total: number; unit: string }[] = [];
      // A cancel asked for from the start: a step would stop the job; the check only reports, and ends.
      ctx.job = {
        step: () => {
          throw cancelledError();
        },
        report: (done, total, unit) => told.push({ done, total, unit }),
      };
      try {
        expect(checkImportedAcrossCentres(ctx, ids, 'told', options)).toBe(4);
      } finally {
        ctx.job = undefined;
      }
      expect(pairs()).toEqual(whole);
      expect(told[0]).toEqual({ done: 0, total: persons, unit: 'persons' });
      expect(told.at(-1)).toEqual({ done: persons, total: persons, unit: 'persons' });
      // One figure a chunk (a household), never going back.
      expect(told).toHaveLength(4);
      expect(told.map((t) => t.done)).toEqual([...told.map((t) => t.done)].sort((x, y) => x - y));
    }
    // A batch checked in one chunk takes a moment: nothing to tell.
    ctx.db.prepare('DELETE FROM hub_pairs').run();
    const told: unknown[] = [];
    ctx.job = { step: () => {}, report: (...figures) => told.push(figures) };
    try {
      expect(checkImportedAcrossCentres(ctx, ids, 'whole')).toBe(4);
    } finally {
      ctx.job = undefined;
    }
    expect(told).toEqual([]);
  });

  it('checks on this thread the chunks of a thread that fails', () => {
    const { hub, ids, whole, pairs } = checkedOnce();
    // A key that does not open the file: every thread fails at its first step.
    const ctx = { ...hub.core.ctx, readOnly: { file: hub.core.ctx.readOnly!.file, key: Buffer.alloc(32, 7) } };
    const spread: Spread[] = [];
    expect(checkImportedAcrossCentres(ctx, ids, 'failed threads', { chunk: 1, threads: 2, threadsFrom: 0, onSpread: (s) => spread.push(s) })).toBe(2);
    expect(spread).toEqual([{ threads: 2, inThreads: 0, here: 2 }]);
    expect(pairs()).toEqual(whole);
  });

  it('says when the two households match too, and keeps a namesake in another family out of the queue', () => {
    const { hub, g, y } = twoCentres();
    g.register(goris);
    // Another family at Yerevan: a woman of the same names as the Goris head, a year younger, no father's name given.
    const namesake: HouseholdInput = {
      ...yerevan,
      members: [
        { ...yerevan.members[0]!, patronymic: '', birth: { kind: 'year', year: 1986 } },
        { givenName: 'Армен', familyName: 'Оганесян', patronymic: 'Суренович', sex: 'M', birth: { kind: 'year', year: 1980 }, relationship: 'spouse' },
      ],
    };
    y.register(namesake);
    send(g, hub);
    send(y, hub);
    // Likely on her own score, but nobody else of the two families matches: no pair to review.
    expect(open(hub).total).toBe(0);
    // The family itself, registered again: both pairs, each saying the households match.
    y.register(yerevan);
    send(y, hub);
    const pairs = open(hub).items;
    expect(pairs).toHaveLength(2);
    for (const pair of pairs) expect(pair.reasons).toContainEqual({ code: 'household_match', effect: 'for' });
  });

  it('keeps a pair with nobody else to back it: a person alone, or near-certain on their own', () => {
    const { hub, g, y } = twoCentres();
    g.register(goris);
    // The head alone at Yerevan (she left the family): the household has nobody else.
    y.register({ ...yerevan, members: [yerevan.members[0]!] });
    // The son again, his names and his birth as at Goris, in a family of two others (an uncle took him in).
    y.register({
      ...goris,
      members: [
        { givenName: 'Գևորգ', familyName: 'Մկրտչյան', patronymic: 'Սամվելի', sex: 'M', birth: { kind: 'exact', date: '1970-02-02' }, relationship: 'head' },
        { ...goris.members[1]!, relationship: 'other_relative' },
      ],
    });
    send(g, hub);
    send(y, hub);
    const pairs = open(hub).items;
    expect(pairs.map((p) => [p.a.givenName, p.b.givenName].sort().join(' ')).sort()).toEqual(['Асмик Հասմիկ', 'Ժիրայր Ժիրայր']);
    for (const pair of pairs) expect(pair.reasons.map((r) => r.code)).not.toContain('household_match');
  });

  it.each([
    ['the batch checked', 'goris'],
    ['the hub already held', 'yerevan'],
  ])('keeps a likely pair whose household in %s has nobody else, and not when it has', (_, first) => {
    // Her birth a year at Yerevan, one year out from the date at Goris: likely, not near-certain, nothing shared.
    const asmik: HouseholdInput['members'][number] = { ...yerevan.members[0]!, birth: { kind: 'year', year: 1986 } };
    const queuedFor = (members: HouseholdInput['members']) => {
      const { hub, g, y } = twoCentres();
      g.register(goris);
      y.register({ ...yerevan, members });
      for (const station of first === 'goris' ? [g, y] : [y, g]) send(station, hub);
      return open(hub).items;
    };
    const alone = queuedFor([asmik]);
    expect(alone.map((p) => [p.a.givenName, p.b.givenName].sort().join(' '))).toEqual(['Асмик Հասմիկ']);
    expect(alone[0]!.score).toBeLessThan(NEAR_CERTAIN_DUPLICATE);
    // With a daughter nobody at Goris matches, nothing backs the pair: a namesake in another family looks the same.
    const daughter: HouseholdInput['members'][number] = {
      ...yerevan.members[1]!,
      givenName: 'Лусине',
      patronymic: 'Ашотовна',
      sex: 'F',
      birth: { kind: 'exact', date: '2019-07-07' },
    };
    expect(queuedFor([asmik, daughter])).toEqual([]);
  });

  it('backs a pair by the two households whichever side has the newer persons (a member added later)', () => {
    const { hub, g, y } = twoCentres();
    const husband = (familyName: string, givenName: string): HouseholdInput['members'][number] => ({
      givenName,
      familyName,
      patronymic: '',
      sex: 'M',
      birth: { kind: 'year', year: 1980 },
      relationship: 'spouse',
    });
    const saved = g.register(goris);
    y.register({ ...yerevan, members: [...yerevan.members, husband('Оганесян', 'Армен')] });
    send(g, hub);
    send(y, hub);
    expect(open(hub).total).toBe(2);
    // Goris adds the husband: at the hub he is newer than the Yerevan family, the other way round from his wife and son.
    changeMembers(g, saved.id, (members) => [
      ...members,
      {
        ...members[1]!,
        givenName: 'Արմեն',
        patronymic: '',
        relationship: 'spouse',
        id: randomUUID(),
        givenNameLatin: '',
        familyNameLatin: '',
        birth: { kind: 'year', year: 1981 },
      },
    ]);
    send(g, hub);
    const pairs = open(hub).items;
    expect(pairs.map((p) => [p.a.givenName, p.b.givenName].sort().join(' ')).sort()).toEqual(['Армен Արմեն', 'Асмик Հասմիկ', 'Жирар Ժիրայր']);
    for (const pair of pairs) expect(pair.reasons).toContainEqual({ code: 'household_match', effect: 'for' });
  });

  it('takes a member out of the hub’s queue when a later version takes them out of the family', () => {
    const { hub, g, y } = twoCentres();
    g.register(goris);
    const saved = y.register(yerevan);
    send(g, hub);
    send(y, hub);
    expect(open(hub).total).toBe(2);
    changeMembers(y, saved.id, (members) => members.filter((m) => m.relationship === 'head'));
    send(y, hub);
    // The pair of the son taken out goes, and the count of pairs waiting says the same as the queue.
    const page = open(hub);
    expect(page.total).toBe(1);
    expect(page.pending).toBe(1);
  });

  it('does not queue pairs from one station', () => {
    const hub = s.hub();
    const g = s.station('Goris desk 1', 'GRS1');
    installHubKey(g.core.ctx, s.actor, hub.publicKey);
    g.register(goris);
    g.register(yerevan);
    send(g, hub);
    expect(open(hub).total).toBe(0);
  });
});
