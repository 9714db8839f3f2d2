import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open.js';
import { createStation } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/** Migration 004 on a file written at schema 3: the key vocabulary is built from the keys already held. */

afterEach(cleanupTemp);

it('migrates a schema-3 file with persons and search keys to schema 4', () => {
  const file = join(tempDir('intake-m004-'), 'intake.sqlite');
  const old = openDatabase(file, { targetVersion: 3 });
  const now = '2026-11-20T09:00:00.000Z';
  const station = createStation(old, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, new Date(now));
  old
    .prepare(
      "INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at, mode, size, version) VALUES ('h1', 'N-1', ?, 'GRS1', ?, '2026-11-20', ?, ?, 'full', 2, 1)",
    )
    .run(station.stationId, now, now, now);
  const addPerson = old.prepare(
    "INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, sex, birth_kind, birth_value, birth_date) VALUES (?, 'h1', ?, ?, ?, 'Sargsyan', ?, 'age', '40', '1986-11-20')",
  );
  addPerson.run('p1', 0, 'head', 'Aram', 'M');
  addPerson.run('p2', 1, 'spouse', 'Anna', 'F');
  const addKey = old.prepare('INSERT INTO search_keys (key, person_id, kind) VALUES (?, ?, ?)');
  for (const [key, personId, kind] of [
    ['n:aram', 'p1', 'name'],
    ['n:sarksian', 'p1', 'name'],
    ['r:N1', 'p1', 'number'],
    ['n:ana', 'p2', 'name'],
    ['n:sarksian', 'p2', 'name'],
  ] as const) {
    addKey.run(key, personId, kind);
  }
  old.close();

  const db = openDatabase(file, { targetVersion: 4 });
  expect(db.pragma('user_version', { simple: true })).toBe(4);
  expect(db.prepare('SELECT key, persons FROM search_vocab ORDER BY key').all()).toEqual([
    { key: 'n:ana', persons: 1 },
    { key: 'n:aram', persons: 1 },
    { key: 'n:sarksian', persons: 2 },
  ]);
  expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_keys_person'").pluck().get()).toMatch(/\(person_id, key\)/);
  // The triggers keep it: a member removed (cascade) and one added.
  db.prepare("DELETE FROM persons WHERE id = 'p2'").run();
  db.prepare(
    "INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, sex, birth_kind, birth_value, birth_date) VALUES ('p3', 'h1', 1, 'child', 'Aram', '', 'M', 'age', '9', '2017-11-20')",
  ).run();
  db.prepare('INSERT INTO search_keys (key, person_id, kind) VALUES (?, ?, ?)').run('n:aram', 'p3', 'name');
  expect(db.prepare('SELECT key, persons FROM search_vocab ORDER BY key').all()).toEqual([
    { key: 'n:ana', persons: 0 },
    { key: 'n:aram', persons: 2 },
    { key: 'n:sarksian', persons: 1 },
  ]);
  for (const table of ['duplicate_pairs', 'duplicate_decisions', 'list_imports']) {
    expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
  }
  db.close();
});
