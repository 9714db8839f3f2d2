import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../electron/api/views-protection.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { MIGRATIONS } from '../../../electron/core/db/migrations/index.js';
import { decodeSnapshotText } from '../../../electron/core/households/stored-snapshot.js';
import { openCore } from '../../../electron/core/index.js';
import { seedHouseholds } from '../../../electron/core/seed/seed.js';
import { openDesk } from '../../../electron/handlers/desk.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { cleanupTemp, tempDir } from '../../helpers/core.js';
import { asSchema17HubPairs } from '../../helpers/schema-17.js';
import { asMigration014Keys } from '../../helpers/dup-keys-014.js';
import { asSchema21SearchKeys } from '../../helpers/schema-21.js';

/**
 * The desk at the first start of a new version on a file of the version before: it answers at once, shows how far
 * the file's update has come, refuses everything else meanwhile, and opens when the file is at this version's schema.
 */

afterEach(cleanupTemp);

/** A station's folder as the version before this one left it: schema 14, the version history kept as JSON text. */
function previousVersionFolder(households: number): string {
  const dataDir = join(tempDir('intake-upgrade-'), 'desk');
  const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } });
  seedHouseholds(core.ctx, SYSTEM_ACTOR, households, 3);
  core.close();
  const db = openWithFolderKey(dataDir);
  db.transaction(() => {
    db.exec(`
      CREATE TABLE household_versions_text (
        household_id TEXT NOT NULL REFERENCES households (id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        snapshot TEXT NOT NULL,
        operator_id TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (household_id, version)
      ) STRICT;
    `);
    const rows = db.prepare('SELECT household_id, version, at, operator, action, reason, snapshot, operator_id FROM household_versions').raw().all() as [
      string,
      number,
      string,
      string,
      string,
      string,
      Buffer,
      string,
    ][];
    const insert = db.prepare('INSERT INTO household_versions_text VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const [id, version, at, operator, action, reason, snapshot, operatorId] of rows) {
      insert.run(id, version, at, operator, action, reason, decodeSnapshotText(snapshot), operatorId);
    }
    db.exec('DROP TABLE household_versions; ALTER TABLE household_versions_text RENAME TO household_versions;');
  })();
  // And without what migrations 16 to 23 add: the count of open pairs, the queue over the network, compact pairs, the
  // queue's lease grants, a greeter's unsent tickets, the presses' ids kept with the tickets, the duplicate keys
  // without the namesakes' neighbourhoods, the search keys by person number, and batches noted unchecked (the helper).
  asSchema17HubPairs(db);
  asMigration014Keys(db);
  asSchema21SearchKeys(db);
  db.exec(
    'DROP TABLE hub_pair_counts; DROP TABLE queue_leases; DROP TABLE queue_applied; DROP TABLE queue_held; DROP TABLE queue_outbox; DROP TABLE queue_members; DROP TABLE queue_lease_grants; DROP TABLE queue_door_outbox;' +
      ' DROP INDEX queue_tickets_request; ALTER TABLE queue_tickets DROP COLUMN request_id;',
  );
  db.pragma('user_version = 14');
  db.close();
  return dataDir;
}

describe('the desk on a file of the version before', () => {
  it('updates it in steps, tells the window how far it is, and opens with every household', async () => {
    const dataDir = previousVersionFolder(25);
    // What the app does when the core opens (jobs cut short are said to be interrupted) waits for the update.
    const opened: number[] = [];
    const desk = openDesk({
      dataDir,
      purgeEveryHours: 0,
      log: () => {},
      onOpen: (core) => opened.push(Number(core.ctx.db.pragma('user_version', { simple: true }))),
    });
    try {
      const first = await desk.dispatcher.invoke('session.status', {});
      // Every migration after 12, in steps (13, the queue; 14, its members on the network; and any later).
      expect(first.ok && (first.value as SessionView).upgrading).toMatchObject({ migrations: MIGRATIONS.filter((m) => m.version > 14).length });
      expect(opened).toEqual([]);
      const refused = await desk.dispatcher.invoke('household.recent', {});
      expect(refused.ok ? 'ok' : refused.error.code).toBe('locked');
      let status = first;
      for (let i = 0; i < 200 && status.ok && (status.value as SessionView).upgrading; i++) {
        await new Promise((r) => setTimeout(r, 20));
        status = await desk.dispatcher.invoke('session.status', {});
      }
      expect(status.ok && (status.value as SessionView).upgrading).toBeFalsy();
      expect(status.ok && (status.value as SessionView).upgradeFailed).toBeFalsy();
      const db = desk.core()!.ctx.db;
      expect(Number(db.pragma('user_version', { simple: true }))).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare('SELECT count(*) FROM households').pluck().get()).toBe(25);
      // Every person filed under their duplicate keys again.
      expect(db.prepare('SELECT count(DISTINCT person) FROM dup_keys').pluck().get()).toBe(db.prepare('SELECT count(*) FROM persons').pluck().get());
      expect(db.prepare("SELECT count(*) FROM household_versions WHERE typeof(snapshot) = 'blob'").pluck().get()).toBe(25);
      // Every person's search keys by number.
      expect(db.prepare('SELECT count(DISTINCT person) FROM search_keys').pluck().get()).toBe(db.prepare('SELECT count(*) FROM persons').pluck().get());
      expect(opened).toEqual([MIGRATIONS.at(-1)!.version]);
    } finally {
      desk.close();
    }
  });

  it('opens a file already at this version at once, without a step in between', async () => {
    const dataDir = join(tempDir('intake-upgrade-'), 'desk');
    openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' } }).close();
    const desk = openDesk({ dataDir, purgeEveryHours: 0, log: () => {} });
    try {
      const first = await desk.dispatcher.invoke('session.status', {});
      expect(first.ok && (first.value as SessionView).upgrading).toBeFalsy();
      expect(desk.core()).toBeDefined();
    } finally {
      desk.close();
    }
  });
});
