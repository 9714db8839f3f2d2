import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { localDate } from '../electron/api/age.js';
import { HouseholdSchema, type HouseholdInput } from '../electron/api/schemas/household.js';
import { checkImportedAcrossCentres } from '../electron/core/duplicates/hub.js';
import { fillLatinNames } from '../electron/core/households/index-person.js';
import type { HouseholdSnapshot } from '../electron/core/households/snapshot.js';
import { writeSnapshot } from '../electron/core/households/write.js';
import { uuidv7 } from '../electron/core/ids.js';
import { openCore } from '../electron/core/index.js';
import { formatRegistrationNumber } from '../electron/core/registration-number.js';
import { randomSource, syntheticHousehold } from '../electron/core/seed/seed.js';
import { FAMILY, FEMALE, MALE, type Spelled } from '../electron/core/seed/names.js';

/**
 * The hub's duplicate check across centres (issue 14): `npm run bench:hub [-- --persons N] [--new M]`.
 * Seeds a hub file with N persons (default 1,000,000) held from earlier batches of one centre, then writes M new
 * persons (default 10,000) as a batch from another centre does, a few of them people already held typed in another
 * script, and times only `checkImportedAcrossCentres`: what checking the new persons adds to the import. Prints
 *   hub_dup_check_s_per_10k  that time scaled to 10,000 new persons (goal < 5 s at 1,000,000 held)
 * Seeding goes through the core's own write of a household version (`writeSnapshot`: the schema's rows, search keys
 * and history), in one transaction per 20,000 households, without the audit trail or the rules; the file is not
 * encrypted (the cipher's cost is measured by `npm run bench`). Not part of npm test; run it once, not in a loop.
 */
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a whole number above 0`);
  return value;
};
const HELD = arg('persons', 1_000_000);
const NEW = arg('new', 10_000);
/** Share of the new persons who are already held (registered again at the other centre, in another script). */
const AGAIN = 0.03;

const root = mkdtempSync(join(tmpdir(), 'intake-bench-hub-'));
const core = openCore({
  dataDir: join(root, 'hub'), unencryptedForBenchmark: true,
  setup: { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' },
});
const db = core.ctx.db;
const rand = randomSource(14);
const stations = { goris: { id: uuidv7(), code: 'GRDK3467', centre: 'GRS1' }, yerevan: { id: uuidv7(), code: 'YRDK7943', centre: 'YRV1' } };
let sequence = 0;

function snapshotOf(input: HouseholdInput, station: typeof stations.goris): HouseholdSnapshot {
  const parsed = HouseholdSchema.parse(input);
  const at = input.arrivedAt ?? new Date().toISOString();
  sequence++;
  return {
    id: uuidv7(), registrationNumber: formatRegistrationNumber(station.code, sequence), stationId: station.id, centreCode: station.centre,
    version: 1, status: 'active', voidReason: '', registeredAt: at, updatedAt: at,
    household: { ...parsed, arrivedAt: at, members: parsed.members.map((m) => ({ ...fillLatinNames(m), id: uuidv7() })) },
  };
}

const meta = (at: string) => ({ at, operator: 'bench', action: 'registered' as const, reason: '' });
const arrival = (day: number) => new Date(Date.UTC(2026, 9, 1 + (day % 60), 8 + (day % 10))).toISOString();

// Seeding only: a lost seed is simply made again, so no flush to disk at every commit.
db.pragma('synchronous = OFF');
// The held persons: households of the project's synthetic seed, as Goris's batches brought them.
const seedStart = performance.now();
const held: HouseholdSnapshot[] = [];
let heldPersons = 0;
while (heldPersons < HELD) {
  db.transaction(() => {
    for (let i = 0; i < 20_000 && heldPersons < HELD; i++) {
      const s = snapshotOf(syntheticHousehold(rand, arrival(heldPersons)), stations.goris);
      writeSnapshot(db, s, meta(s.registeredAt));
      heldPersons += s.household.members.length;
      if (rand() < 0.01) held.push(s);
    }
  })();
}
console.error(`seeded ${heldPersons} held persons in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

// The new batch from Yerevan: new families and, for a few, a family already held typed in another script.
const spellings = new Map<string, Spelled>();
for (const list of [MALE, FEMALE, FAMILY]) for (const s of list) for (const form of s) spellings.set(form, s);
const retyped = (name: string, script: number) => {
  const s = spellings.get(name);
  return s ? s[script]! : name;
};
const newIds: string[] = [];
let newPersons = 0;
db.transaction(() => {
  while (newPersons < NEW) {
    const again = rand() < AGAIN ? held[Math.floor(rand() * held.length)] : undefined;
    let input: HouseholdInput;
    if (again) {
      const script = Math.floor(rand() * 3);
      input = {
        ...again.household, arrivedAt: arrival(61),
        members: again.household.members.map((m) => ({
          ...m, id: undefined, givenName: retyped(m.givenName, script), familyName: retyped(m.familyName, script),
          patronymic: '', givenNameLatin: '', familyNameLatin: '', patronymicLatin: '',
          birth: m.birth.kind === 'exact' && rand() < 0.5 ? { kind: 'year', year: Number(m.birth.date.slice(0, 4)) } : m.birth,
        })),
      };
    } else {
      input = syntheticHousehold(rand, arrival(61));
    }
    const s = snapshotOf(input, stations.yerevan);
    writeSnapshot(db, s, meta(s.registeredAt));
    newIds.push(s.id);
    newPersons += s.household.members.length;
  }
})();
db.pragma('optimize');
db.pragma('synchronous = FULL');

const start = performance.now();
const pairs = checkImportedAcrossCentres(core.ctx, newIds, 'bench');
const seconds = (performance.now() - start) / 1000;
console.error(`checked ${newPersons} new persons (${newIds.length} households, arrived ${localDate(arrival(61))}) against ${heldPersons}: ${pairs} pairs queued`);
console.log(`hub_held_persons=${heldPersons}`);
console.log(`hub_new_persons=${newPersons}`);
console.log(`hub_pairs_found=${pairs}`);
console.log(`hub_dup_check_s_per_10k=${((seconds * 10_000) / newPersons).toFixed(2)}`);
core.close();
rmSync(root, { recursive: true, force: true });
