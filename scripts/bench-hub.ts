import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { localDate } from '../electron/rules/age.js';
import { HouseholdSchema, type HouseholdInput } from '../electron/api/schemas/household.js';
import { fileSource } from '../electron/core/batch/envelope-v2.js';
import { exportBatch } from '../electron/core/batch/export.js';
import { importBatch } from '../electron/core/batch/import.js';
import { ensureHubKeys, installHubKey } from '../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../electron/core/context.js';
import { checkImportedAcrossCentres, hubQueue } from '../electron/core/duplicates/hub.js';
import { fillLatinNames } from '../electron/core/households/index-person.js';
import type { HouseholdSnapshot } from '../electron/core/households/snapshot.js';
import { batched } from '../electron/core/households/tally.js';
import { writeSnapshot } from '../electron/core/households/write.js';
import { uuidv7 } from '../electron/core/ids.js';
import { openCore, type Core } from '../electron/core/index.js';
import { formatRegistrationNumber } from '../electron/core/intake/registration-number.js';
import { searchPersons } from '../electron/core/search/persons.js';
import { randomSource, syntheticHousehold } from '../electron/core/seed/seed.js';
import { FAMILY, FEMALE, MALE, type Spelled } from '../electron/core/seed/names.js';
import { quantile } from '../electron/core/figures/quantile.js';
import { computeStats } from '../electron/core/figures/stats.js';

/**
 * A national hub on one machine (issue 16): `npm run bench:hub [-- --persons N] [--new M] [--desks D] [--day-persons P] [--keep]`.
 *
 * 1. Four stations each seed N/4 persons (the project's synthetic families, written through the core's own version
 *    write, 20,000 households a transaction, no audit trail or rules), export them as one batch each through the real
 *    format (version 2, streamed), and a hub imports the four batches, each in a fresh process that reports its peak
 *    RSS. Prints persons, seed_households_per_s, export_s_per_batch, import_s_per_batch, import_peak_rss_mb.
 * 2. On the hub of N persons: hub_db_mb (the file after a checkpoint), stats_ms (`computeStats`, median of 9) and
 *    hub_search_p95_ms (200 searches in-process: names, partial names, numbers); hub_history_mb is the version history's
 *    part of the file (table and index pages, from SQLite's dbstat).
 * 3. The hub's duplicate check across centres (issue 14): M new persons (default 10,000) written as a batch from a fifth
 *    centre does, 3 % of them families already held typed in another script; only `checkImportedAcrossCentres` is timed:
 *    hub_dup_check_s_per_10k (goal < 5 s at 1,000,000 held).
 * 4. A day at the hub: D desks (default 300) each send a batch of P/D persons (P default 30,000), imported one after
 *    the other through `importBatch` (the duplicate check across centres included): day_import_s.
 *
 * Goals: import_peak_rss_mb < 400 whatever the batch size, hub_db_mb < 1,200 at 1,000,000 persons, stats_ms < 200,
 * hub_search_p95_ms < 20, day_import_s < 60. Files are not encrypted (the cipher's cost is `npm run bench`'s).
 * Not part of npm test; run it once, not in a loop (a million persons takes half an hour or more and a few GB of disk).
 * `--keep` leaves the stations' and the hub's folders in place (their path is printed) for a closer look.
 */

const here = fileURLToPath(import.meta.url);

// A child: one import in a fresh process, so its peak RSS is the import's own.
if (process.argv[2] === '--child-import') {
  const [hubDir, file] = process.argv.slice(3) as [string, string];
  const core = openCore({ dataDir: hubDir, unencryptedForBenchmark: true });
  const source = fileSource(file);
  const start = performance.now();
  const outcome = importBatch(core.ctx, SYSTEM_ACTOR, source, { acceptNewStation: true });
  const seconds = (performance.now() - start) / 1000;
  source.close?.();
  core.close();
  if (outcome.status !== 'imported') throw new Error(`the batch was not imported: ${outcome.status}`);
  process.stdout.write(`${JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024, persons: outcome.persons })}\n`);
  process.exit(0);
}

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number above 0`);
  return value;
};
const PERSONS = arg('persons', 1_000_000);
const NEW = arg('new', 10_000);
const DESKS = arg('desks', 300);
const DAY_PERSONS = arg('day-persons', 30_000);
/** Share of the new persons who are already held (registered again at the other centre, in another script). */
const AGAIN = 0.03;
const STATIONS = 4;

const root = mkdtempSync(join(tmpdir(), 'intake-bench-hub-'));
const rand = randomSource(14);
const say = (line: string) => console.error(line);
const figure = (name: string, value: number, digits = 2) => console.log(`${name}=${value.toFixed(digits)}`);
const meta = (at: string) => ({ at, operator: 'bench', action: 'registered' as const, reason: '' });
const arrival = (day: number) => new Date(Date.UTC(2026, 9, 1 + (day % 60), 8 + (day % 10))).toISOString();

const hubDir = join(root, 'hub');
const hubCoreFirst = openCore({
  dataDir: hubDir,
  unencryptedForBenchmark: true,
  setup: { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' },
});
const hubKey = ensureHubKeys(hubDir).pair.publicKey;
hubCoreFirst.close();

let sequence = 0;
function snapshotOf(input: HouseholdInput, core: Core): HouseholdSnapshot {
  const parsed = HouseholdSchema.parse(input);
  const at = input.arrivedAt ?? new Date().toISOString();
  const st = core.ctx.station;
  sequence++;
  return {
    id: uuidv7(),
    registrationNumber: formatRegistrationNumber(st.stationCode, sequence),
    stationId: st.stationId,
    centreCode: st.centreCode,
    version: 1,
    status: 'active',
    voidReason: '',
    registeredAt: at,
    updatedAt: at,
    household: { ...parsed, arrivedAt: at, members: parsed.members.map((m) => ({ ...fillLatinNames(m), id: uuidv7() })) },
  };
}

function station(label: string, centreCode: string): Core {
  const core = openCore({
    dataDir: join(root, label),
    unencryptedForBenchmark: true,
    setup: { centreCode, centreName: centreCode, stationLabel: label, role: 'station' },
  });
  installHubKey(core.ctx, SYSTEM_ACTOR, hubKey);
  return core;
}

/** Writes households of about `persons` persons at a station, as its desks would have; returns them (a sample kept). */
function seedStation(core: Core, persons: number, keep: HouseholdSnapshot[]): number {
  const db = core.ctx.db;
  // Seeding only: a lost seed is simply made again, so no flush to disk at every commit.
  db.pragma('synchronous = OFF');
  let written = 0;
  let households = 0;
  while (written < persons) {
    db.transaction(() =>
      batched(db, () => {
        for (let i = 0; i < 20_000 && written < persons; i++) {
          const s = snapshotOf(syntheticHousehold(rand, arrival(written)), core);
          writeSnapshot(db, s, meta(s.registeredAt));
          written += s.household.members.length;
          households++;
          if (rand() < 0.01) keep.push(s);
        }
      }),
    )();
  }
  db.pragma('synchronous = FULL');
  return households;
}

function exportAll(core: Core, folder: string): string[] {
  mkdirSync(folder, { recursive: true });
  const files: string[] = [];
  for (;;) {
    const outcome = exportBatch(core.ctx, SYSTEM_ACTOR, { folder }, { maxBytes: Number.MAX_SAFE_INTEGER });
    if (!outcome.exported) return files;
    files.push(outcome.batch.filePath);
  }
}

function importInChild(file: string): { seconds: number; maxRssMb: number; persons: number } {
  const child = spawnSync(process.execPath, [...process.execArgv, here, '--child-import', hubDir, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`the import failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; maxRssMb: number; persons: number };
}

// ---- 1. Four stations, their batches, the hub. ----
const stations = ['GRS1', 'YRV1', 'VNZ1', 'ARM1'].map((centre, i) => station(`station-${i + 1}`, centre));
const held: HouseholdSnapshot[] = [];
let seededHouseholds = 0;
const seedStart = performance.now();
for (const core of stations) seededHouseholds += seedStation(core, Math.ceil(PERSONS / STATIONS), held);
const seedSeconds = (performance.now() - seedStart) / 1000;
say(`seeded ${seededHouseholds} households at ${STATIONS} stations in ${seedSeconds.toFixed(1)} s`);

const exportSeconds: number[] = [];
const batchFiles: string[] = [];
for (const [i, core] of stations.entries()) {
  const start = performance.now();
  const files = exportAll(core, join(root, `stick-${i + 1}`));
  exportSeconds.push((performance.now() - start) / 1000);
  batchFiles.push(...files);
  core.close();
}
for (const file of batchFiles) say(`batch ${file}: ${(statSync(file).size / 1048576).toFixed(1)} MiB`);

const imports = batchFiles.map((file) => {
  const result = importInChild(file);
  say(`imported ${result.persons} persons in ${result.seconds.toFixed(1)} s, peak RSS ${result.maxRssMb.toFixed(0)} MB`);
  return result;
});

const hub = openCore({ dataDir: hubDir, unencryptedForBenchmark: true });
const db = hub.ctx.db;
const persons = db.prepare('SELECT count(*) FROM persons').pluck().get() as number;
console.log(`persons=${persons}`);
figure('seed_households_per_s', seededHouseholds / seedSeconds, 0);
figure('export_s_per_batch', exportSeconds.reduce((a, b) => a + b, 0) / exportSeconds.length);
figure('import_s_per_batch', imports.reduce((a, b) => a + b.seconds, 0) / imports.length);
figure('import_peak_rss_mb', Math.max(...imports.map((r) => r.maxRssMb)), 0);

// ---- 2. The hub's file, figures and search. ----
db.pragma('wal_checkpoint(TRUNCATE)');
figure('hub_db_mb', statSync(join(hubDir, 'intake.sqlite')).size / 1048576, 1);
// Where the file's bytes are: each table and index, largest first (not figures; for whoever shrinks the file).
for (const { name, mb } of db
  .prepare<[], { name: string; mb: number }>('SELECT name, sum(pgsize) / 1048576.0 AS mb FROM dbstat GROUP BY name ORDER BY mb DESC LIMIT 12')
  .all())
  say(`  ${name}: ${mb.toFixed(1)} MB`);
// The version history's share of the file (issue 16: it was 711 MiB of 1.8 GB before it was stored compressed).
const historyBytes = db.prepare<[], number>("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'household_versions%'").pluck().get()!;
figure('hub_history_mb', historyBytes / 1048576, 1);
const statsTimes: number[] = [];
for (let i = 0; i < 9; i++) {
  const start = performance.now();
  computeStats(db);
  statsTimes.push(performance.now() - start);
}
figure('stats_ms', quantile(statsTimes, 0.5) ?? 0);

const queryRand = randomSource(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(queryRand() * list.length)]!;
const queries: string[] = [];
for (let i = 0; i < 200; i++) {
  const family = pick(FAMILY)[Math.floor(queryRand() * 3)]!;
  const given = pick(queryRand() < 0.5 ? MALE : FEMALE)[Math.floor(queryRand() * 3)]!;
  const kind = i % 4;
  queries.push(
    kind === 0
      ? `${given} ${family}`
      : kind === 1
        ? family.slice(0, 4)
        : kind === 2
          ? `${given.slice(0, 3)} ${family.slice(0, 3)}`
          : pick(held).registrationNumber,
  );
}
const today = localDate(new Date());
const searchTimes = queries.map((q) => {
  const start = performance.now();
  searchPersons(db, q, 50, today);
  return performance.now() - start;
});
figure('hub_search_p95_ms', quantile(searchTimes, 0.95) ?? 0);

// ---- 3. The duplicate check across centres for M new persons (issue 14's figure, measured as before). ----
const spellings = new Map<string, Spelled>();
for (const list of [MALE, FEMALE, FAMILY]) for (const s of list) for (const form of s) spellings.set(form, s);
const retyped = (name: string, script: number) => {
  const s = spellings.get(name);
  return s ? s[script]! : name;
};
const newcomer = { ctx: { station: { stationId: uuidv7(), stationCode: 'NWDK7943', centreCode: 'NEW1' } } } as unknown as Core;
const newIds: string[] = [];
let newPersons = 0;
db.transaction(() =>
  batched(db, () => {
    while (newPersons < NEW) {
      const again = rand() < AGAIN ? held[Math.floor(rand() * held.length)] : undefined;
      let input: HouseholdInput;
      if (again) {
        const script = Math.floor(rand() * 3);
        input = {
          ...again.household,
          arrivedAt: arrival(61),
          members: again.household.members.map((m) => ({
            ...m,
            id: undefined,
            givenName: retyped(m.givenName, script),
            familyName: retyped(m.familyName, script),
            patronymic: '',
            givenNameLatin: '',
            familyNameLatin: '',
            patronymicLatin: '',
            birth: m.birth.kind === 'exact' && rand() < 0.5 ? { kind: 'year', year: Number(m.birth.date.slice(0, 4)) } : m.birth,
          })),
        };
      } else {
        input = syntheticHousehold(rand, arrival(61));
      }
      const s = snapshotOf(input, newcomer);
      writeSnapshot(db, s, meta(s.registeredAt));
      newIds.push(s.id);
      newPersons += s.household.members.length;
    }
  }),
)();
db.pragma('optimize');
const checkCpu = process.cpuUsage();
const checkStart = performance.now();
const pairs = checkImportedAcrossCentres(hub.ctx, newIds, 'bench');
const checkSeconds = (performance.now() - checkStart) / 1000;
{
  const u = process.cpuUsage(checkCpu);
  say(`check cpu ${((u.user + u.system) / 1e6).toFixed(2)} s`);
}
say(`checked ${newPersons} new persons against ${persons}: ${pairs} pairs queued`);
figure('hub_dup_check_s_per_10k', (checkSeconds * 10_000) / newPersons);

// The hub's queue across centres as its screen reads it (a page of open pairs, with the figures beside it), after the
// check above has filled it: not one of the figures; the screen refreshes after every import.
const queueTimes: number[] = [];
for (let i = 0; i < 9; i++) {
  const start = performance.now();
  hubQueue(hub.ctx, { status: 'open', limit: 20, offset: 0 });
  queueTimes.push(performance.now() - start);
}
figure('hub_queue_ms', quantile(queueTimes, 0.5) ?? 0);

// ---- 4. A day's batches from the desks. ----
const perDesk = Math.max(1, Math.round(DAY_PERSONS / DESKS));
const dayFiles: string[] = [];
const dayFolder = join(root, 'day');
for (let d = 0; d < DESKS; d++) {
  const desk = station(`desk-${d + 1}`, ['GRS1', 'YRV1', 'VNZ1', 'ARM1'][d % 4]!);
  const db2 = desk.ctx.db;
  let written = 0;
  db2.transaction(() =>
    batched(db2, () => {
      while (written < perDesk) {
        const s = snapshotOf(syntheticHousehold(rand, arrival(62)), desk);
        writeSnapshot(db2, s, meta(s.registeredAt));
        written += s.household.members.length;
      }
    }),
  )();
  dayFiles.push(...exportAll(desk, dayFolder));
  desk.close();
}
const dayStart = performance.now();
let dayPersons = 0;
for (const file of dayFiles) {
  const source = fileSource(file);
  try {
    const outcome = importBatch(hub.ctx, SYSTEM_ACTOR, source, { acceptNewStation: true });
    if (outcome.status === 'imported') dayPersons += outcome.persons;
  } finally {
    source.close?.();
  }
}
const daySeconds = (performance.now() - dayStart) / 1000;
say(`imported a day of ${dayFiles.length} batches, ${dayPersons} persons`);
figure('day_import_s', daySeconds, 1);
hub.close();
if (args.includes('--keep')) say(`kept ${root}`);
else rmSync(root, { recursive: true, force: true });
