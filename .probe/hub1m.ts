import { statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openCore } from '../electron/core/index.js';
import { computeStats } from '../electron/core/figures/stats.js';
import { searchPersons } from '../electron/core/search/persons.js';
import { quantile } from '../electron/core/figures/quantile.js';
import { randomSource } from '../electron/core/seed/seed.js';
import { FAMILY, FEMALE, MALE } from '../electron/core/seed/names.js';
import { localDate } from '../electron/rules/age.js';

const hubDir = join(process.argv[2]!, 'hub');
const file = join(hubDir, 'intake.sqlite');
console.log(`before_mb=${(statSync(file).size / 1048576).toFixed(1)}`);
let t = performance.now();
const hub = openCore({ dataDir: hubDir, unencryptedForBenchmark: true });
console.log(`migrate_s=${((performance.now() - t) / 1000).toFixed(1)}`);
const db = hub.ctx.db;
t = performance.now();
db.exec('VACUUM');
db.pragma('wal_checkpoint(TRUNCATE)');
console.log(`vacuum_s=${((performance.now() - t) / 1000).toFixed(1)}`);
console.log(`hub_db_mb=${(statSync(file).size / 1048576).toFixed(1)}`);
for (const { name, mb } of db.prepare<[], { name: string; mb: number }>('SELECT name, sum(pgsize) / 1048576.0 AS mb FROM dbstat GROUP BY name ORDER BY mb DESC LIMIT 14').all())
  console.log(`  ${name}: ${mb.toFixed(1)} MB`);
const times: number[] = [];
for (let i = 0; i < 9; i++) {
  const s = performance.now();
  computeStats(db);
  times.push(performance.now() - s);
}
console.log(`stats_ms=${quantile(times, 0.5)!.toFixed(2)}`);
const rand = randomSource(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const numbers = db.prepare('SELECT registration_number FROM households ORDER BY random() LIMIT 50').pluck().all() as string[];
const queries: string[] = [];
for (let i = 0; i < 200; i++) {
  const family = pick(FAMILY)[Math.floor(rand() * 3)]!;
  const given = pick(rand() < 0.5 ? MALE : FEMALE)[Math.floor(rand() * 3)]!;
  const kind = i % 4;
  queries.push(kind === 0 ? `${given} ${family}` : kind === 1 ? family.slice(0, 4) : kind === 2 ? `${given.slice(0, 3)} ${family.slice(0, 3)}` : pick(numbers));
}
const today = localDate(new Date());
const st = queries.map((q) => {
  const s = performance.now();
  searchPersons(db, q, 50, today);
  return performance.now() - s;
});
console.log(`hub_search_p95_ms=${quantile(st, 0.95)!.toFixed(2)}`);
hub.close();
