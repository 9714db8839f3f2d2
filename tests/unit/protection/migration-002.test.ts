import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { openDatabase } from '../../../electron/core/db/open.js';
import { createStation } from '../../../electron/core/station.js';

/** Migration 002 on a file written at schema 1: the audit head starts at the trail's last event, which still verifies. */

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('migrates a schema-1 file with households and audit events to schema 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'intake-m002-'));
  dirs.push(dir);
  const file = join(dir, 'intake.sqlite');
  const old = openDatabase(file, { targetVersion: 1 });
  const now = new Date('2024-09-26T10:00:00Z');
  const station = createStation(old, { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 1' }, now);
  // What schema 1 held: a household version and a chain of events without a head row.
  old
    .prepare(
      "INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at, updated_at, mode, size, version) VALUES ('h1', 'N-1', ?, 'GRS1', ?, '2024-09-26', ?, ?, 'full', 1, 1)",
    )
    .run(station.stationId, now.toISOString(), now.toISOString(), now.toISOString());
  old
    .prepare("INSERT INTO household_versions (household_id, version, at, operator, action, snapshot) VALUES ('h1', 1, ?, 'Desk', 'registered', '{}')")
    .run(now.toISOString());
  let prev = GENESIS_HASH;
  for (const seq of [1, 2]) {
    const event = { at: now.toISOString(), operator: 'Desk', action: 'household.registered', entity: 'household', entityId: 'h1', detail: { seq } };
    const hash = eventHash(prev, seq, event);
    old
      .prepare('INSERT INTO audit_events (seq, at, operator, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(seq, event.at, event.operator, event.action, event.entity, event.entityId, JSON.stringify(event.detail), prev, hash);
    prev = hash;
  }
  const lastHash = old.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get();
  expect(old.pragma('user_version', { simple: true })).toBe(1);
  old.close();

  const db = openDatabase(file, { targetVersion: 2 });
  expect(db.pragma('user_version', { simple: true })).toBe(2);
  expect(db.prepare('SELECT seq, hash FROM audit_head').get()).toEqual({ seq: 2, hash: lastHash });
  expect(verifyAuditChain(db)).toEqual({ ok: true, events: 2, headSeq: 2 });
  expect(db.prepare('SELECT DISTINCT operator_id FROM household_versions').pluck().all()).toEqual(['']);
  expect(db.prepare('SELECT count(*) FROM operators').pluck().get()).toBe(0);
  expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").pluck().all()).toEqual([
    'audit_events_no_delete',
    'audit_events_no_update',
    'audit_head_no_delete',
  ]);
  db.close();
});
