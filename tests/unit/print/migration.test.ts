import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { printing } from '../../../electron/core/db/migrations/005-printing.js';

/** Migration 005 (printing) on a file at the version before it, holding a household: the household stays, prints can be logged. */
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

it('adds the slip print log without touching the households', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-mig5-'));
  dirs.push(dir);
  const file = join(dir, 'intake.sqlite');
  const before = MIGRATIONS.filter((m) => m.version < printing.version).at(-1)!.version;
  const old = openDatabase(file, { targetVersion: before });
  old.prepare(`INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at, mode, size, version)
    VALUES ('h1', 'KQ7M-00001-X', 's1', 'GRS1', '2024-09-26T08:00:00Z', '2024-09-26', '2024-09-26T08:00:00Z', '2024-09-26T08:00:00Z', 'full', 1, 1)`).run();
  old.close();

  const db = openDatabase(file);
  expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(printing.version);
  expect(db.prepare('SELECT registration_number FROM households').pluck().all()).toEqual(['KQ7M-00001-X']);
  db.prepare("INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES ('h1', 1, 'now', 'desk', 'hy', 'a4')").run();
  expect(() => db.prepare("INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES ('h1', 1, 'now', 'desk', 'hy', 'a4')").run()).toThrow(/UNIQUE/);
  expect(() => db.prepare("INSERT INTO slip_prints (household_id, print_number, at, operator, language, layout) VALUES ('nobody', 1, 'now', 'desk', 'hy', 'a4')").run()).toThrow(/FOREIGN KEY/);
  db.close();
});
