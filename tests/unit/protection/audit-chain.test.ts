import type Database from 'better-sqlite3-multiple-ciphers';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { protectedStation, type ProtectedStation } from '../../helpers/protection.js';
import { bundled } from '../../helpers/bundled.js';

/**
 * The audit trail on a real file, tampered with as someone holding the file would: triggers dropped, rows edited,
 * removed or renumbered with another SQLite connection. Each is found, with the first broken link and its kind.
 */

let station: ProtectedStation;

beforeEach(() => {
  station = protectedStation();
  for (let n = 1; n <= 8; n++) {
    station.core.ctx.db.transaction(() =>
      appendAudit(station.core.ctx.db, {
        at: `2024-09-26T10:00:0${n}.000Z`,
        operator: 'Anna',
        action: 'household.viewed',
        entity: 'household',
        entityId: `h${n}`,
        detail: { n },
      }),
    )();
  }
  station.core.close();
});
afterEach(() => station.dispose());

/** Opens the file as an intruder would: no app, no triggers in the way. */
function tamper(edit: (db: Database.Database) => void): void {
  const db = openWithFolderKey(station.dataDir);
  db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; DROP TRIGGER IF EXISTS audit_head_no_delete;');
  edit(db);
  db.close();
}

function verify() {
  const db = openWithFolderKey(station.dataDir, { readonly: true });
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...bundled('cli'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the audit trail', () => {
  it('holds when nobody touched it, and the app itself cannot edit or delete an event', () => {
    expect(verify()).toEqual({ ok: true, events: 8, headSeq: 8 });
    const db = openWithFolderKey(station.dataDir);
    expect(() => db.prepare("UPDATE audit_events SET operator = 'Eve' WHERE seq = 3").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 8').run()).toThrow(/append-only/);
    db.close();
  });

  it('shows a changed row', () => {
    tamper((db) => db.prepare("UPDATE audit_events SET operator = 'Eve' WHERE seq = 4").run());
    expect(verify().brokenAt).toEqual({ seq: 4, kind: 'changed' });
  });

  it('shows a changed row even when its hash was recomputed', () => {
    tamper((db) => {
      const row = db.prepare('SELECT * FROM audit_events WHERE seq = 4').get() as Record<string, string>;
      db.prepare('UPDATE audit_events SET detail = \'{"n":40}\', hash = ? WHERE seq = 4').run(`${row['hash']!.slice(0, 60)}beef`);
    });
    expect(verify().brokenAt).toEqual({ seq: 4, kind: 'changed' });
  });

  it('shows a removed row in the middle, renumbered or not', () => {
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = 5').run());
    expect(verify().brokenAt).toEqual({ seq: 5, kind: 'removed' });
    tamper((db) => db.exec('UPDATE audit_events SET seq = seq - 1 WHERE seq > 5'));
    expect(verify().brokenAt).toEqual({ seq: 5, kind: 'removed' });
  });

  it('shows the last rows removed, thanks to the head kept beside the trail', () => {
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq >= 7').run());
    expect(verify()).toMatchObject({ ok: false, headSeq: 8, brokenAt: { seq: 7, kind: 'removed' } });
  });

  it('shows two rows swapped', () => {
    tamper((db) =>
      db.exec('UPDATE audit_events SET seq = -6 WHERE seq = 6; UPDATE audit_events SET seq = 6 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = -6;'),
    );
    expect(verify().brokenAt).toEqual({ seq: 3, kind: 'reordered' });
  });

  it('is checked by `audit-verify`, which names the first broken link and exits 1', async () => {
    const ok = await cli(['audit-verify', '--data', station.dataDir]);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/intact: 8 events/);
    const copies = ['changed', 'removed', 'reordered'].map((kind) => ({ kind, dir: `${station.dataDir}-${kind}` }));
    const { cpSync, rmSync } = await import('node:fs');
    const edits: Record<string, (db: Database.Database) => void> = {
      changed: (db) => db.prepare('UPDATE audit_events SET detail = \'{"n":99}\' WHERE seq = 2').run(),
      removed: (db) => db.prepare('DELETE FROM audit_events WHERE seq = 8').run(),
      reordered: (db) =>
        db.exec(
          'UPDATE audit_events SET seq = -1 WHERE seq = 4; UPDATE audit_events SET seq = 4 WHERE seq = 5; UPDATE audit_events SET seq = 5 WHERE seq = -1;',
        ),
    };
    try {
      for (const { kind, dir } of copies) {
        cpSync(station.dataDir, dir, { recursive: true });
        const db = openWithFolderKey(dir);
        db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
        edits[kind]!(db);
        db.close();
      }
      const results = await Promise.all(copies.map(({ dir }) => cli(['audit-verify', '--data', dir, '--json'])));
      const expected = { changed: { seq: 2, kind: 'changed' }, removed: { seq: 8, kind: 'removed' }, reordered: { seq: 4, kind: 'reordered' } };
      for (const [i, { kind }] of copies.entries()) {
        const result = results[i]!;
        expect(result.code, kind).toBe(1);
        expect(JSON.parse(result.out)).toMatchObject({ ok: false, brokenAt: expected[kind as keyof typeof expected] });
        expect(result.err.trim()).toBe(`audit-verify: audit trail broken at event ${expected[kind as keyof typeof expected].seq}: ${kind}`);
      }
    } finally {
      for (const { dir } of copies) rmSync(dir, { recursive: true, force: true });
    }
  });
});
