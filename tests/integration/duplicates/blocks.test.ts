import { afterAll, expect, it } from 'vitest';
import { birthDate } from '../../../electron/rules/age.js';
import { blockNamesOf, blocksToRead, loadNameBlocks, lookupOf } from '../../../electron/core/duplicates/blocks.js';
import { candidateIds, findCandidates } from '../../../electron/core/duplicates/candidates.js';
import { nameFrequency } from '../../../electron/core/duplicates/people.js';
import { LIKELY_DUPLICATE, scoreDuplicate, type DuplicateSubject } from '../../../electron/core/duplicates/score.js';
import type { DB } from '../../../electron/core/db/open.js';
import { KEY_PREFIX } from '../../../electron/core/households/index-person.js';
import { writeSnapshot } from '../../../electron/core/households/write.js';
import { nameKeys } from '../../../electron/core/names/keys.js';
import { labelledSet, subjectOf } from '../../fixtures/duplicates-evaluation.js';
import type { GeneratedRecord } from '../../fixtures/duplicates-generator.js';
import { cleanupTemp, makeTempCore } from '../../helpers/core.js';
import { firstVersion } from '../../helpers/snapshots.js';

// The labelled set's file is written once and read by two tests (it takes seconds to write).
afterAll(cleanupTemp);

/**
 * The blocks of migration 011 against the block before them, on a file holding the whole labelled set (both halves,
 * about 9,600 people, one household each): of the pairs the scorer flags, the blocks must find at least as many as
 * the old block did, reading fewer persons. The old block found some pairs by chance (a patronymic beginning with the
 * right letter), two or more slips apart in one name with only a year or an age: at most one in two hundred of the
 * flagged pairs may be among those.
 */

/** The name-and-birth block before migration 011: a name key, another key with the other name's initial, a birth within a few years. */
function oldBlock(db: DB, subject: DuplicateSubject): Set<string> {
  const found = new Set<string>();
  const twins = (k: string) => [...new Set([k, k.replace(/[bp]/g, (c) => (c === 'b' ? 'p' : 'b'))])];
  const keysOf = (...names: string[]) => [...new Set(names.flatMap((n) => nameKeys(n)).flatMap(twins))];
  const given = keysOf(subject.givenName);
  const family = keysOf(subject.familyName);
  const year = Number(birthDate(subject.birth!, subject.recordedOn).slice(0, 4));
  const around = subject.birth!.kind === 'age' ? 5 : 2;
  const q = db
    .prepare(
      `SELECT DISTINCT p.id FROM search_keys a CROSS JOIN search_keys c CROSS JOIN persons p
    WHERE a.key = ? AND c.person = a.person AND c.key >= ? AND c.key < ? AND c.key <> a.key
      AND p.n = a.person AND p.birth_date BETWEEN ? AND ? LIMIT 4000`,
    )
    .pluck();
  for (const [keys, others] of [
    [family, given],
    [given, family],
  ] as const) {
    for (const initial of new Set(others.map((k) => k[0]!))) {
      const from = KEY_PREFIX.name + initial;
      for (const k of keys)
        for (const id of q.all(KEY_PREFIX.name + k, from, `${from}\uffff`, `${year - around}-01-01`, `${year + around}-12-31`)) found.add(id as string);
    }
  }
  return found;
}

/** Writes a household of one person (`id`, the head) as its first version at this station, arrived at `at`. */
function writeAlone(
  db: DB,
  stationId: string,
  n: number,
  id: string,
  at: string,
  person: Pick<GeneratedRecord, 'givenName' | 'familyName' | 'patronymic' | 'sex' | 'birth'>,
) {
  const household = {
    arrivedAt: at,
    members: [
      { givenName: person.givenName, familyName: person.familyName, patronymic: person.patronymic, sex: person.sex, birth: person.birth, relationship: 'head' },
    ],
  };
  writeSnapshot(
    db,
    firstVersion(`h-${n}`, `N-${n}`, stationId, at, household, () => id),
    { at, operator: 'test', action: 'registered', reason: '' },
  );
}

/** A file holding every person of the labelled set (both halves), one household each: written once, only read. */
let written: ReturnType<typeof writeLabelledFile> | undefined;
const labelledFile = () => (written ??= writeLabelledFile());
function writeLabelledFile() {
  const t = makeTempCore();
  const set = labelledSet();
  const pairs = [...set.train, ...set.test];
  const ids = new Map<GeneratedRecord, string>();
  let n = 0;
  t.db.transaction(() => {
    for (const r of new Set(pairs.flatMap((p) => [p.a, p.b]))) {
      n++;
      const id = `p-${String(n).padStart(6, '0')}`;
      ids.set(r, id);
      writeAlone(t.db, t.ctx.station.stationId, n, id, `${r.recordedOn}T09:00:00.000Z`, r);
    }
  })();
  return { t, pairs, ids };
}

it('find more of the likely pairs of the labelled set than the block before them, reading fewer persons', () => {
  const { t, pairs, ids } = labelledFile();
  const frequency = nameFrequency(t.db);
  let oldFound = 0;
  let newFound = 0;
  let flagged = 0;
  let oldSize = 0;
  let newSize = 0;
  const lost: string[] = [];
  for (const p of pairs) {
    const [a, b] = [subjectOf(p.a), subjectOf(p.b)];
    if (scoreDuplicate(a, b, frequency).score < LIKELY_DUPLICATE) continue;
    flagged++;
    const before = oldBlock(t.db, a);
    const now = candidateIds(t.db, a);
    oldSize += before.size;
    newSize += now.size;
    const target = ids.get(p.b)!;
    if (before.has(target)) oldFound++;
    if (now.has(target)) newFound++;
    if (before.has(target) && !now.has(target))
      lost.push(`${p.kind} ${p.a.givenName} ${p.a.familyName} ${JSON.stringify(p.a.birth)} / ${p.b.givenName} ${p.b.familyName} ${JSON.stringify(p.b.birth)}`);
  }
  expect(flagged).toBeGreaterThan(4000);
  expect(newFound).toBeGreaterThanOrEqual(oldFound);
  expect(newSize).toBeLessThan(oldSize);
  expect(lost.length, lost.join('\n')).toBeLessThanOrEqual(Math.ceil(flagged / 200));
}, 180_000);

/** Files Արամ Սարգսյան, son of Gevorg, once for each of these exact dates of birth, as `p-<date>`. */
function fileAramBornOn(dates: readonly string[]) {
  const t = makeTempCore();
  dates.forEach((date, i) =>
    writeAlone(t.db, t.ctx.station.stationId, i + 1, `p-${date}`, '2026-11-01T09:00:00.000Z', {
      givenName: 'Արամ',
      familyName: 'Սարգսյան',
      patronymic: 'Գևորգի',
      sex: 'M',
      birth: { kind: 'exact', date },
    }),
  );
  /** Whom a check for Aram Sargsyan typed on 2026-11-20 with this birth and father's name reads, by id. */
  return (birth: DuplicateSubject['birth'], patronymic: string) =>
    [
      ...candidateIds(t.db, {
        givenName: 'Aram',
        familyName: 'Sargsyan',
        patronymic,
        sex: 'M',
        ...(birth ? { birth } : {}),
        recordedOn: '2026-11-20',
        documents: [],
        phones: [],
      }),
    ].sort();
}

it('read a held person born on an exact date only when the dates can agree: a slip, day and month swapped, the same year with a father’s name', () => {
  // Born 1980-05-12, typed at the hub as each of these.
  const typed = fileAramBornOn(['1980-05-12', '1980-11-30', '1981-05-12', '1980-05-21', '1980-12-05', '1982-03-01', '1979-05-12', '1978-08-08']);
  const born = { kind: 'exact', date: '1980-05-12' } as const;
  // 1981 and 1980 differ by a 0 struck for the 1 beside it; 1979 and 1982 are other years, no slip from 1980.
  expect(typed(born, 'Gevorgovich')).toEqual(['p-1980-05-12', 'p-1980-05-21', 'p-1980-11-30', 'p-1980-12-05', 'p-1981-05-12']);
  // Without a father's name, another day of the same year cannot reach the threshold (exactBirthsMayMatch).
  expect(typed(born, '')).toEqual(['p-1980-05-12', 'p-1980-05-21', 'p-1980-12-05', 'p-1981-05-12']);
});

it('read a held person born on an exact date against a guessed age only as far as the guess may be out', () => {
  const typed = fileAramBornOn(['1996-06-01', '1992-06-01', '1991-06-01', '2000-06-01', '2001-02-01']);
  const guessed = { kind: 'age', years: 30 } as const;
  // Guessed at thirty on 2026-11-20: born about 1996.4. A man of 35 may be guessed 3.5 years out, and a year more
  // still leaves the pair likely with every name agreeing: 1991-06-01 (5 years off) is not, 1992-06-01 is; a man
  // of 25 may be guessed as far out, and 2001-02-01 is 4.6 years off.
  expect(typed(guessed, '')).toEqual(['p-1992-06-01', 'p-1996-06-01', 'p-2000-06-01']);
  // With a father's name it may count: every birth the check's five years reach.
  expect(typed(guessed, 'Gevorgovich')).toEqual(['p-1991-06-01', 'p-1992-06-01', 'p-1996-06-01', 'p-2000-06-01', 'p-2001-02-01']);
});

it('find a member of a family sharing its phone, whose birth was typed a year out: the phone alone lifts the pair', () => {
  const t = makeTempCore();
  const at = '2026-11-01T09:00:00.000Z';
  const members = [
    { givenName: 'Գևորգ', familyName: 'Սարգսյան', patronymic: 'Արամի', sex: 'M', birth: { kind: 'exact', date: '1955-02-03' }, relationship: 'head' },
    { givenName: 'Արամ', familyName: 'Սարգսյան', patronymic: 'Գևորգի', sex: 'M', birth: { kind: 'exact', date: '1981-08-20' }, relationship: 'child' },
  ];
  writeSnapshot(
    t.db,
    firstVersion('h-phone', 'N-phone', t.ctx.station.stationId, at, { arrivedAt: at, phone: '+374 91 234567', members }, (i) => `p-${i}`),
    { at, operator: 'test', action: 'registered', reason: '' },
  );
  // The son registered again elsewhere: born 1980-05-12 as he says (neither the same year nor a slip), the family's phone.
  const subject: DuplicateSubject = {
    givenName: 'Aram',
    familyName: 'Sargsyan',
    patronymic: 'Gevorgovich',
    sex: 'M',
    birth: { kind: 'exact', date: '1980-05-12' },
    recordedOn: '2026-11-20',
    documents: [],
    phones: ['+37491234567'],
  };
  const son = t.db
    .prepare("SELECT p.*, h.phone_normalised AS household_phone_normalised FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = 'p-1'")
    .get() as { phone_normalised: string | null; household_phone_normalised: string };
  expect(son.household_phone_normalised).toBe('+37491234567');
  expect(
    scoreDuplicate(subject, { ...subject, patronymic: 'Գևորգի', birth: { kind: 'exact', date: '1981-08-20' }, phones: [son.household_phone_normalised] }).score,
  ).toBeGreaterThanOrEqual(LIKELY_DUPLICATE);
  // The household's phone is a search key of the head only: the son is found through the household.
  expect(candidateIds(t.db, subject)).toContain('p-1');
});

it("find the same persons with the names' blocks held in memory, seeking only blocks someone is filed under", () => {
  const { t, ids } = labelledFile();
  const known = loadNameBlocks(t.db)!;
  expect(known.filed.size).toBeGreaterThan(1000);
  let looked = 0;
  let read = 0;
  let found = 0;
  // Every third person of the set (some 3,200) as the one checked.
  for (const r of [...ids.keys()].filter((_, i) => i % 3 === 0)) {
    const subject = subjectOf(r);
    const sorted = (numbers: number[]) => [...numbers].sort((x, y) => x - y);
    const fromFile = sorted(findCandidates(t.db, subject).numbers);
    expect(sorted(findCandidates(t.db, subject, known).numbers)).toEqual(fromFile);
    found += fromFile.length;
    const lookup = lookupOf(blockNamesOf(subject, true), subject.birth?.kind === 'exact' ? subject.birth.date : undefined);
    looked += lookup.read.length;
    read += blocksToRead(lookup, known, 4000).length;
  }
  expect(found).toBeGreaterThan(ids.size / 3);
  // Most of a person's neighbour blocks hold nobody: they are not sought.
  expect(read).toBeLessThan(looked / 2);
  // A file of more names than a check holds is looked up row by row.
  expect(loadNameBlocks(t.db, known.filed.size)).toBeUndefined();
}, 180_000);
