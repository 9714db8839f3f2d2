import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { closeDatabase, openDatabase } from '../../../electron/core/db/open.js';
import { createStation } from '../../../electron/core/station.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';

/**
 * Migration 009 on a file written by the migration before it (whichever that is on this branch): the phones typed
 * before are read again by libphonenumber-js, their E.164 form and search keys with them; old decisions survive and
 * "not sure" becomes a decision a desk may keep.
 */

afterEach(cleanupTemp);

const NOW = '2026-11-20T09:00:00.000Z';
const before = MIGRATIONS[MIGRATIONS.findIndex((m) => m.version === 9) - 1]!.version;
const reversed = (digits: string) => `p:${[...digits].reverse().join('')}`;

it(`migrates phones and their search keys from schema ${before} to 9`, () => {
  const file = join(tempDir('intake-m009-'), 'intake.sqlite');
  const old = openDatabase(file, { targetVersion: before });
  const station = createStation(old, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, new Date(NOW));
  const household = old.prepare(
    `INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at, mode,
       phone, phone_normalised, size, version) VALUES (?, ?, ?, 'GRS1', ?, '2026-11-20', ?, ?, 'full', ?, ?, 1, 1)`,
  );
  // What the hand-written reader stored: a Russian number dialled from Russia, one a digit short, a national one.
  household.run('h1', 'N-1', station.stationId, NOW, NOW, NOW, '8 (912) 345-67-89', '+79123456789');
  household.run('h2', 'N-2', station.stationId, NOW, NOW, NOW, '+374 91 12345', '+3749112345');
  household.run('h3', 'N-3', station.stationId, NOW, NOW, NOW, '374 93 765432', '+37493765432');
  const person = old.prepare(
    `INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, sex, birth_kind, birth_value, birth_date,
       phone, phone_normalised) VALUES (?, ?, 0, ?, 'Aram', 'Sargsyan', 'M', 'age', '40', '1986-11-20', ?, ?)`,
  );
  person.run('p1', 'h1', 'head', '', null);
  person.run('p2', 'h2', 'head', '010 52 34 56', '+37410523456');
  person.run('p3', 'h3', 'head', '', null);
  const key = old.prepare('INSERT INTO search_keys (key, person_id, kind) VALUES (?, ?, ?)');
  key.run(reversed('79123456789'), 'p1', 'phone');
  key.run(reversed('3749112345'), 'p2', 'phone');
  key.run(reversed('37410523456'), 'p2', 'phone');
  key.run('n:aram', 'p1', 'name');
  old
    .prepare(
      `INSERT INTO duplicate_decisions (at, operator, context, decision, person_id, household_id, other_person_id, other_household_id, reason)
     VALUES (?, 'Desk', 'intake', 'different', 'p1', 'h1', 'p3', 'h3', 'his cousin')`,
    )
    .run(NOW);
  closeDatabase(old);

  const db = openDatabase(file, { targetVersion: 9 });
  try {
    expect(db.pragma('user_version', { simple: true })).toBe(9);
    expect(db.prepare('SELECT id, phone, phone_normalised FROM households ORDER BY id').all()).toEqual([
      { id: 'h1', phone: '8 (912) 345-67-89', phone_normalised: '+79123456789' },
      // No number has this shape: kept as typed, no E.164 form.
      { id: 'h2', phone: '+374 91 12345', phone_normalised: null },
      { id: 'h3', phone: '374 93 765432', phone_normalised: '+37493765432' },
    ]);
    expect(db.prepare("SELECT id, phone_normalised FROM persons WHERE phone != '' ORDER BY id").all()).toEqual([
      { id: 'p2', phone_normalised: '+37410523456' },
    ]);
    expect(db.prepare("SELECT person_id, key FROM search_keys WHERE kind = 'phone' ORDER BY person_id, key").all()).toEqual(
      [
        { person_id: 'p1', key: reversed('79123456789') },
        { person_id: 'p2', key: reversed('37410523456') },
        // The impossible number is still found by the digits typed.
        { person_id: 'p2', key: reversed('3749112345') },
        { person_id: 'p3', key: reversed('37493765432') },
      ].sort((a, b) => a.person_id.localeCompare(b.person_id) || a.key.localeCompare(b.key)),
    );
    expect(db.prepare("SELECT count(*) FROM search_keys WHERE kind = 'name'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT seq, decision, reason FROM duplicate_decisions').all()).toEqual([{ seq: 1, decision: 'different', reason: 'his cousin' }]);
    db.prepare(
      `INSERT INTO duplicate_decisions (at, operator, context, decision, person_id, household_id, other_person_id, other_household_id)
       VALUES (?, 'Desk', 'intake', 'unsure', 'p2', 'h2', 'p3', 'h3')`,
    ).run(NOW);
    expect(db.prepare("SELECT seq FROM duplicate_decisions WHERE decision = 'unsure'").pluck().get()).toBe(2);
    expect(() => db.prepare("UPDATE duplicate_decisions SET decision = 'maybe'").run()).toThrow(/CHECK/);
  } finally {
    closeDatabase(db);
  }
});
