import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateStationKeyPair, keyFingerprint } from '../../../electron/core/batch/raw-keys.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { sql } from '../../../electron/core/db/statements.js';
import { openCore, type Core } from '../../../electron/core/index.js';
import {
  admitMember,
  APPLIED_LIMITS,
  applyDeskEvents,
  memberByKey,
  recordKnock,
  revokeMember,
  topUpLease,
  type QueueMember,
} from '../../../electron/core/queue/lan-host.js';
import { answerIsFromHost, NonceBook, signAnswer } from '../../../electron/core/queue/lan-sign.js';
import type { DeskEvent } from '../../../electron/core/queue/lan-wire.js';
import { callNext, cancelTicket, issueTicket } from '../../../electron/core/queue/tickets.js';

/**
 * The lease and reconcile rule of the queue host (electron/core/queue/lan-host.ts, top comment), on a real SQLite
 * file with a clock the test moves.
 */

let core: Core;
let dir: string;
const clock = { now: new Date('2026-12-03T07:00:00.000Z') };
const advance = (seconds: number) => {
  clock.now = new Date(clock.now.getTime() + seconds * 1000);
};
let n = 0;
const eventId = () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`;
const at = () => clock.now.toISOString();

function member(label: string, role: 'desk' | 'greeter' = 'desk'): QueueMember {
  const pair = generateStationKeyPair();
  recordKnock(core.ctx, pair.publicKey, label);
  admitMember(core.ctx, SYSTEM_ACTOR, { fingerprint: keyFingerprint(pair.publicKey), label, role });
  return memberByKey(core.ctx, pair.publicKey)!;
}
const issue = (priority = false) => {
  const t = issueTicket(core.ctx, SYSTEM_ACTOR, { householdSize: 2, language: 'hy', priority: priority ? ['disability'] : [], headName: '' });
  advance(60);
  return t;
};
const status = (id: string) => sql(core.ctx.db, 'SELECT status FROM queue_tickets WHERE id = ?').pluck<string>().get(id);
const calls = () => sql(core.ctx.db, 'SELECT count(*) FROM queue_calls').pluck<number>().get();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intake-lease-'));
  core = openCore({ dataDir: dir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Hub' }, now: () => clock.now });
});
afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('leases', () => {
  it('leases a desk the tickets the rule gives it next, to no other desk, and only grows while it talks', () => {
    const tickets = [issue(), issue(), issue(), issue(true), issue(), issue()];
    const a = member('Desk 1');
    const b = member('Desk 2');
    const leaseA = topUpLease(core.ctx, a).map((t) => t.id);
    // The priority ticket first, then the longest waiting.
    expect(leaseA).toEqual([tickets[3]!.id, tickets[0]!.id, tickets[1]!.id]);
    const leaseB = topUpLease(core.ctx, b).map((t) => t.id);
    expect(leaseB).toEqual([tickets[2]!.id, tickets[4]!.id, tickets[5]!.id]);
    // A new priority family: desk A's lease is full, and its lease is never taken back in an answer.
    const urgent = issue(true);
    expect(topUpLease(core.ctx, a).map((t) => t.id)).toEqual(leaseA);
    // The host's own desk calls the one ticket leased to nobody; then none is left for it.
    expect(callNext(core.ctx, 'Hub desk')?.id).toBe(urgent.id);
    expect(callNext(core.ctx, 'Hub desk')).toBeNull();
  });

  it('gives an expired lease back to the line, and a revoked desk’s lease at once', () => {
    issue();
    issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    expect(callNext(core.ctx, 'Hub desk')).toBeNull();
    advance(31 * 60);
    expect(callNext(core.ctx, 'Hub desk')).not.toBeNull();
    const b = member('Desk 2');
    topUpLease(core.ctx, b);
    expect(callNext(core.ctx, 'Hub desk 2')).toBeNull();
    revokeMember(core.ctx, SYSTEM_ACTOR, b.fingerprint);
    expect(callNext(core.ctx, 'Hub desk 2')).not.toBeNull();
  });
});

describe('reconcile', () => {
  it('applies each event once: sent again, it is answered "already" and changes nothing', () => {
    const t1 = issue();
    const t2 = issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    const events: DeskEvent[] = [
      { id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null },
      { id: eventId(), kind: 'call', ticket: t2.id, at: at(), ends: t1.id },
      { id: eventId(), kind: 'finish', ticket: t2.id, at: at(), householdId: null },
    ];
    const first = applyDeskEvents(core.ctx, a, events, at());
    expect(first.outcomes.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect([status(t1.id), status(t2.id), calls()]).toEqual(['served', 'served', 2]);
    const again = applyDeskEvents(core.ctx, a, events, at());
    expect(again.outcomes.map((o) => o.outcome)).toEqual(['already', 'already', 'already']);
    expect(calls()).toBe(2);
  });

  it('refuses a call of a ticket no longer waiting, and of one leased to another desk', () => {
    const t1 = issue();
    const t2 = issue();
    const a = member('Desk 1');
    const b = member('Desk 2');
    topUpLease(core.ctx, b);
    cancelTicket(core.ctx, SYSTEM_ACTOR, t1.id);
    const answer = applyDeskEvents(
      core.ctx,
      a,
      [
        { id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null },
        { id: eventId(), kind: 'call', ticket: t2.id, at: at(), ends: null },
      ],
      at(),
    );
    expect(answer.outcomes.map((o) => o.outcome)).toEqual(['conflict', 'conflict']);
    expect([status(t1.id), status(t2.id), calls()]).toEqual(['cancelled', 'waiting', 0]);
  });

  it('never applies a lost live call late, and puts back a ticket called at the desk that the desk never saw', () => {
    const t1 = issue();
    const t2 = issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    // The desk's live call reached the host, but the answer was lost: the host called t1 at Desk 1.
    const lost: DeskEvent = { id: eventId(), kind: 'callNext', at: at(), ends: null };
    expect(applyDeskEvents(core.ctx, a, [lost], at()).outcomes[0]!.ticket?.id).toBe(t1.id);
    // Cut off, the desk called t2 from its lease. Back in touch: the lost call stands (it was applied), t1 goes back
    // to its place in the line (its family was never served), and t2 is called.
    const back = applyDeskEvents(
      core.ctx,
      a,
      [
        { ...lost, unanswered: true },
        { id: eventId(), kind: 'call', ticket: t2.id, at: at(), ends: null },
      ],
      at(),
    );
    expect(back.outcomes.map((o) => o.outcome)).toEqual(['already', 'applied']);
    expect([status(t1.id), status(t2.id)]).toEqual(['waiting', 'called']);
    // A lost live call that never reached the host is never applied.
    const never = applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'callNext', at: at(), ends: t2.id, unanswered: true }], at());
    expect(never.outcomes[0]!.outcome).toBe('dropped');
    expect(status(t2.id)).toBe('called');
  });

  it('moves the events’ times by the difference between the clocks, never into the host’s future', () => {
    const t1 = issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    advance(5 * 60);
    // The desk's clock is 10 minutes behind; it called 2 minutes before it sent.
    const deskNow = new Date(clock.now.getTime() - 10 * 60_000);
    const calledAt = new Date(deskNow.getTime() - 2 * 60_000).toISOString();
    applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'call', ticket: t1.id, at: calledAt, ends: null }], deskNow.toISOString());
    const row = sql<{ at: string }>(core.ctx.db, 'SELECT at FROM queue_calls').get();
    expect(Date.parse(row!.at)).toBe(clock.now.getTime() - 2 * 60_000);
  });

  it('takes a call made while cut off only for a ticket leased to that desk then; reports the others and loses nothing else', () => {
    const [t1, t2, t3, t4] = [issue(), issue(), issue(), issue()];
    const a = member('Desk 1');
    const grantedAt = clock.now.getTime();
    expect(topUpLease(core.ctx, a).map((t) => t.id)).toEqual([t1!.id, t2!.id, t3!.id]);
    advance(5 * 60);
    const minutesAgo = (m: number) => new Date(clock.now.getTime() - m * 60_000).toISOString();
    const answer = applyDeskEvents(
      core.ctx,
      a,
      [
        { id: eventId(), kind: 'call', ticket: t1!.id, at: minutesAgo(4), ends: null },
        // Never leased to this desk (waiting, and leased to nobody): refused all the same.
        { id: eventId(), kind: 'call', ticket: t4!.id, at: minutesAgo(3), ends: t1!.id },
        // Leased to it, but dated before the lease was granted.
        { id: eventId(), kind: 'call', ticket: t2!.id, at: new Date(grantedAt - 10 * 60_000).toISOString(), ends: t4!.id },
        // Dated after the host's now.
        { id: eventId(), kind: 'call', ticket: t3!.id, at: new Date(clock.now.getTime() + 10 * 60_000).toISOString(), ends: null },
        { id: eventId(), kind: 'call', ticket: t2!.id, at: minutesAgo(1), ends: null },
      ],
      at(),
    );
    expect(answer.outcomes.map((o) => [o.outcome, o.reason])).toEqual([
      ['applied', undefined],
      ['conflict', 'not_leased'],
      ['conflict', 'not_leased'],
      ['conflict', 'future'],
      ['applied', undefined],
    ]);
    // The family at the desk when it called a ticket not its own was seen: served. Nothing else moved.
    expect([status(t1!.id), status(t2!.id), status(t3!.id), status(t4!.id), calls()]).toEqual(['served', 'called', 'waiting', 'waiting', 2]);
    const reported = sql<{ entity_id: string; detail: string }>(
      core.ctx.db,
      "SELECT entity_id, detail FROM audit_events WHERE action = 'queue.call_refused' ORDER BY seq",
    ).all();
    expect(reported.map((r) => [r.entity_id, (JSON.parse(r.detail) as { reason: string; desk: string }).reason])).toEqual([
      [t4!.id, 'not_leased'],
      [t2!.id, 'not_leased'],
      [t3!.id, 'future'],
    ]);
    expect(reported.map((r) => r.detail).join()).toContain('"desk":"Desk 1"');
  });

  it('judges a desk back after its lease ended by the lease it had', () => {
    const t1 = issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    advance(10 * 60);
    const calledAt = at();
    // Gone for an hour: the lease ended (the ticket is leased to nobody now), but the call was made within it.
    advance(60 * 60);
    const back = applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'call', ticket: t1.id, at: calledAt, ends: null }], at());
    expect(back.outcomes[0]!.outcome).toBe('applied');
    // A call made after the lease ended is refused.
    const t2 = issue();
    const b = member('Desk 2');
    topUpLease(core.ctx, b);
    advance(45 * 60);
    const late = applyDeskEvents(core.ctx, b, [{ id: eventId(), kind: 'call', ticket: t2.id, at: at(), ends: null }], at());
    expect([late.outcomes[0]!.outcome, late.outcomes[0]!.reason]).toEqual(['conflict', 'not_leased']);
  });

  it('takes only desks’ events, from members', () => {
    const greeter = member('Door', 'greeter');
    expect(greeter.prefix).toMatch(/^[A-Z0-9]{1,3}$/);
    expect(() => applyDeskEvents(core.ctx, greeter, [], at())).toThrow(/Only a desk/);
  });
});

describe('what a member may not do (a review of the host)', () => {
  it('refuses another desk’s event id: the real event is applied when its desk sends it, and its ticket is not shown', () => {
    const t1 = issue();
    issue();
    const a = member('Desk 1');
    const b = member('Desk 2');
    topUpLease(core.ctx, a);
    const heard: DeskEvent = { id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null };
    expect(() => applyDeskEvents(core.ctx, b, [{ ...heard, kind: 'finish', householdId: null }], at())).not.toThrow();
    // The id is now b's: a's own event with it is refused, not answered "already" with b's ticket.
    expect(() => applyDeskEvents(core.ctx, a, [heard], at())).toThrow(/another station/);
    const other: DeskEvent = { id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null };
    expect(applyDeskEvents(core.ctx, a, [other], at()).outcomes[0]!.outcome).toBe('applied');
    expect(() => applyDeskEvents(core.ctx, b, [other], at())).toThrow(/another station/);
  });

  it('gives a desk removed while its request was read nothing: no event applied, no lease back', () => {
    const t1 = issue();
    issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    // The request read the member before the supervisor removed it.
    revokeMember(core.ctx, SYSTEM_ACTOR, a.fingerprint);
    expect(() => applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null }], at())).toThrow(/removed/);
    expect(topUpLease(core.ctx, a)).toEqual([]);
    expect(sql(core.ctx.db, 'SELECT count(*) FROM queue_leases').pluck<number>().get()).toBe(0);
    expect(status(t1.id)).toBe('waiting');
  });

  it('puts the ticket called at a removed desk back in its place in the line', () => {
    const t1 = issue();
    const t2 = issue();
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'call', ticket: t1.id, at: at(), ends: null }], at());
    expect(status(t1.id)).toBe('called');
    revokeMember(core.ctx, SYSTEM_ACTOR, a.fingerprint);
    const row = sql<{ status: string; called_desk: string | null; calls: number }>(
      core.ctx.db,
      'SELECT status, called_desk, calls FROM queue_tickets WHERE id = ?',
    ).get(t1.id);
    expect(row).toEqual({ status: 'waiting', called_desk: null, calls: 1 });
    // First in the line again, before the ticket issued after it.
    expect(callNext(core.ctx, 'Hub desk')?.id).toBe(t1.id);
    expect(status(t2.id)).toBe('waiting');
  });

  it('forgets applied events past their age and beyond the cap, and refuses an event older than what it remembers', () => {
    const tickets = [issue(), issue(), issue(), issue()];
    const a = member('Desk 1');
    topUpLease(core.ctx, a);
    const applied = () => sql(core.ctx.db, 'SELECT count(*) FROM queue_applied').pluck<number>().get();
    const first: DeskEvent = { id: eventId(), kind: 'call', ticket: tickets[0]!.id, at: at(), ends: null };
    const finish: DeskEvent = { id: eventId(), kind: 'finish', ticket: tickets[0]!.id, at: at(), householdId: null };
    applyDeskEvents(core.ctx, a, [first, finish], at());
    expect(applied()).toBe(2);
    // Three days on, the next request forgets them; the same events sent again (a desk's old outbox, or a request
    // heard long ago) are refused as too old, and nothing is applied twice.
    advance(3 * 24 * 3600);
    const callsBefore = calls();
    const again = applyDeskEvents(core.ctx, a, [first, finish], at());
    expect(again.outcomes.map((o) => [o.outcome, o.reason])).toEqual([
      ['conflict', 'too_old'],
      ['conflict', 'too_old'],
    ]);
    expect([applied(), calls()]).toEqual([0, callsBefore]);

    // Beyond the cap the oldest go, and what they were cannot be applied again either.
    const limits = { ...APPLIED_LIMITS };
    APPLIED_LIMITS.max = 2;
    APPLIED_LIMITS.checkEveryMs = 0;
    try {
      const more = [issue(), issue(), issue()];
      topUpLease(core.ctx, a);
      const sent: DeskEvent[] = [];
      for (const t of more) {
        advance(10);
        const e: DeskEvent = { id: eventId(), kind: 'call', ticket: t.id, at: at(), ends: null };
        sent.push(e);
        applyDeskEvents(core.ctx, a, [e], at());
      }
      // Four remembered, the cap is two: the next request forgets the two oldest.
      advance(10);
      applyDeskEvents(core.ctx, a, [{ id: eventId(), kind: 'noShow', ticket: more[2]!.id, at: at() }], at());
      expect(applied()).toBeLessThanOrEqual(APPLIED_LIMITS.max + 1);
      const callsNow = calls();
      const resent = applyDeskEvents(core.ctx, a, [sent[0]!], at());
      expect([resent.outcomes[0]!.outcome, resent.outcomes[0]!.reason]).toEqual(['conflict', 'too_old']);
      expect(calls()).toBe(callsNow);
      // What is still remembered is answered "already", as before.
      expect(applyDeskEvents(core.ctx, a, [sent[2]!], at()).outcomes[0]!.outcome).toBe('already');
    } finally {
      Object.assign(APPLIED_LIMITS, limits);
    }
  });

  it('admits no member under the host’s own desk name (leases and calls are kept by desk name)', () => {
    const pair = generateStationKeyPair();
    recordKnock(core.ctx, pair.publicKey, 'Hub');
    expect(() => admitMember(core.ctx, SYSTEM_ACTOR, { fingerprint: keyFingerprint(pair.publicKey), label: 'Hub', role: 'desk' })).toThrow(
      /This station itself/,
    );
  });
});

describe('signatures and nonces', () => {
  it('a desk takes an answer only from the host it pinned, for its own request', () => {
    const host = generateStationKeyPair();
    const headers = signAnswer(host, 200, 'nonce-1', '{}');
    const fp = keyFingerprint(host.publicKey);
    expect(answerIsFromHost(fp, headers['x-queue-key'], headers['x-queue-signature'], 200, 'nonce-1', '{}')).toBe(true);
    expect(answerIsFromHost(fp.toUpperCase().replaceAll(' ', '-'), headers['x-queue-key'], headers['x-queue-signature'], 200, 'nonce-1', '{}')).toBe(true);
    expect(answerIsFromHost(fp, headers['x-queue-key'], headers['x-queue-signature'], 200, 'nonce-2', '{}')).toBe(false);
    expect(answerIsFromHost(fp, headers['x-queue-key'], headers['x-queue-signature'], 403, 'nonce-1', '{}')).toBe(false);
    expect(
      answerIsFromHost(keyFingerprint(generateStationKeyPair().publicKey), headers['x-queue-key'], headers['x-queue-signature'], 200, 'nonce-1', '{}'),
    ).toBe(false);
  });

  it('remembers nonces in bounded memory, forgetting those whose requests are stale anyway', () => {
    const book = new NonceBook(1000, 3);
    expect(book.remember('a', 0, 0)).toBe('new');
    expect(book.remember('a', 0, 10)).toBe('replayed');
    book.remember('b', 0, 10);
    book.remember('c', 0, 10);
    expect(book.remember('d', 20, 20)).toBe('full');
    // Past the window, the oldest make room.
    expect(book.remember('d', 2000, 2000)).toBe('new');
    expect(book.size).toBeLessThanOrEqual(3);
  });
});
