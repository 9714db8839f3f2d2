import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SYSTEM_ACTOR, today } from './core/context.js';
import { CoreError } from './core/errors.js';
import { openCore, type Core } from './core/index.js';
import { searchPersons } from './core/search.js';
import { seedHouseholds } from './core/seed/seed.js';
import { initDataDir } from './core/station.js';
import { computeStats } from './core/stats.js';

/**
 * The headless face of core for hubs, scripts and acceptance checks. Success exits 0; failure prints one clear line
 * on stderr and exits non-zero. `--json` prints machine-readable output on stdout.
 */

type Flags = Record<string, string | boolean | undefined>;
type Command = (flags: Flags, positionals: string[]) => Promise<void> | void;

class UsageError extends Error {}

const OPTIONS = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  centre: { type: 'string' },
  'centre-name': { type: 'string' },
  station: { type: 'string' },
  role: { type: 'string' },
  households: { type: 'string' },
  seed: { type: 'string' },
  days: { type: 'string' },
  limit: { type: 'string' },
} as const;

function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function positiveInt(flags: Flags, name: string, fallback?: number): number {
  const raw = flags[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number`);
  return n;
}

export function withCore<T>(flags: Flags, run: (core: Core) => T): T {
  const core = openCore({ dataDir: resolve(need(flags, 'data')) });
  try {
    return run(core);
  } finally {
    core.close();
  }
}

const print = (flags: Flags, value: unknown, text: string) => {
  process.stdout.write(flags['json'] ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
};

const commands: Record<string, Command> = {
  init(flags) {
    const role = flags['role'] === 'hub' ? 'hub' : 'station';
    const station = initDataDir(resolve(need(flags, 'data')), {
      centreCode: typeof flags['centre'] === 'string' ? flags['centre'] : 'CENTRE1',
      centreName: typeof flags['centre-name'] === 'string' ? flags['centre-name'] : '',
      stationLabel: typeof flags['station'] === 'string' ? flags['station'] : 'Desk 1',
      role,
    });
    print(flags, station, `Station ${station.stationLabel} (${station.stationCode}) of centre ${station.centreCode} is ready.`);
  },
  seed(flags) {
    const count = positiveInt(flags, 'households');
    const seed = positiveInt(flags, 'seed', 1);
    const written = withCore(flags, (core) => seedHouseholds(core.ctx, SYSTEM_ACTOR, count, seed, positiveInt(flags, 'days', 7)));
    print(flags, { households: written }, `Seeded ${written} households.`);
  },
  stats(flags) {
    const stats = withCore(flags, (core) => computeStats(core.ctx.db));
    print(flags, stats, `${stats.households} households, ${stats.persons} persons (F ${stats.bySex.F}, M ${stats.bySex.M}).`);
  },
  search(flags, positionals) {
    const query = positionals.join(' ');
    if (!query.trim()) throw new UsageError('search needs a QUERY');
    const hits = withCore(flags, (core) => searchPersons(core.ctx.db, query, positiveInt(flags, 'limit', 20), today(core.ctx)));
    print(flags, hits, hits.map((h) => `${h.registrationNumber}  ${h.name} (${h.nameLatin}), ${h.sex} ${h.age}  [${h.reasons.join(', ')}]`).join('\n') || 'No match.');
  },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`Usage: cli <${Object.keys(commands).join('|')}> --data DIR [--json] ...\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
    await command(values as Flags, positionals);
    return 0;
  } catch (error) {
    const message = error instanceof UsageError || error instanceof CoreError ? error.message
      : error instanceof Error ? error.message : String(error);
    process.stderr.write(`${name}: ${message.split('\n')[0]}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
