import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrateInSteps, type UpgradeProgress } from '../../../electron/core/db/migrate.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { closeDatabase, openDatabase, type DB } from '../../../electron/core/db/open.js';
import { householdAtVersion, householdHistory } from '../../../electron/core/households/read.js';
import type { HouseholdSnapshot } from '../../../electron/core/households/snapshot.js';
import { decodeSnapshotText, heldCategories } from '../../../electron/core/households/stored-snapshot.js';
import { randomSource } from '../../../electron/core/seed/seed.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { syntheticSnapshot } from '../../helpers/snapshots.js';

/**
 * Migration 015 on a file with data: a schema-14 file of 6,000 households with two versions each (the snapshots as
 * the app of that time wrote them, JSON text) is migrated in steps; every version reads back as the text it was, the
 * history view is the same, the plain columns agree with the JSON, and the file shrinks once it is vacuumed.
 */

afterEach(cleanupTemp);

const AT = '2026-11-20T09:00:00.000Z';
const HOUSEHOLDS = 6_000;

const snapshotOf = (n: number, rand: () => number): HouseholdSnapshot => syntheticSnapshot(n, rand, AT, n % 500 === 0);

/** A schema-14 file: households and their versions written with plain SQL, as that app stored them. */
function seedSchema14(db: DB): Map<string, string> {
  db.prepare(
    "INSERT INTO station (id, code, label, centre_code, centre_name, role, created_at, next_number) VALUES ('station-1', 'KQ7M', 'Desk 1', 'GRS1', 'Goris', 'station', ?, 1)",
  ).run(AT);
  const household = db.prepare(
    `INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at,
       mode, phone, phone_normalised, size, head_name, head_name_latin, version)
     VALUES (?, ?, 'station-1', 'GRS1', ?, '2026-11-20', ?, ?, 'full', '', '', 1, '', '', 2)`,
  );
  const version = db.prepare(
    'INSERT INTO household_versions (household_id, version, at, operator, action, reason, snapshot, operator_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const texts = new Map<string, string>();
  const rand = randomSource(21);
  db.transaction(() => {
    for (let n = 1; n <= HOUSEHOLDS; n++) {
      const first = snapshotOf(n, rand);
      // The second version: a correction (a phone removed, a document added to the head).
      const [head, ...rest] = first.household.members;
      const second: HouseholdSnapshot = {
        ...first,
        version: 2,
        household: { ...first.household, phone: '', members: [{ ...head!, documents: [{ type: 'passport', number: `AM${n}` }] }, ...rest] },
      };
      household.run(first.id, first.registrationNumber, AT, AT, AT);
      for (const s of [first, second]) {
        const json = JSON.stringify(s);
        version.run(s.id, s.version, AT, 'Desk', s.version === 1 ? 'registered' : 'edited', '', json, s.version === 1 ? 'op-1' : '');
        texts.set(`${s.id}/${s.version}`, json);
      }
    }
  })();
  return texts;
}

const pages = (db: DB) => ({
  count: Number(db.pragma('page_count', { simple: true })),
  free: Number(db.pragma('freelist_count', { simple: true })),
  size: Number(db.pragma('page_size', { simple: true })),
});

it('keeps every version as it was, in steps, with its plain columns, and the file shrinks once vacuumed', async () => {
  const file = join(tempDir('intake-m015-'), 'intake.sqlite');
  const old = openDatabase(file, { targetVersion: 14 });
  const texts = seedSchema14(old);
  const firstId = old.prepare('SELECT min(household_id) FROM household_versions').pluck().get() as string;
  const historyBefore = old
    .prepare('SELECT version, at, operator, action, reason, operator_id FROM household_versions WHERE household_id = ? ORDER BY version')
    .all(firstId);
  old.pragma('wal_checkpoint(TRUNCATE)');
  const before = pages(old);
  const historyBytesBefore = old.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'household_versions%'").pluck().get() as number;
  closeDatabase(old);

  // Opened as the app's first start on the new version: in steps, with progress.
  const raw = openDatabase(file, { targetVersion: 14 });
  const seen: UpgradeProgress[] = [];
  await migrateInSteps(raw, MIGRATIONS, (p) => seen.push(p));
  const steps = seen.filter((p) => p.total === HOUSEHOLDS * 2);
  // Slices of 5,000 versions: 12,000 are three steps, the last one complete.
  expect(steps.map((p) => p.done)).toEqual([5_000, 10_000, 12_000]);
  closeDatabase(raw);

  const db = openDatabase(file);
  try {
    const rows = db
      .prepare('SELECT household_id, version, snapshot, json_bytes, members, holds FROM household_versions ORDER BY household_id, version')
      .all() as { household_id: string; version: number; snapshot: Buffer; json_bytes: number; members: number; holds: number }[];
    expect(rows).toHaveLength(texts.size);
    for (const row of rows) {
      const json = texts.get(`${row.household_id}/${row.version}`);
      expect(decodeSnapshotText(row.snapshot)).toBe(json);
      const parsed = JSON.parse(json!) as HouseholdSnapshot;
      expect([row.json_bytes, row.members, row.holds]).toEqual([Buffer.byteLength(json!), parsed.household.members.length, heldCategories(parsed)]);
    }
    // The history view reads what it read before: the same rows, the change between them found.
    expect(householdAtVersion(db, firstId, 2)).toEqual(JSON.parse(texts.get(`${firstId}/2`)!));
    const history = householdHistory(db, firstId);
    expect(history.map(({ version, at, operator, action, reason }) => ({ version, at, operator, action, reason }))).toEqual(
      historyBefore.map((r) => {
        const { operator_id: _, ...rest } = r as Record<string, unknown>;
        return rest;
      }),
    );
    expect(history[1]?.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['phone']));

    // The old table's pages are free pages now: the file keeps its size until a VACUUM gives them back.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const after = pages(db);
    const historyBytesAfter = db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'household_versions%'").pluck().get() as number;
    expect(historyBytesAfter).toBeLessThan(historyBytesBefore / 3);
    expect(after.count).toBeGreaterThanOrEqual(before.count);
    expect(after.free).toBeGreaterThan(0);
    db.exec('VACUUM');
    const vacuumed = pages(db);
    expect(vacuumed.free).toBe(0);
    expect(vacuumed.count * vacuumed.size).toBeLessThan(before.count * before.size - (historyBytesBefore - historyBytesAfter) * 0.9);
  } finally {
    closeDatabase(db);
  }
});
