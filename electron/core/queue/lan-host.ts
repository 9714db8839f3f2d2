import { localDate } from '../../rules/age.js';
import type { QueueMemberView, QueueTicketView } from '../../api/views-queue.js';
import { appendAudit } from '../audit/trail.js';
import { keyFingerprint } from '../batch/raw-keys.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import type { Actor, CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { byStanding, callableBy, nextTicket } from './calling.js';
import type { DeskAnswer, DeskEvent, DoorTicket, IssuedAnswer, Outcome } from './lan-wire.js';
import { normaliseFingerprint } from './lan-sign.js';
import {
  asWaiting,
  callTicket,
  deskName,
  deskState,
  finishTicket,
  markNoShow,
  OFFLINE_SEQ_FROM,
  OFFLINE_SEQ_TO,
  queuePrefix,
  recallTicket,
  skipTicket,
  ticketNumber,
  ticketRow,
  view,
  waitingFor,
} from './tickets.js';

/**
 * The queue host's side of "one centre, many desks" (issue 17; docs/queue-host.md): its members, the tickets it
 * leases to desks, and the desk events it applies.
 *
 * THE LEASE AND RECONCILE RULE
 * 1. Whenever a desk member talks to the host, the host tops up the desk's lease to `leaseSize` tickets: the
 *    waiting tickets the calling rule would give that desk next, among those leased to no other desk, and renews
 *    the lease for `leaseMinutes`. A ticket leased to a desk is given to no other desk (calls, the host's own desk,
 *    a supervisor's send-to-desk) until that desk calls it, skips it, or the lease expires.
 * 2. A lease only grows while the desk talks to the host; it is never taken back in an answer (an answer can be
 *    lost, and the desk would then call a ticket it no longer held). It shrinks when the desk calls or skips its
 *    tickets, when it expires (a desk gone for longer than `leaseMinutes`), or when the desk's member is revoked.
 * 3. A desk cut off calls from its copy of the lease, by the same rule, only while its copy is younger than the lease
 *    minutes by its own clock counted from before it asked (so it always stops before the host's lease ends), and
 *    records each call, recall, skip, no-show and finish as an event with an id and its time.
 * 4. Back in touch, the desk sends its events in order; the host applies each once (by id: a resent event is
 *    answered `already`), at its time moved by the difference between the two clocks. A call of a named ticket is
 *    applied only if the ticket was leased to this desk at that time (`queue_lease_grants`), the time is neither
 *    before the lease was granted nor after the host's now (CLOCK_SLACK_MS), and the ticket still waits; otherwise
 *    it is refused as a `conflict` with its reason, audited (`queue.call_refused`), and changes nothing but ending
 *    the ticket the desk says it was serving. A live call whose answer never came is applied only if the host had
 *    applied it already, never late.
 * 5. A call ends the ticket the desk says it was serving; any other ticket called at that desk that the desk never
 *    saw (the lost answer of rule 4) goes back to its place in the line, so no family is marked served unseen.
 * Nothing is lost (every event is applied or answered with why not) and nothing is doubled (a ticket is leased to
 * one desk at a time, an event is applied once).
 */

export const QUEUE_LAN_SETTINGS = {
  /** On the queue host: the address and port it listens on for desks ("0.0.0.0:8470"); empty means it does not. */
  listen: 'queue.host.listen',
  /** On a desk or greeter: the queue host's address ("http://10.0.0.5:8470") and its station key's fingerprint. */
  hostUrl: 'queue.host.url',
  hostFingerprint: 'queue.host.fingerprint',
  leaseSize: 'queue.lease.size',
  leaseMinutes: 'queue.lease.minutes',
} as const;

export const LEASE_DEFAULTS = { size: 3, minutes: 30 };
/** Keys that asked to join and were not admitted yet: the oldest go first beyond this. */
const MAX_PENDING = 50;
const MINUTE = 60_000;
/** How long the host remembers a lease it granted after the lease ended (rule 4 judges late calls by it). */
const GRANT_KEPT_MS = 24 * 60 * MINUTE;
/**
 * How far a desk's event time, moved to the host's clock, may lie outside what is possible (after the host's now, or
 * before the lease of the ticket it calls was granted) and still be taken, pulled within: the time a request takes on
 * the network, and a clock that moved a little while the desk was cut off.
 */
export const CLOCK_SLACK_MS = 5_000;
/**
 * The desk events applied are remembered (by id, so a resent event is answered `already`) for two days, and at most
 * APPLIED_MAX of them. An event older than what is remembered cannot be told from one applied before: it is refused
 * (`too_old`), never applied again. The oldest time still remembered is kept in the settings (`queue.applied.since`).
 */
export const APPLIED_KEPT_MS = 2 * 24 * 60 * MINUTE;
export const APPLIED_LIMITS = { max: 100_000, checkEveryMs: 60_000 };
const APPLIED_SINCE = 'queue.applied.since';
const lastSizeCheck = new WeakMap<object, number>();

/** Forgets applied events past their age, and the oldest beyond the cap; answers the oldest time still remembered. */
export function pruneApplied(ctx: CoreContext): number {
  const now = ctx.now().getTime();
  const byAge = new Date(now - APPLIED_KEPT_MS).toISOString();
  let since = readSetting(ctx.db, APPLIED_SINCE) ?? '';
  sql(ctx.db, 'DELETE FROM queue_applied WHERE at < ?').run(byAge);
  if (now - (lastSizeCheck.get(ctx.db) ?? -Infinity) >= APPLIED_LIMITS.checkEveryMs) {
    lastSizeCheck.set(ctx.db, now);
    // The time of the newest row that is one too many (through the index by time; nothing when within the cap).
    const over = sql(ctx.db, `SELECT at FROM queue_applied INDEXED BY queue_applied_at ORDER BY at DESC LIMIT 1 OFFSET ?`)
      .pluck<string>()
      .get(APPLIED_LIMITS.max);
    if (over !== undefined) {
      sql(ctx.db, 'DELETE FROM queue_applied WHERE at <= ?').run(over);
      // Events at that time or before can no longer be told from applied ones.
      const next = new Date(Date.parse(over) + 1).toISOString();
      if (next > since) {
        since = next;
        writeSetting(ctx.db, APPLIED_SINCE, since);
      }
    }
  }
  return Math.max(Date.parse(byAge), since ? Date.parse(since) : -Infinity);
}

export function leaseSize(ctx: CoreContext): number {
  const n = Number(readSetting(ctx.db, QUEUE_LAN_SETTINGS.leaseSize));
  return Number.isInteger(n) && n >= 0 && n <= 20 ? n : LEASE_DEFAULTS.size;
}

export function leaseMinutes(ctx: CoreContext): number {
  const n = Number(readSetting(ctx.db, QUEUE_LAN_SETTINGS.leaseMinutes));
  return Number.isInteger(n) && n >= 1 && n <= 240 ? n : LEASE_DEFAULTS.minutes;
}

// ---------------------------------------------------------------------------
// Members.

/** A member as the host keeps it: what the supervisor's list shows, with the key itself. */
export interface QueueMember extends QueueMemberView {
  publicKey: string;
  revokedAt: string | null;
  /** When the host last took a request of this member (before the one being handled). */
  lastSeenAt: string | null;
}

interface MemberRow {
  public_key: string;
  fingerprint: string;
  label: string;
  role: 'desk' | 'greeter' | null;
  prefix: string | null;
  status: 'pending' | 'member' | 'revoked';
  asked_at: string;
  admitted_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
}

const asMember = (r: MemberRow): QueueMember => ({
  publicKey: r.public_key,
  fingerprint: r.fingerprint,
  label: r.label,
  role: r.role,
  prefix: r.prefix,
  status: r.status,
  askedAt: r.asked_at,
  admittedAt: r.admitted_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
});

export function memberByKey(ctx: CoreContext, publicKey: string): QueueMember | undefined {
  const row = sql<MemberRow>(ctx.db, 'SELECT * FROM queue_members WHERE public_key = ?').get(publicKey);
  return row ? asMember(row) : undefined;
}

export function listMembers(ctx: CoreContext): QueueMember[] {
  return sql<MemberRow>(ctx.db, "SELECT * FROM queue_members ORDER BY status = 'member' DESC, status = 'pending' DESC, label, fingerprint").all().map(asMember);
}

/** A key that signed a request and is no member: kept as pending for a supervisor to admit by its fingerprint. */
export function recordKnock(ctx: CoreContext, publicKey: string, label: string): void {
  const clean = label
    .replace(/[\p{C}]/gu, '')
    .trim()
    .slice(0, 40);
  const asked = ctx.db.transaction(() => {
    const known = sql(ctx.db, 'SELECT status FROM queue_members WHERE public_key = ?').pluck<string>().get(publicKey);
    if (known !== undefined) {
      if (known === 'pending')
        sql(ctx.db, 'UPDATE queue_members SET label = ?, asked_at = ? WHERE public_key = ?').run(clean, ctx.now().toISOString(), publicKey);
      return false;
    }
    sql(ctx.db, "INSERT INTO queue_members (public_key, fingerprint, label, status, asked_at) VALUES (?, ?, ?, 'pending', ?)").run(
      publicKey,
      keyFingerprint(publicKey),
      clean,
      ctx.now().toISOString(),
    );
    sql(
      ctx.db,
      `DELETE FROM queue_members WHERE status = 'pending' AND public_key NOT IN
      (SELECT public_key FROM queue_members WHERE status = 'pending' ORDER BY asked_at DESC LIMIT ${MAX_PENDING})`,
    ).run();
    return true;
  })();
  // Screens are told when a station first asks, not at every knock (a stranger knocking often moves no screen).
  if (asked) ctx.changed(['queue']);
}

const PREFIX = /^[A-Z0-9]{1,3}$/;

function freePrefix(ctx: CoreContext): string {
  const taken = new Set([queuePrefix(ctx), ...sql(ctx.db, 'SELECT prefix FROM queue_members WHERE prefix IS NOT NULL').pluck<string>().all()]);
  for (const letter of 'ABCDEFGHJKLMNPRSTUVWXYZ') if (!taken.has(letter)) return letter;
  for (let n = 2; n < 1000; n++) if (!taken.has(`G${n}`)) return `G${n}`;
  throw new CoreError('conflict', 'No ticket prefix is left for another greeter.');
}

export interface AdmitMember {
  fingerprint: string;
  label: string;
  role: 'desk' | 'greeter';
  /** A greeter's ticket prefix; the host picks a free one when it is not given. */
  prefix?: string | undefined;
}

/**
 * Admits the key with this fingerprint (read aloud by the desk's operator) as a desk or a greeter. Only a key that
 * has asked (a signed request reached the host) can be admitted: the host then holds the key itself, not a word of it.
 */
export function admitMember(ctx: CoreContext, actor: Actor, input: AdmitMember): QueueMember {
  const fingerprint = normaliseFingerprint(input.fingerprint);
  const label = input.label.trim();
  if (!fingerprint) throw new CoreError('invalid_input', 'A fingerprint is 32 hexadecimal digits, in 8 groups of 4.');
  if (!label) throw new CoreError('invalid_input', 'Give the desk or greeter a name.');
  const key = ctx.db.transaction(() => {
    const row = sql<MemberRow>(ctx.db, 'SELECT * FROM queue_members WHERE fingerprint = ?').get(fingerprint);
    if (!row) throw new CoreError('not_found', 'No station with this fingerprint has asked to join. Let it try to reach this host first.');
    let prefix: string | null = null;
    if (input.role === 'greeter') {
      prefix = input.prefix ? input.prefix.trim().toUpperCase() : (row.prefix ?? freePrefix(ctx));
      if (!PREFIX.test(prefix)) throw new CoreError('invalid_input', 'A prefix is 1 to 3 capital letters or digits.');
      const other = sql(ctx.db, 'SELECT count(*) FROM queue_members WHERE prefix = ? AND public_key <> ?').pluck<number>().get(prefix, row.public_key)!;
      if (other > 0 || prefix === queuePrefix(ctx)) throw new CoreError('conflict', `The prefix ${prefix} is another greeter's.`);
    }
    const clash = sql(ctx.db, "SELECT count(*) FROM queue_members WHERE status = 'member' AND label = ? AND public_key <> ?")
      .pluck<number>()
      .get(label, row.public_key)!;
    if (clash > 0) throw new CoreError('conflict', `Another member is already called ${label}.`);
    // Leases and calls are kept by desk name: the host's own desk name is taken too.
    if (label === deskName(ctx)) throw new CoreError('conflict', `This station itself is called ${label} in the queue.`);
    sql(
      ctx.db,
      `UPDATE queue_members SET status = 'member', role = ?, label = ?, prefix = ?, admitted_at = ?, admitted_by = ?, revoked_at = NULL
      WHERE public_key = ?`,
    ).run(input.role, label, prefix, ctx.now().toISOString(), actor.name, row.public_key);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'queue.member_admitted',
      entity: 'queue_member',
      entityId: fingerprint,
      detail: { label, role: input.role, prefix },
    });
    return row.public_key;
  })();
  ctx.changed(['queue']);
  return memberByKey(ctx, key)!;
}

/** Ends a member's access at once; the tickets leased to it, and the one called at it, go back to the line. */
export function revokeMember(ctx: CoreContext, actor: Actor, fingerprintText: string): QueueMember {
  const fingerprint = normaliseFingerprint(fingerprintText);
  const key = ctx.db.transaction(() => {
    const row = sql<MemberRow>(ctx.db, 'SELECT * FROM queue_members WHERE fingerprint = ?').get(fingerprint);
    if (!row) throw new CoreError('not_found', 'No member has this fingerprint.');
    if (row.status === 'pending') {
      sql(ctx.db, 'DELETE FROM queue_members WHERE public_key = ?').run(row.public_key);
      return undefined;
    }
    sql(ctx.db, "UPDATE queue_members SET status = 'revoked', revoked_at = ? WHERE public_key = ?").run(ctx.now().toISOString(), row.public_key);
    sql(ctx.db, 'DELETE FROM queue_leases WHERE member_key = ?').run(row.public_key);
    // The family called at a removed desk is never finished there: its ticket goes back to its place in the line, to
    // be called again (the call stays in the day's log).
    const returned =
      row.status === 'member' && row.role === 'desk'
        ? sql(ctx.db, "UPDATE queue_tickets SET status = 'waiting', called_desk = NULL, called_at = NULL WHERE status = 'called' AND called_desk = ?").run(
            row.label,
          ).changes
        : 0;
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'queue.member_revoked',
      entity: 'queue_member',
      entityId: fingerprint,
      detail: { label: row.label, role: row.role, returned },
    });
    return row.public_key;
  })();
  ctx.changed(['queue']);
  return key
    ? memberByKey(ctx, key)!
    : { publicKey: '', fingerprint, label: '', role: null, prefix: null, status: 'revoked', askedAt: '', admittedAt: null, revokedAt: null, lastSeenAt: null };
}

// ---------------------------------------------------------------------------
// Leases.

/** Rule 1: drop what no longer counts, renew the desk's lease and top it up to the lease size. */
export function topUpLease(ctx: CoreContext, member: QueueMember): QueueTicketView[] {
  const desk = member.label;
  const now = ctx.now();
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMinutes(ctx) * MINUTE).toISOString();
  const day = localDate(now);
  return ctx.db.transaction(() => {
    // A desk removed while its request was being read gets no lease (its old one went with the removal).
    if (sql(ctx.db, 'SELECT status FROM queue_members WHERE public_key = ?').pluck<string>().get(member.publicKey) !== 'member') return [];
    sql(ctx.db, 'DELETE FROM queue_leases WHERE expires_at <= ?').run(at);
    // A grant is kept a day after its lease ended: a desk cut off longer than that has nothing to reconcile.
    sql(ctx.db, 'DELETE FROM queue_lease_grants WHERE until <= ?').run(new Date(now.getTime() - GRANT_KEPT_MS).toISOString());
    // Called, finished, cancelled, or skipped by this desk: no longer the desk's to call.
    const held = sql<{ id: string; status: string; for_desk: string | null; skipped_by: string }>(
      ctx.db,
      `SELECT t.id, t.status, t.for_desk, t.skipped_by FROM queue_leases l JOIN queue_tickets t ON t.id = l.ticket_id WHERE l.member_key = ?`,
    ).all(member.publicKey);
    for (const h of held) {
      const skipped = h.skipped_by === '' ? [] : h.skipped_by.split(',');
      if (h.status !== 'waiting' || !callableBy({ id: h.id, issuedAt: 0, priority: false, forDesk: h.for_desk ?? undefined, skippedBy: skipped }, desk)) {
        sql(ctx.db, 'DELETE FROM queue_leases WHERE ticket_id = ?').run(h.id);
      }
    }
    sql(ctx.db, 'UPDATE queue_leases SET expires_at = ?, desk = ? WHERE member_key = ?').run(until, desk, member.publicKey);
    sql(
      ctx.db,
      `UPDATE queue_lease_grants SET until = ? WHERE member_key = ?
      AND (ticket_id, granted_at) IN (SELECT ticket_id, leased_at FROM queue_leases WHERE member_key = ?)`,
    ).run(until, member.publicKey, member.publicKey);
    const have = new Set(sql(ctx.db, 'SELECT ticket_id FROM queue_leases WHERE member_key = ?').pluck<string>().all(member.publicKey));
    const need = leaseSize(ctx) - have.size;
    if (need > 0) {
      const free = sql(ctx.db, 'SELECT ticket_id FROM queue_leases').pluck<string>().all();
      const taken = new Set(free);
      const candidates = waitingFor(ctx, day, desk, at)
        .filter((r) => !taken.has(r.id))
        .map(asWaiting)
        .filter((t) => callableBy(t, desk))
        .sort(byStanding(now.getTime()))
        .slice(0, need);
      const insert = sql(ctx.db, 'INSERT INTO queue_leases (ticket_id, desk, member_key, leased_at, expires_at) VALUES (?, ?, ?, ?, ?)');
      const grant = sql(ctx.db, 'INSERT OR REPLACE INTO queue_lease_grants (ticket_id, member_key, granted_at, until) VALUES (?, ?, ?, ?)');
      for (const t of candidates) {
        insert.run(t.id, desk, member.publicKey, at, until);
        grant.run(t.id, member.publicKey, at, until);
      }
    }
    return leasedTo(ctx, member);
  })();
}

/** The tickets leased to a member now, best first by the rule. */
export function leasedTo(ctx: CoreContext, member: QueueMember): QueueTicketView[] {
  const ids = sql(ctx.db, 'SELECT ticket_id FROM queue_leases WHERE member_key = ?').pluck<string>().all(member.publicKey);
  const rows = ids.map((id) => ticketRow(ctx, id));
  const order = byStanding(ctx.now().getTime());
  return rows
    .map((row) => ({ row, w: asWaiting(row) }))
    .sort((a, b) => order(a.w, b.w))
    .map(({ row }) => view(ctx, row, null));
}

// ---------------------------------------------------------------------------
// Desk events (rules 4 and 5).

/** Rule 5: ends the ticket the desk says it served; puts back any other ticket called at the desk that it never saw. */
function endFor(ctx: CoreContext, desk: string, ends: string | null, at: string): void {
  const called = sql(ctx.db, "SELECT id FROM queue_tickets WHERE status = 'called' AND called_desk = ?").pluck<string>().all(desk);
  for (const id of called) {
    if (id === ends) sql(ctx.db, "UPDATE queue_tickets SET status = 'served', finished_at = ? WHERE id = ?").run(at, id);
    else sql(ctx.db, "UPDATE queue_tickets SET status = 'waiting', called_desk = NULL, called_at = NULL WHERE id = ?").run(id);
  }
}

function leasedElsewhere(ctx: CoreContext, id: string, member: QueueMember, at: string): boolean {
  return (
    sql(ctx.db, 'SELECT count(*) FROM queue_leases WHERE ticket_id = ? AND member_key <> ? AND expires_at > ?').pluck<number>().get(id, member.publicKey, at)! >
    0
  );
}

/** Why the host refused a desk's call of a named ticket (rule 4), as the desk's answer and the audit say it. */
export type CallRefusal = 'not_leased' | 'not_waiting' | 'future' | 'too_old';

class CallRefused extends CoreError {
  constructor(
    readonly reason: CallRefusal,
    message: string,
  ) {
    super('conflict', message);
  }
}

/** Whether the ticket was leased to this member at this time (by a grant it was given, and still within it). */
function leasedToAt(ctx: CoreContext, id: string, member: QueueMember, at: string): boolean {
  const t = Date.parse(at);
  const grantedBy = new Date(t + CLOCK_SLACK_MS).toISOString();
  const stillAt = new Date(t - CLOCK_SLACK_MS).toISOString();
  return (
    sql(ctx.db, 'SELECT count(*) FROM queue_lease_grants WHERE ticket_id = ? AND member_key = ? AND granted_at <= ? AND until >= ?')
      .pluck<number>()
      .get(id, member.publicKey, grantedBy, stillAt)! > 0
  );
}

function applyOne(ctx: CoreContext, member: QueueMember, event: DeskEvent, at: string): string | null {
  const desk = member.label;
  switch (event.kind) {
    case 'callNext': {
      endFor(ctx, desk, event.ends, at);
      const next = nextTicket(waitingFor(ctx, localDate(new Date(at)), desk, at).map(asWaiting), desk, Date.parse(at));
      if (!next) return null;
      callTicket(ctx, next.id, desk, at);
      return next.id;
    }
    case 'call': {
      const row = ticketRow(ctx, event.ticket);
      // Called while cut off: only a ticket leased to this desk at that time (rule 4).
      if (!leasedToAt(ctx, row.id, member, at)) throw new CallRefused('not_leased', 'This ticket was not leased to this desk when it was called.');
      if (row.status !== 'waiting' || !callableBy(asWaiting(row), desk) || leasedElsewhere(ctx, row.id, member, at)) {
        throw new CallRefused('not_waiting', 'This ticket is no longer waiting for this desk.');
      }
      endFor(ctx, desk, event.ends, at);
      callTicket(ctx, row.id, desk, at);
      return row.id;
    }
    case 'recall':
      recallTicket(ctx, event.ticket, desk, at);
      return event.ticket;
    case 'skip':
      skipTicket(ctx, event.ticket, desk);
      return event.ticket;
    case 'noShow':
      markNoShow(ctx, event.ticket, desk, at);
      return event.ticket;
    case 'finish':
      finishTicket(ctx, event.ticket, desk, event.householdId, at);
      return event.ticket;
  }
}

/**
 * A call the host refused (rule 4), reported in the host's audit trail with the ticket's number (no name). The family
 * the desk says it was serving when it called was seen all the same: that ticket is ended as served, and nothing
 * else moves (rule 5's putting back is for calls the host applies).
 */
function refusedCall(ctx: CoreContext, member: QueueMember, id: string, ends: string | null, reason: CallRefusal, at: string): void {
  const number = sql<{ number: string }>(ctx.db, "SELECT prefix || '-' || printf('%03d', seq) AS number FROM queue_tickets WHERE id = ?").get(id)?.number;
  appendAudit(ctx.db, {
    at: ctx.now().toISOString(),
    operator: member.label,
    action: 'queue.call_refused',
    entity: 'queue_ticket',
    entityId: id,
    detail: { desk: member.label, number: number ?? null, reason, calledAt: at },
  });
  if (ends) {
    sql(ctx.db, "UPDATE queue_tickets SET status = 'served', finished_at = ? WHERE id = ? AND status = 'called' AND called_desk = ?").run(
      at,
      ends,
      member.label,
    );
  }
}

/**
 * Applies a desk's events in order, each once, then tops up its lease. `sentAt` is the desk's clock when it sent
 * them: their times are moved by the difference to the host's clock, and never into the host's future.
 */
export function applyDeskEvents(ctx: CoreContext, member: QueueMember, events: readonly DeskEvent[], sentAt: string): DeskAnswer {
  if (member.status !== 'member' || member.role !== 'desk') throw new CoreError('forbidden', 'Only a desk member calls tickets.');
  const now = ctx.now().getTime();
  const skew = now - Date.parse(sentAt);
  const outcomes: DeskAnswer['outcomes'] = [];
  const remembered = events.length > 0 ? ctx.db.transaction(() => pruneApplied(ctx))() : 0;
  for (const event of events) {
    const moved = Date.parse(event.at) + skew;
    const at = new Date(Math.min(now, moved)).toISOString();
    const result = ctx.db.transaction((): { outcome: Outcome; ticket: string | null; reason?: CallRefusal | undefined } => {
      // Still a member now (a desk removed while its request was read applies nothing and gets no lease back).
      const status = sql(ctx.db, 'SELECT status FROM queue_members WHERE public_key = ?').pluck<string>().get(member.publicKey);
      if (status !== 'member') throw new CoreError('forbidden', 'This station was removed from the queue host.');
      const done = sql<{ outcome: string; ticket_id: string | null; member_key: string }>(
        ctx.db,
        'SELECT outcome, ticket_id, member_key FROM queue_applied WHERE event_id = ?',
      ).get(event.id);
      // An event id is its desk's: another desk's id (heard on the network) neither stops that event nor shows its ticket.
      if (done && done.member_key !== member.publicKey) throw new CoreError('conflict', 'This event id was used by another station.');
      if (done) return { outcome: 'already', ticket: done.ticket_id, reason: undefined };
      // Older than what the host remembers (with the slack of the clocks' difference measured again): it may have been
      // applied, so it is not applied now (nor remembered).
      if (moved < remembered + CLOCK_SLACK_MS) return { outcome: 'conflict', ticket: null, reason: 'too_old' };
      let outcome: Outcome = 'applied';
      let ticket: string | null = null;
      let reason: CallRefusal | undefined;
      if (event.kind === 'callNext' && event.unanswered) outcome = 'dropped';
      else {
        try {
          // A time after the host's now (past the slack) cannot be a call the desk made: it is not taken.
          if (event.kind === 'call' && moved > now + CLOCK_SLACK_MS) throw new CallRefused('future', 'This call is dated after the host’s time.');
          ticket = ctx.db.transaction(() => applyOne(ctx, member, event, at))();
        } catch (error) {
          if (!(error instanceof CoreError)) throw error;
          outcome = 'conflict';
          ticket = 'ticket' in event ? event.ticket : null;
          if (error instanceof CallRefused && event.kind === 'call') {
            reason = error.reason;
            refusedCall(ctx, member, event.ticket, event.ends, reason, at);
          }
        }
      }
      sql(ctx.db, 'INSERT INTO queue_applied (event_id, member_key, outcome, ticket_id, at) VALUES (?, ?, ?, ?, ?)').run(
        event.id,
        member.publicKey,
        outcome,
        ticket,
        new Date(now).toISOString(),
      );
      return { outcome, ticket, reason };
    })();
    let ticketView: QueueTicketView | null = null;
    if (result.ticket !== null) {
      try {
        ticketView = view(ctx, ticketRow(ctx, result.ticket), null);
      } catch {
        ticketView = null;
      }
    }
    outcomes.push({ id: event.id, outcome: result.outcome, ticket: ticketView, ...(result.reason ? { reason: result.reason } : {}) });
  }
  const lease = topUpLease(ctx, member);
  if (events.length > 0) ctx.changed(['queue']);
  const state = deskState(ctx, member.label);
  return { outcomes, lease, leaseMinutes: leaseMinutes(ctx), current: state.current, waiting: state.waiting, desk: member.label };
}

// ---------------------------------------------------------------------------
// A greeter's tickets issued while cut off.

/** Notes that the host took a request of this member now (its next tickets issued while cut off are dated after). */
export function memberSeen(ctx: CoreContext, member: QueueMember): void {
  sql(ctx.db, 'UPDATE queue_members SET last_seen_at = ? WHERE public_key = ?').run(ctx.now().toISOString(), member.publicKey);
}

/**
 * Takes in the tickets a greeter issued while cut off, each once (by id): numbered from its own prefix's block for
 * that (OFFLINE_SEQ_FROM and up; online numbers stay below), so no number clashes with another's. A ticket whose
 * number is already taken that day (by another ticket id) is refused as a `conflict` and changes nothing. It is taken
 * in on the host's today (a ticket issued before midnight and sent after it too, its own day in carried_from). Its time is
 * moved by the difference between the two clocks, never into the host's future, and never before the host last heard
 * from the greeter (it issues by itself only once cut off: an earlier time would put the family ahead of those the
 * host has seen come since); it keeps its place in the line by that time. A ticket issued while cut off for a press
 * (`requestId`) the host had issued a ticket for online (the greeter never had its answer) takes that ticket's place.
 */
export function applyDoorTickets(ctx: CoreContext, member: QueueMember, tickets: readonly DoorTicket[], sentAt: string): IssuedAnswer {
  if (member.status !== 'member' || member.role !== 'greeter' || !member.prefix) throw new CoreError('forbidden', 'Only a greeter issues tickets.');
  const prefix = member.prefix;
  const actorId = `queue-member:${member.fingerprint}`;
  const now = ctx.now().getTime();
  const skew = now - Date.parse(sentAt);
  const today = localDate(ctx.now());
  const outcomes: IssuedAnswer['outcomes'] = [];
  for (const t of tickets) {
    // A refused ticket is one the greeter printed: it is kept in the audit trail (number and why, no name).
    const refused = (why: 'other_station' | 'day' | 'number_range' | 'number_taken'): 'conflict' => {
      appendAudit(ctx.db, {
        at: ctx.now().toISOString(),
        operator: member.label,
        action: 'queue.door_ticket_refused',
        entity: 'queue_ticket',
        entityId: t.id,
        detail: { number: ticketNumber(prefix, t.seq), day: t.day, why },
      });
      return 'conflict';
    };
    const outcome = ctx.db.transaction((): IssuedAnswer['outcomes'][number]['outcome'] => {
      const known = sql<{ issued_by: string }>(ctx.db, 'SELECT issued_by FROM queue_tickets WHERE id = ?').get(t.id);
      if (known) {
        // Another station's ticket id: this ticket alone is refused (the greeter's other tickets are still taken).
        if (known.issued_by !== actorId) return refused('other_station');
        return 'already';
      }
      // The greeter's day, within a day of the host's (a greeter's clock a little off at midnight).
      if (Math.abs(Date.parse(`${t.day}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) > 24 * 60 * MINUTE) return refused('day');
      if (t.seq < OFFLINE_SEQ_FROM || t.seq > OFFLINE_SEQ_TO) return refused('number_range');
      // Calling, the waiting list and the estimates read the host's today: a ticket issued on another day (before
      // midnight, sent after it) is taken in on today, as a carried ticket is, its own day kept in carried_from.
      const day = today;
      const carriedFrom = t.day === today ? null : t.day;
      const taken = sql(ctx.db, 'SELECT count(*) FROM queue_tickets WHERE prefix = ? AND day = ? AND seq = ?').pluck<number>().get(prefix, day, t.seq)!;
      if (taken > 0) return refused('number_taken');
      const lastSeen = member.lastSeenAt ? Date.parse(member.lastSeenAt) : -Infinity;
      let at = new Date(Math.min(now, Math.max(lastSeen, Date.parse(t.issuedAt) + skew))).toISOString();
      // The same press issued online first, its answer lost (the greeter then issued this one, and printed it): if that
      // ticket was never called, the printed one takes its place (and its time at the door); nobody holds its number.
      let requestId = t.requestId ?? null;
      const online =
        requestId === null
          ? undefined
          : sql<{ id: string; status: string; calls: number; issued_at: string }>(
              ctx.db,
              'SELECT id, status, calls, issued_at FROM queue_tickets WHERE issued_by = ? AND request_id = ?',
            ).get(actorId, requestId);
      if (online && online.status === 'waiting' && online.calls === 0) {
        sql(ctx.db, 'DELETE FROM queue_leases WHERE ticket_id = ?').run(online.id);
        sql(ctx.db, 'DELETE FROM queue_lease_grants WHERE ticket_id = ?').run(online.id);
        sql(ctx.db, 'DELETE FROM queue_tickets WHERE id = ?').run(online.id);
        if (online.issued_at < at) at = online.issued_at;
      } else if (online) {
        // Called already (nobody came to that number): the family still waits, with the number it holds.
        requestId = null;
      }
      sql(
        ctx.db,
        `INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language, priority_reasons, head_name, for_desk, carried_from,
          request_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        t.id,
        prefix,
        t.seq,
        day,
        at,
        actorId,
        t.householdSize,
        t.language,
        [...new Set(t.priority)].sort().join(','),
        t.headName.trim(),
        t.forDesk ?? null,
        carriedFrom,
        requestId,
      );
      return 'applied';
    })();
    outcomes.push({ id: t.id, outcome });
  }
  if (outcomes.some((o) => o.outcome === 'applied')) ctx.changed(['queue']);
  return { outcomes };
}
