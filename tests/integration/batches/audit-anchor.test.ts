import type Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anchorFilePath, signAuditHead } from '../../../electron/core/audit/anchor.js';
import { eventHash, verifyAuditChain, type AuditRow } from '../../../electron/core/audit/trail.js';
import { cutBatch, pendingRange } from '../../../electron/core/batch/cut.js';
import { exportBatch, sealCut } from '../../../electron/core/batch/export.js';
import { importBatch } from '../../../electron/core/batch/import.js';
import { generateStationKeyPair } from '../../../electron/core/batch/raw-keys.js';
import { installHubKey } from '../../../electron/core/batch/keys.js';
import { verifyTrails } from '../../../electron/core/batch/station-heads.js';
import type { BatchView, ImportOutcome } from '../../../electron/api/views-batches.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { runCli } from '../../helpers/print.js';
import { family, site, tableCounts, type Desk, type Site } from '../../helpers/batches.js';

/**
 * The audit trail anchored outside its file. Each rewrite the issue names (cut the end and fix the head; change an
 * event and re-hash forward; delete every event and the head) passes the hash chain alone, as it did before; the
 * heads signed with the station key find each one, at the station and, against its copy, at the hub.
 */

let s: Site;
let hub: Desk & { publicKey: string };
let desk: Desk;
let stick: string;
beforeEach(() => {
  s = site();
  hub = s.hub();
  desk = s.station('Desk 1');
  installHubKey(desk.core.ctx, s.actor, hub.publicKey);
  stick = s.folder('stick');
});
afterEach(() => s.dispose());

function exportNow(from: Desk = desk): BatchView {
  const outcome = exportBatch(from.core.ctx, s.actor, { folder: stick });
  if (!outcome.exported) throw new Error('nothing was exported');
  return outcome.batch;
}

const importFile = (batch: BatchView): ImportOutcome => importBatch(hub.core.ctx, s.actor, readFileSync(batch.filePath), { acceptNewStation: true });

/** Edits the station's file as its holder could without the app: another connection, the triggers dropped. */
function tamper(edit: (db: Database.Database) => void): void {
  const db = openWithFolderKey(desk.dataDir);
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; DROP TRIGGER IF EXISTS audit_head_no_delete;');
  db.transaction(() => edit(db))();
  db.close();
}

const setHead = (db: Database.Database) => {
  const last = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  db.prepare('INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, ?, ?)').run(last?.seq ?? 0, last?.hash ?? '0'.repeat(64));
};

/** Delete the last events (from `seq` on) and fix the stored head. */
const cutTail = (seq: number) => (db: Database.Database) => {
  db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(seq);
  setHead(db);
};

/** Change event `seq` (its operator), then re-hash it and every later event so the chain holds again. */
const rewrite = (seq: number) => (db: Database.Database) => {
  const rows = db.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(seq) as AuditRow[];
  let prev = rows[0]!.prev_hash;
  for (const row of rows) {
    const operator = row.seq === seq ? 'Eve' : row.operator;
    const hash = eventHash(prev, row.seq, {
      at: row.at,
      operator,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    });
    db.prepare('UPDATE audit_events SET operator = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(operator, prev, hash, row.seq);
    prev = hash;
  }
  setHead(db);
};

/** Delete every event and the head. */
const wipe = (db: Database.Database) => {
  db.exec('DELETE FROM audit_events; DELETE FROM audit_head;');
};

const deskReport = () => verifyTrails(desk.core.ctx);
const chainAlone = () => verifyAuditChain(desk.core.ctx.db);
const lastSeq = () => desk.core.ctx.db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;

function registerAndExport(): BatchView {
  desk.register(family('Anahit', 'Hovhannisyan'));
  desk.register(family('Սոնա', 'Մկրտչյան'));
  return exportNow();
}

describe('at the station', () => {
  it('signs the head at every batch cut, keeps it in the file and beside the key, and finds an untouched trail intact', () => {
    const batch = registerAndExport();
    const signed = desk.core.ctx.db.prepare('SELECT seq, hash, batch_id FROM audit_signed_heads').all() as { seq: number; hash: string; batch_id: string }[];
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatchObject({ batch_id: batch.id });
    // The head signed is the trail's last event at the cut (the export's own event comes after it).
    expect(signed[0]!.seq).toBe(lastSeq() - 1);
    expect(JSON.parse(readFileSync(anchorFilePath(desk.dataDir), 'utf8'))).toMatchObject({ seq: signed[0]!.seq, hash: signed[0]!.hash });
    expect(deskReport()).toMatchObject({ ok: true, anchor: { signedSeq: signed[0]!.seq, heads: 1 } });
  });

  it('finds the last events deleted and the head fixed, even with the signed heads deleted from the file too', () => {
    registerAndExport();
    const signedSeq = deskReport().anchor!.signedSeq;
    tamper(cutTail(signedSeq - 1));
    expect(chainAlone()).toMatchObject({ ok: true });
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'shorter_than_signed', seq: signedSeq - 1 } } });
    tamper((db) => db.exec('DELETE FROM audit_signed_heads'));
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'shorter_than_signed' } } });
  });

  it('finds an event changed and the chain re-hashed forward', () => {
    registerAndExport();
    const signedSeq = deskReport().anchor!.signedSeq;
    tamper(rewrite(2));
    expect(chainAlone()).toMatchObject({ ok: true });
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'rewritten_since_signed', seq: signedSeq } } });
  });

  it('finds every event and the head deleted: after a batch, and with no batch yet while the file holds registrations', () => {
    registerAndExport();
    tamper(wipe);
    expect(chainAlone()).toEqual({ ok: true, events: 0, headSeq: 0 });
    expect(deskReport()).toMatchObject({ ok: false, events: 0, anchor: { problem: { kind: 'shorter_than_signed', seq: 1 } } });

    // No head signed yet (or the heads removed with the key folder's copy): the families in the file speak.
    tamper((db) => db.exec('DELETE FROM audit_signed_heads'));
    rmSync(anchorFilePath(desk.dataDir));
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'empty_with_registrations' } } });
    tamper((db) => db.exec('DROP TABLE audit_events'));
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'empty_with_registrations' } } });
  });

  it('finds a head re-signed with another key (the database holder has no key file)', () => {
    registerAndExport();
    tamper(rewrite(2));
    const forger = generateStationKeyPair();
    const row = desk.core.ctx.db.prepare('SELECT seq FROM audit_signed_heads').get() as { seq: number };
    const hash = desk.core.ctx.db.prepare('SELECT hash FROM audit_events WHERE seq = ?').pluck().get(row.seq) as string;
    const forged = signAuditHead(desk.core.ctx.station.stationId, forger, { seq: row.seq, hash }, '2024-09-26T11:00:00.000Z');
    tamper((db) => db.prepare('UPDATE audit_signed_heads SET hash = ?, signature = ?, signed_at = ?').run(forged.hash, forged.signature, forged.signedAt));
    rmSync(anchorFilePath(desk.dataDir));
    expect(deskReport()).toMatchObject({ ok: false, anchor: { problem: { kind: 'bad_signature', seq: row.seq } } });
  });

  it('audit-verify exits 1 and says why', async () => {
    registerAndExport();
    tamper(cutTail(3));
    const result = await runCli(['audit-verify', '--data', desk.dataDir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Audit trail BROKEN at event \d+: the trail is shorter than a head signed with the station key/);
  }, 30_000);
});

describe('at the hub', () => {
  it("keeps each batch's signed head and finds the stations consistent", () => {
    importFile(registerAndExport());
    desk.register(family('Людмила', 'Григорян'));
    importFile(exportNow());
    const report = verifyTrails(hub.core.ctx);
    expect(report.ok).toBe(true);
    expect(report.stations).toEqual([expect.objectContaining({ label: 'Desk 1', heads: 2 })]);
    expect(report.stations![0]).not.toHaveProperty('divergence');
    expect(report.stations![0]!.signedSeq).toBeGreaterThan(0);
  });

  const cases = {
    'the last events deleted and the head fixed': () => cutTail(3),
    'an event changed and the chain re-hashed forward': () => rewrite(2),
    'every event and the head deleted': () => wipe,
  };
  for (const [name, attack] of Object.entries(cases)) {
    it(`shows where the station's trail diverges after ${name}`, async () => {
      importFile(registerAndExport());
      tamper(attack());
      // The station's own heads and their copy beside the key go too: only the hub's copy is left to tell.
      tamper((db) => db.exec('DELETE FROM audit_signed_heads'));
      rmSync(anchorFilePath(desk.dataDir), { force: true });
      desk.register(family('Людмила', 'Григорян'));
      const second = exportNow();
      expect(importFile(second)).toMatchObject({ status: 'imported' });
      const report = verifyTrails(hub.core.ctx);
      expect(report.ok).toBe(false);
      const station = report.stations![0]!;
      expect(station.divergence).toMatchObject({ batchId: expect.any(String) });
      expect(station.divergence!.seq).toBeGreaterThan(0);
      expect(station.divergence!.seq).toBeLessThanOrEqual(6);

      const result = await runCli(['audit-verify', '--data', hub.dataDir]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `Station Desk 1 (GRS1-${desk.core.ctx.station.stationCode}, ${desk.core.ctx.station.stationId}) DIVERGES at event ${station.divergence!.seq}`,
      );
    }, 30_000);
  }

  it('refuses whole a batch whose head is not signed by its station, and still reads a batch without a head', () => {
    desk.register(family('Anahit', 'Hovhannisyan'));
    const forger = generateStationKeyPair();
    const range = pendingRange(desk.core.ctx.db)!;
    const forged = cutBatch(desk.core.ctx, '00000000-0000-7000-8000-00000000f0f0', range, {
      signHead: (head) => signAuditHead(desk.core.ctx.station.stationId, forger, head, '2024-09-26T10:00:00.000Z'),
    });
    const before = tableCounts(hub.core.ctx.db);
    expect(() => importBatch(hub.core.ctx, s.actor, sealCut(desk.core.ctx, forged, hub.publicKey), { acceptNewStation: true })).toThrow(
      expect.objectContaining({ code: 'refused', issues: [expect.objectContaining({ code: 'batch.refused.payload_invalid' })] }),
    );
    // Nothing applied; the hub's own trail gains the refusal itself (batch.refused), nothing else.
    const after = tableCounts(hub.core.ctx.db);
    expect({ ...after, audit_events: before.audit_events }).toEqual(before);
    expect(hub.core.ctx.db.prepare('SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get()).toBe('batch.refused');

    // A version-1 batch from an older desk carries no head: it is taken in as before.
    const plainHeader = cutBatch(desk.core.ctx, '00000000-0000-7000-8000-00000000f0f1', range);
    expect(plainHeader.header.auditHead).toBeUndefined();
    expect(importBatch(hub.core.ctx, s.actor, sealCut(desk.core.ctx, plainHeader, hub.publicKey), { acceptNewStation: true })).toMatchObject({
      status: 'imported',
    });
  });
});
