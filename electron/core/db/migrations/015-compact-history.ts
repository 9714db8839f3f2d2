import type { Migration } from '../migrate.js';
import { storeSnapshotJson } from '../../households/stored-snapshot.js';

/**
 * The version history stored compactly (issue 16): `household_versions.snapshot` becomes a BLOB holding each
 * version's JSON compressed (households/stored-snapshot.ts: a format byte, raw DEFLATE with a preset dictionary),
 * about a fifth of the text it was. Three small plain columns hold what SQL read inside the JSON before: `json_bytes`
 * (a batch's size), `members` (a batch's person count) and `holds` (the retention categories a version still holds).
 *
 * The table is rebuilt WITHOUT ROWID on its primary key (household_id, version): every reader asks by household (and
 * version), and the key's separate index (about a tenth of the compressed table) goes. The foreign key to the household
 * stays. Rows are copied in slices in key order, so a file of a million persons shows how far it is and is never held
 * whole in memory; each version is compressed from its stored text exactly as it was.
 *
 * The old table's pages become free pages of the file (overwritten: secure_delete), reused by later writes: the file
 * does not shrink until a VACUUM (the next erasure or purge's clean-up), which cannot run inside a migration's
 * transaction.
 */

/** Versions copied per step. */
const STEP = 5_000;

export const compactHistory: Migration = {
  version: 15,
  name: 'compact-history',
  *up(db) {
    db.exec(`
      CREATE TABLE household_versions_compact (
        household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        operator_id TEXT NOT NULL DEFAULT '',
        -- households/stored-snapshot.ts: a format byte, then the snapshot's JSON compressed.
        snapshot BLOB NOT NULL,
        -- The JSON's length in UTF-8 bytes (batch/cut.ts sizes a batch by it).
        json_bytes INTEGER NOT NULL,
        -- The persons in the snapshot (a batch's count).
        members INTEGER NOT NULL,
        -- The retention categories the snapshot still holds data of, a bit each (stored-snapshot.ts HOLDS_BIT).
        holds INTEGER NOT NULL,
        PRIMARY KEY (household_id, version)
      ) STRICT, WITHOUT ROWID;
    `);
    const total = db.prepare<[], number>('SELECT count(*) FROM household_versions').pluck().get()!;
    type Row = [householdId: string, version: number, at: string, operator: string, action: string, reason: string, operatorId: string, snapshot: string];
    const columns = 'household_id, version, at, operator, action, reason, operator_id, snapshot';
    const first = db.prepare<[number], Row>(`SELECT ${columns} FROM household_versions ORDER BY household_id, version LIMIT ?`).raw();
    const next = db
      .prepare<[string, number, number], Row>(
        `SELECT ${columns} FROM household_versions WHERE (household_id, version) > (?, ?) ORDER BY household_id, version LIMIT ?`,
      )
      .raw();
    const insert = db.prepare<[string, number, string, string, string, string, string, Buffer, number, number, number]>(
      `INSERT INTO household_versions_compact
         (household_id, version, at, operator, action, reason, operator_id, snapshot, json_bytes, members, holds)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let done = 0, rows = first.all(STEP); rows.length > 0;) {
      for (const [householdId, version, at, operator, action, reason, operatorId, json] of rows) {
        const stored = storeSnapshotJson(json, parsedOrEmpty(json));
        insert.run(householdId, version, at, operator, action, reason, operatorId, stored.snapshot, stored.jsonBytes, stored.members, stored.holds);
      }
      done += rows.length;
      yield { done, total };
      const [lastId, lastVersion] = rows[rows.length - 1]!;
      rows = next.all(lastId, lastVersion, STEP);
    }
    db.exec(`
      DROP TABLE household_versions;
      ALTER TABLE household_versions_compact RENAME TO household_versions;
    `);
  },
};

/** The snapshot's JSON parsed for its plain columns; text that is not an object (none is expected) counts as empty. */
function parsedOrEmpty(json: string): object {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}
