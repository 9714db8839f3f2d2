import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrateInSteps, type Migration, type UpgradeProgress } from '../../../electron/core/db/migrate.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { dupNames } from '../../../electron/core/db/migrations/021-dup-names.js';
import { hubPairsCompact } from '../../../electron/core/db/migrations/018-hub-pairs-compact.js';
import { openDatabase } from '../../../electron/core/db/open.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { openCore } from '../../../electron/core/index.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { databasePath } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { asMigration014Keys } from '../../helpers/dup-keys-014.js';
import { asSchema17HubPairs } from '../../helpers/schema-17.js';

/**
 * A file's first start on a new version runs its migrations in steps: each still all or nothing, its progress
 * reported, and the event loop turning in between so the station can answer (and the window show how far it is).
 */

afterEach(cleanupTemp);

const fresh = () => new Database(join(tempDir('intake-steps-'), 'file.sqlite'));
const version = (db: Database.Database) => Number(db.pragma('user_version', { simple: true }));

const walking: Migration = {
  version: 1,
  name: 'walking',
  *up(db) {
    db.exec('CREATE TABLE rows (n INTEGER)');
    for (let i = 1; i <= 3; i++) {
      db.prepare('INSERT INTO rows (n) VALUES (?)').run(i);
      yield { done: i, total: 3 };
    }
  },
};
const plain: Migration = {
  version: 2,
  name: 'plain',
  up(db) {
    db.exec('CREATE TABLE other (x TEXT)');
  },
};

describe('migrations in steps', () => {
  it('reports each migration and each step, and lets the event loop turn in between', async () => {
    const db = fresh();
    const seen: UpgradeProgress[] = [];
    // Something else waiting for the thread (a status request, in the station): it runs before the second step.
    let answered = false;
    setImmediate(() => (answered = true));
    let answeredBySecondStep = false;
    await migrateInSteps(db, [walking, plain], (p) => {
      seen.push(p);
      if (p.migration === 1 && p.done === 2) answeredBySecondStep = answered;
    });
    expect(seen).toEqual([
      { migration: 1, migrations: 2, done: 0, total: 1 },
      { migration: 1, migrations: 2, done: 1, total: 3 },
      { migration: 1, migrations: 2, done: 2, total: 3 },
      { migration: 1, migrations: 2, done: 3, total: 3 },
      { migration: 1, migrations: 2, done: 1, total: 1 },
      { migration: 2, migrations: 2, done: 0, total: 1 },
      { migration: 2, migrations: 2, done: 1, total: 1 },
    ]);
    // The thread was not held for the whole of the first migration.
    expect(answeredBySecondStep).toBe(true);
    expect(version(db)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM rows').pluck().get()).toBe(3);
  });

  it('keeps a migration all or nothing: one that fails after some steps leaves no trace, the ones before stay', async () => {
    const db = fresh();
    const failing: Migration = {
      version: 2,
      name: 'failing',
      *up(d) {
        d.exec('INSERT INTO rows (n) VALUES (99)');
        yield { done: 1, total: 2 };
        throw new Error('disk full');
      },
    };
    await expect(migrateInSteps(db, [walking, failing], () => {})).rejects.toThrow('disk full');
    expect(db.inTransaction).toBe(false);
    expect(version(db)).toBe(1);
    expect(db.prepare('SELECT n FROM rows ORDER BY n').pluck().all()).toEqual([1, 2, 3]);
  });

  it('brings a new file to the same schema as the migrations run at once', async () => {
    const stepped = fresh();
    await migrateInSteps(stepped, MIGRATIONS, () => {});
    const once = fresh();
    migrate(once, MIGRATIONS);
    const schema = (db: Database.Database) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    expect(version(stepped)).toBe(MIGRATIONS.at(-1)!.version);
    expect(schema(stepped)).toEqual(schema(once));
  });

  it('walks the persons already held in slices, reporting how many are done', async () => {
    const dataDir = join(tempDir('intake-steps-'), 'desk');
    const core = openCore({ dataDir, unencryptedForBenchmark: true, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
    seedHouseholds(core.ctx, SYSTEM_ACTOR, 40, 3);
    const persons = core.ctx.db.prepare('SELECT count(*) FROM persons').pluck().get() as number;
    const keys = core.ctx.db.prepare('SELECT count(*) FROM dup_keys').pluck().get() as number;
    core.close();
    // The file as migration 14 filed its persons, under every neighbour block; migration 21 files them again.
    const db = openDatabase(databasePath(dataDir));
    asMigration014Keys(db);
    db.pragma(`user_version = ${dupNames.version - 1}`);
    const seen: UpgradeProgress[] = [];
    await migrateInSteps(db, [dupNames], (p) => seen.push(p));
    expect(seen).toContainEqual({ migration: 1, migrations: 1, done: persons, total: persons });
    expect(db.prepare('SELECT count(*) FROM dup_keys').pluck().get()).toBe(keys);
    db.close();
  });

  it('carries a hub’s pairs across centres in slices of the old rows, reporting how far it is', async () => {
    const dataDir = join(tempDir('intake-steps-'), 'hub');
    const core = openCore({ dataDir, unencryptedForBenchmark: true, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
    seedHouseholds(core.ctx, SYSTEM_ACTOR, 10, 5);
    core.close();
    // The file as schema 17 held its pairs: text ids, JSON reasons; one pair for each two persons in turn.
    const db = openDatabase(databasePath(dataDir));
    asSchema17HubPairs(db);
    const ids = db.prepare('SELECT id FROM persons ORDER BY id').pluck().all() as string[];
    const pair =
      db.prepare(`INSERT INTO hub_pairs (person_a, person_b, household_a, household_b, station_a, station_b, centre_a, centre_b, score, reasons, found_at)
      VALUES (?, ?, 'h1', 'h2', 'st-a', 'st-b', 'GRS1', 'YRV1', 0.5, '[{"code":"same_name","effect":"for"}]', '2026-11-20T09:00:00.000Z')`);
    for (let i = 0; i + 1 < ids.length; i += 2) pair.run(ids[i], ids[i + 1]);
    const pairs = Math.floor(ids.length / 2);
    db.pragma('user_version = 17');
    const seen: UpgradeProgress[] = [];
    await migrateInSteps(db, [hubPairsCompact], (p) => seen.push(p));
    expect(seen).toContainEqual({ migration: 1, migrations: 1, done: pairs, total: pairs });
    expect(db.prepare('SELECT count(*) FROM hub_pairs WHERE a < b AND reasons <> 0').pluck().get()).toBe(pairs);
    expect(db.prepare("SELECT n FROM hub_pair_counts WHERE status = 'open'").pluck().get()).toBe(pairs);
    db.close();
  });
});
