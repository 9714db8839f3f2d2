import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_BANDS } from '../../../electron/rules/age.js';
import type { SearchHit, Stats } from '../../../electron/api/views.js';
import { foldName } from '../../../electron/core/names/keys.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { databasePath } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { bundled, FIXED_CLOCK } from '../../helpers/bundled.js';

/**
 * The CLI spawned for real (node + tsx, from the repository root), as hubs and scripts call it: init, seed, stats and
 * search on a real data folder, deterministic seeding, and failures that print one line on stderr and nothing on
 * stdout.
 */

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const NOW = '2026-11-20T09:00:00.000Z';

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `electron/cli.ts` with these arguments; with `fixedNow`, the CLI's clock answers that instant. */
function cli(args: string[], fixedNow?: string): Promise<Run> {
  const preload = fixedNow ? FIXED_CLOCK : [];
  const env = { ...process.env, ...(fixedNow ? { INTAKE_TEST_NOW: fixedNow } : {}) };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...preload, ...bundled('cli'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

async function ok(args: string[], fixedNow?: string): Promise<string> {
  const run = await cli(args, fixedNow);
  expect(run.err, `${args.join(' ')}: stderr`).toBe('');
  expect(run.code, `${args.join(' ')}: exit code`).toBe(0);
  return run.out;
}

/** Init and seed one folder, then read its stats back through the CLI. */
async function seededFolder(seed: number, fixedNow?: string): Promise<{ dir: string; stats: Stats }> {
  const dir = join(tempDir('intake-cli-'), 'station');
  await ok(['init', '--data', dir, '--centre', 'GRS1', '--centre-name', 'Goris'], fixedNow);
  expect(JSON.parse(await ok(['seed', '--data', dir, '--households', '1000', '--seed', String(seed), '--json'], fixedNow))).toEqual({ households: 1000 });
  const stats = JSON.parse(await ok(['stats', '--data', dir, '--json'], fixedNow)) as Stats;
  return { dir, stats };
}

function query<T>(dir: string, sql: string, ...params: unknown[]): T[] {
  const db = openWithFolderKey(dir, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const sumSex = (c: { F: number; M: number }) => c.F + c.M;

let main: { dir: string; stats: Stats };
let same: { dir: string; stats: Stats };
let twin: { dir: string; stats: Stats };
let other: { dir: string; stats: Stats };

beforeAll(async () => {
  // Four folders at once: one on the real clock, and three on a fixed clock (two with seed 7, one with seed 8).
  [main, same, twin, other] = await Promise.all([seededFolder(7), seededFolder(7, NOW), seededFolder(7, NOW), seededFolder(8, NOW)]);
}, 120_000);
afterAll(cleanupTemp);

describe('init, seed and stats', () => {
  it('seeds 1000 households and stats reports them, with persons equal to the persons table', () => {
    const [counts] = query<{ households: number; persons: number }>(
      main.dir,
      'SELECT (SELECT count(*) FROM households) AS households, (SELECT count(*) FROM persons) AS persons',
    );
    expect(counts).toEqual({ households: 1000, persons: main.stats.persons });
    expect(main.stats.households).toBe(1000);
    // A family is one to eight people.
    expect(main.stats.persons).toBeGreaterThanOrEqual(1000);
    expect(main.stats.persons).toBeLessThanOrEqual(8000);
    expect(sumSex(main.stats.bySex)).toBe(main.stats.persons);
    expect(AGE_BANDS.reduce((n, band) => n + sumSex(main.stats.byAgeBand[band]), 0)).toBe(main.stats.persons);
    expect(main.stats.byDay.reduce((n, d) => n + d.households, 0)).toBe(1000);
    expect(main.stats.byDay.reduce((n, d) => n + d.persons, 0)).toBe(main.stats.persons);
  });

  it("writes the station's folder: the SQLite file and its key", () => {
    expect(existsSync(databasePath(main.dir))).toBe(true);
    expect(query<{ centre_code: string; centre_name: string }>(main.dir, 'SELECT centre_code, centre_name FROM station')).toEqual([
      { centre_code: 'GRS1', centre_name: 'Goris' },
    ]);
    expect(readdirSync(main.dir).length).toBeGreaterThan(1);
  });

  it('is deterministic: the same seed in two fresh folders gives the same stats and the same people', () => {
    expect(twin.stats).toEqual(same.stats);
    const people = (dir: string) =>
      query(
        dir,
        `SELECT p.given_name, p.family_name, p.patronymic, p.sex, p.birth_kind, p.birth_value, p.relationship, h.arrived_at, h.phone
       FROM persons p JOIN households h ON h.id = p.household_id ORDER BY h.rowid, p.position`,
      );
    expect(people(twin.dir)).toEqual(people(same.dir));
    // Arrivals are spread over the seven days before the clock (from 2026-11-13 09:00 to just before 2026-11-20 09:00).
    expect(same.stats.byDay.map((d) => d.date)).toEqual([
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
    ]);
  });

  it('a different seed gives different families', () => {
    expect(other.stats.households).toBe(1000);
    expect(other.stats).not.toEqual(same.stats);
  });
});

describe('search', () => {
  it('finds a family by its registration number, first', async () => {
    const [target] = query<{ id: string; registration_number: string }>(
      main.dir,
      'SELECT id, registration_number FROM households ORDER BY rowid LIMIT 1 OFFSET 500',
    );
    if (!target) throw new Error('no household');
    const hits = JSON.parse(await ok(['search', '--data', main.dir, '--json', target.registration_number.toLowerCase()])) as SearchHit[];
    expect(Array.isArray(hits)).toBe(true);
    expect(hits[0]).toMatchObject({ householdId: target.id, registrationNumber: target.registration_number, isHead: true, reasons: ['registration_number'] });
  });

  it('finds a person by name, the first hit bearing that name', async () => {
    const [target] = query<{ id: string; given_name_latin: string; family_name_latin: string }>(
      main.dir,
      'SELECT id, given_name_latin, family_name_latin FROM persons ORDER BY rowid LIMIT 1 OFFSET 1234',
    );
    if (!target) throw new Error('no person');
    const words = [target.given_name_latin, target.family_name_latin];
    const hits = JSON.parse(await ok(['search', '--data', main.dir, '--json', '--limit', '200', ...words])) as SearchHit[];
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0];
    const keysOf = (hit: SearchHit) => `${hit.name} ${hit.nameLatin}`.split(/\s+/).map(foldName);
    for (const word of words) expect(keysOf(first as SearchHit)).toContain(foldName(word));
    expect(hits.map((h) => h.personId)).toContain(target.id);
  });

  it('prints an empty array for a name nobody has', async () => {
    expect(JSON.parse(await ok(['search', '--data', main.dir, '--json', 'Zzyzx']))).toEqual([]);
  });
});

describe('failures', () => {
  it('without --data: exits non-zero with one line on stderr and nothing on stdout', async () => {
    const run = await cli(['stats', '--json']);
    expect(run.code).not.toBe(0);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/--data/);
  });

  it('a folder that was never initialised: exits 1 with a clear line, and the folder is left untouched', async () => {
    const empty = tempDir('intake-cli-empty-');
    const missing = join(empty, 'not-here');
    for (const dir of [empty, missing]) {
      const run = await cli(['stats', '--data', dir, '--json']);
      expect(run.code, dir).toBe(1);
      expect(run.out, dir).toBe('');
      expect(run.err.trim().split('\n'), dir).toHaveLength(1);
      expect(run.err, dir).toMatch(/No station is set up .*init/);
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('an unknown command: exits non-zero with the usage on one line', async () => {
    const run = await cli(['frobnicate', '--data', main.dir]);
    expect(run.code).not.toBe(0);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(run.err).toMatch(/Usage/);
  });

  it('init on a folder that is already a station: refused, and the station is unchanged', async () => {
    const before = query(main.dir, 'SELECT id, code FROM station');
    const run = await cli(['init', '--data', main.dir]);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err.trim().split('\n')).toHaveLength(1);
    expect(query(main.dir, 'SELECT id, code FROM station')).toEqual(before);
    expect(query<{ n: number }>(main.dir, 'SELECT count(*) AS n FROM households')).toEqual([{ n: 1000 }]);
  });
});
