import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HouseholdSchema } from '../../../electron/api/schemas/household.js';
import { auditedSearch, viewHousehold } from '../../../electron/core/audit/access-log.js';
import { eventHash, verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import type { DB } from '../../../electron/core/db/open.js';
import { getHousehold } from '../../../electron/core/households/read.js';
import { updateHousehold, voidHousehold } from '../../../electron/core/households/write.js';
import { openWithFolderKey } from '../../helpers/at-rest.js';
import { cleanupTemp, familyOfFour, makeTempCore, person, type TempCore } from '../../helpers/core.js';

/**
 * The audit trail written by real work (registrations, an edit, a void, a view, a search), then tampered with as
 * someone holding the file would: the append-only triggers dropped, rows edited, removed or swapped with another
 * SQLite connection. The chain names the first link that does not hold.
 */

let t: TempCore;
let events: number;

beforeEach(() => {
  t = makeTempCore();
  const first = t.register();
  t.clock.advance(60);
  const second = t.register(familyOfFour({ phone: '+374 93 000111', members: [person('Hasmik', 'Sargsyan', 'F', '1979-04-02')] }));
  t.clock.advance(60);
  const detail = getHousehold(t.db, first.id, '2026-11-20');
  const members = detail.members.map(({ age: _age, dateOfBirth: _dob, ...m }) => m);
  updateHousehold(t.ctx, SYSTEM_ACTOR, {
    id: first.id,
    expectedVersion: 1,
    household: HouseholdSchema.parse({ ...detail.household, notes: 'Needs a ground-floor room', members }),
  });
  t.clock.advance(60);
  voidHousehold(t.ctx, SYSTEM_ACTOR, { id: second.id, expectedVersion: 1, reason: 'Registered at the wrong centre' });
  viewHousehold(t.ctx, SYSTEM_ACTOR, first.id);
  auditedSearch(t.ctx, SYSTEM_ACTOR, 'Sargsyan', 10);
  events = t.db.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
  t.core.close();
});
afterEach(cleanupTemp);

/** Another connection to the file, with the triggers that keep the app itself from editing the trail dropped. */
function tamper(edit: (db: DB) => void): void {
  const db = openWithFolderKey(t.dataDir);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; DROP TRIGGER IF EXISTS audit_head_no_delete;');
    edit(db);
  } finally {
    db.close();
  }
}

function verify() {
  const db = openWithFolderKey(t.dataDir, { readonly: true });
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}

const swapRows = (db: DB, a: number, b: number) => {
  const cols = ['at', 'operator', 'action', 'entity', 'entity_id', 'detail', 'prev_hash', 'hash'];
  const row = (seq: number) => db.prepare(`SELECT ${cols.join(', ')} FROM audit_events WHERE seq = ?`).get(seq) as Record<string, string>;
  const ra = row(a);
  const rb = row(b);
  const set = db.prepare(`UPDATE audit_events SET ${cols.map((c) => `${c} = @${c}`).join(', ')} WHERE seq = @seq`);
  set.run({ ...rb, seq: a });
  set.run({ ...ra, seq: b });
};

describe('verifyAuditChain', () => {
  it('holds after a day of ordinary work, every act recorded in order', () => {
    expect(events).toBe(6);
    expect(verify()).toEqual({ ok: true, events, headSeq: events });
    const db = openWithFolderKey(t.dataDir, { readonly: true });
    const actions = db.prepare('SELECT action FROM audit_events ORDER BY seq').pluck().all();
    db.close();
    expect(actions).toEqual(['household.registered', 'household.registered', 'household.edited', 'household.voided', 'household.viewed', 'search']);
  });

  it('the app cannot edit or delete an event: the triggers refuse', () => {
    const db = openWithFolderKey(t.dataDir);
    try {
      expect(() => db.prepare("UPDATE audit_events SET operator = 'Eve' WHERE seq = 2").run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect(verify().ok).toBe(true);
  });

  it('an edited detail breaks the chain at that event, as changed', () => {
    tamper((db) => db.prepare(`UPDATE audit_events SET detail = '{"version":1,"registrationNumber":"XXXX-00009-0"}' WHERE seq = 3`).run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: { seq: 3, kind: 'changed' } });
  });

  it('an edited operator name, with the hash left alone, breaks it too', () => {
    tamper((db) => db.prepare("UPDATE audit_events SET operator = 'someone else' WHERE seq = 1").run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: { seq: 1, kind: 'changed' } });
  });

  it('an event deleted from the middle shows as removed, renumbered or not', () => {
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = 4').run());
    expect(verify()).toMatchObject({ ok: false, brokenAt: { seq: 4, kind: 'removed' } });
    tamper((db) => db.exec('UPDATE audit_events SET seq = seq - 1 WHERE seq > 4'));
    expect(verify()).toMatchObject({ ok: false, brokenAt: { seq: 4, kind: 'removed' } });
  });

  it('the last event deleted shows against the head kept beside the trail', () => {
    tamper((db) => db.prepare('DELETE FROM audit_events WHERE seq = ?').run(events));
    expect(verify()).toMatchObject({ ok: false, headSeq: events, brokenAt: { seq: events, kind: 'removed' } });
  });

  it('two rows with their contents swapped (hashes and all) are detected', () => {
    tamper((db) => swapRows(db, 2, 5));
    const report = verify();
    expect(report.ok).toBe(false);
    expect(report.brokenAt?.seq).toBe(2);
    expect(['reordered', 'changed']).toContain(report.brokenAt?.kind);
  });

  it('two rows with only their details swapped are detected as changed', () => {
    tamper((db) => {
      const detail = (seq: number) => db.prepare('SELECT detail FROM audit_events WHERE seq = ?').pluck().get(seq) as string;
      const [d1, d2] = [detail(1), detail(2)];
      db.prepare('UPDATE audit_events SET detail = ? WHERE seq = ?').run(d2, 1);
      db.prepare('UPDATE audit_events SET detail = ? WHERE seq = ?').run(d1, 2);
    });
    expect(verify()).toMatchObject({ ok: false, brokenAt: { seq: 1, kind: 'changed' } });
  });

  it('a well-forged event appended (its hash recomputed) without the head moving is detected', () => {
    tamper((db) => {
      const last = db.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get() as string;
      const forged = { at: '2026-11-20T10:00:00.000Z', operator: 'Eve', action: 'search', entity: 'search', entityId: '', detail: {} };
      db.prepare('INSERT INTO audit_events (seq, at, operator, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        events + 1,
        forged.at,
        forged.operator,
        forged.action,
        forged.entity,
        forged.entityId,
        '{}',
        last,
        eventHash(last, events + 1, forged),
      );
    });
    expect(verify()).toMatchObject({ ok: false, headSeq: events, brokenAt: { seq: events + 1 } });
  });
});
