import { today } from '../core/context.js';
import type { DB } from '../core/db/open.js';
import { searchPersons } from '../core/search/persons.js';
import { randomSource } from '../core/seed/seed.js';
import { FAMILY, FEMALE, MALE, type Spelled } from '../core/seed/names.js';
import { percentile, round, type BenchSection } from './index.js';

/**
 * Search as a clerk types: names of seeded people spelled in Armenian, Cyrillic or Latin (and a few common variant
 * spellings), entered letter by letter, every keystroke a query. `search_p50_ms` / `search_p95_ms` time core's
 * search; `like_search_p95_ms` times a plain `LIKE '%…%'` over the person name columns with the same queries.
 */

const QUERIES = 1000;
const LIMIT = 50;

/** Spellings a list or another desk may use, beside the seed's own three. */
const VARIANTS: readonly string[] = [
  'Hovannisian',
  'Sarkissian',
  'Khachaturian',
  'Xachatryan',
  'Petrosian',
  'Grigorian',
  'Harutiunian',
  'Mkrtchian',
  'Ovanesyan',
  'Gevorkyan',
  'Asmik',
  'Goar',
  'Hovhannes Sarkisyan',
  'Anahit Karapetian',
];

/** Whole names as typed into the search box; each is then entered one keystroke at a time. */
export function typedNames(count: number, seed = 7): string[] {
  const rand = randomSource(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (rand() < 0.1) {
      names.push(pick(VARIANTS));
      continue;
    }
    const script = Math.floor(rand() * 3) as 0 | 1 | 2;
    const family = pick(FAMILY)[script];
    const given = (pick(rand() < 0.5 ? MALE : FEMALE) as Spelled)[script];
    const shape = rand();
    // Most clerks type the family name first; some the given name; some only one of them.
    names.push(shape < 0.5 ? `${family} ${given}` : shape < 0.75 ? `${given} ${family}` : shape < 0.9 ? family : given);
  }
  return names;
}

/** Every keystroke of every name, up to `total` queries. */
export function keystrokeQueries(total: number, seed = 7): string[] {
  const queries: string[] = [];
  for (const name of typedNames(total, seed)) {
    for (let i = 1; i <= name.length && queries.length < total; i++) queries.push(name.slice(0, i));
    if (queries.length >= total) break;
  }
  return queries;
}

const LIKE_COLUMNS = ['given_name', 'family_name', 'patronymic', 'given_name_latin', 'family_name_latin', 'patronymic_latin'];

/** The naive search: every typed word somewhere in one of the name columns. */
export function likeSearch(db: DB, query: string, limit: number): unknown[] {
  const tokens = query.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return [];
  const where = tokens.map(() => `(${LIKE_COLUMNS.map((c) => `${c} LIKE ?`).join(' OR ')})`).join(' AND ');
  const params = tokens.flatMap((t) => LIKE_COLUMNS.map(() => `%${t}%`));
  return db.prepare(`SELECT id, household_id, given_name, family_name FROM persons WHERE ${where} LIMIT ?`).all(...params, limit);
}

/** Wall-clock milliseconds of each query, and the CPU milliseconds this process spent on it (what load cannot inflate). */
function timeEach(queries: readonly string[], run: (q: string) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const q of queries) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    run(q);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

export const searchBench: BenchSection = (bench) => {
  const db = bench.core.ctx.db;
  const onDate = today(bench.core.ctx);
  const queries = keystrokeQueries(QUERIES);
  // Untimed pass: the statements are prepared and the index pages are in the cache, as after a minute at the desk.
  for (const q of queries.slice(0, 50)) searchPersons(db, q, LIMIT, onDate);
  const times = timeEach(queries, (q) => searchPersons(db, q, LIMIT, onDate));
  bench.report('search_p50_ms', round(percentile(times.wall, 50)));
  bench.report('search_p95_ms', round(percentile(times.wall, 95)));
  bench.report('search_max_ms', round(times.wall.at(-1) ?? 0));
  bench.report('search_cpu_p95_ms', round(percentile(times.cpu, 95)));
  const like = timeEach(queries, (q) => likeSearch(db, q, LIMIT));
  bench.report('like_search_p50_ms', round(percentile(like.wall, 50)));
  bench.report('like_search_p95_ms', round(percentile(like.wall, 95)));
};
