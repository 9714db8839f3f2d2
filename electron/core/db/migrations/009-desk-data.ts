import type { Migration } from '../migrate.js';
import { phoneKeysOf } from '../../households/index-person.js';
import { normalisePhone } from '../../names/keys.js';

/**
 * What the clerk means is what is recorded:
 * - phones read by libphonenumber-js (the centre's country as the default region): the E.164 form stored beside what
 *   was typed is computed again for every household and person, and the phone search keys with it;
 * - a decision at the desk may now be "not sure" (`unsure`) or none taken past a likely match (`continued`): both put
 *   the pair in the supervisor's queue at once. SQLite cannot change a CHECK, so the table is copied.
 */
export const deskData: Migration = {
  version: 9,
  name: 'desk-data',
  up(db) {
    const households = db.prepare<unknown[], { id: string; phone: string }>('SELECT id, phone FROM households').all();
    const setHousehold = db.prepare('UPDATE households SET phone_normalised = ? WHERE id = ?');
    for (const h of households) setHousehold.run(normalisePhone(h.phone), h.id);
    const persons = db
      .prepare<unknown[], { id: string; phone: string | null; relationship: string; household_phone: string }>(
        'SELECT p.id, p.phone, p.relationship, h.phone AS household_phone FROM persons p JOIN households h ON h.id = p.household_id',
      )
      .all();
    const setPerson = db.prepare('UPDATE persons SET phone_normalised = ? WHERE id = ?');
    db.prepare("DELETE FROM search_keys WHERE kind = 'phone'").run();
    const addKey = db.prepare("INSERT OR IGNORE INTO search_keys (key, person_id, kind) VALUES (?, ?, 'phone')");
    for (const p of persons) {
      setPerson.run(normalisePhone(p.phone ?? ''), p.id);
      for (const key of phoneKeysOf(p.phone ?? '', p.relationship === 'head' ? p.household_phone : '')) addKey.run(key, p.id);
    }

    db.exec(`
      CREATE TABLE duplicate_decisions_009 (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        operator_id TEXT NOT NULL DEFAULT '',
        context TEXT NOT NULL CHECK (context IN ('intake', 'review')),
        decision TEXT NOT NULL CHECK (decision IN ('same', 'different', 'unsure', 'continued')),
        person_id TEXT NOT NULL,
        household_id TEXT NOT NULL,
        other_person_id TEXT NOT NULL,
        other_household_id TEXT NOT NULL,
        score REAL,
        reason TEXT NOT NULL DEFAULT ''
      ) STRICT;
      INSERT INTO duplicate_decisions_009 SELECT * FROM duplicate_decisions;
      DROP TABLE duplicate_decisions;
      ALTER TABLE duplicate_decisions_009 RENAME TO duplicate_decisions;
      CREATE INDEX duplicate_decisions_person ON duplicate_decisions (person_id);
      CREATE INDEX duplicate_decisions_household ON duplicate_decisions (household_id);
    `);
  },
};
