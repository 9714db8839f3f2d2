import { localDate } from '../../rules/age.js';
import {
  WAITING_LISTED,
  type QueueBoard,
  type QueueDayEnd,
  type QueueDeskFigures,
  type QueueDeskState,
  type QueueLane,
  type QueueOverview,
  type QueueOverviewListed,
  type QueueTicketView,
  type TicketLanguage,
} from '../../api/views-queue.js';
import type { QueueSettings } from '../../api/methods/queue.js';
import type { QueueDayFigures } from '../../api/views-print.js';
import { appendAudit } from '../audit/trail.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import type { Actor, CoreContext } from '../context.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { slipSettings } from '../intake/slips.js';
import { byStanding, CALLING_RULE, callableBy, estimateWaitMinutes, nextTicket, type PriorityReason, type QueueRates, type WaitingTicket } from './calling.js';
import { quantile } from '../figures/quantile.js';

/**
 * The queue at the centre (issue 17), kept by the queue host: tickets issued at the door, called by the desks, and
 * what the display and the supervisor see. The calling order and the wait estimate are calling.ts's rule; this file
 * keeps the tickets and measures the day (desks calling, time per family) that the estimate needs.
 */

export const QUEUE_SETTINGS = {
  /** This greeter's ticket prefix (1 to 3 capital letters or digits): two greeters never issue the same number. */
  prefix: 'queue.prefix',
  /** The desk's name on the display ("Desk 3"); empty means the station's label. */
  desk: 'queue.desk',
  /** When the door closes to new tickets, HH:MM local time: nobody issued later overtakes anyone. */
  doorClosesAt: 'queue.doorClosesAt',
  /** Minutes a desk spends on one family before any is measured today or yesterday. */
  defaultServiceMinutes: 'queue.defaultServiceMinutes',
} as const;

const DEFAULTS = { doorClosesAt: '17:00', defaultServiceMinutes: 5 };
/** Services the estimate averages, and the minutes a desk counts as calling after its last call. */
const RECENT_SERVICES = 30;
const DESK_ACTIVE_MINUTES = 30;
const MINUTE = 60_000;

export interface TicketRow {
  id: string;
  prefix: string;
  seq: number;
  day: string;
  issued_at: string;
  household_size: number;
  language: TicketLanguage;
  priority_reasons: string;
  head_name: string;
  status: QueueTicketView['status'];
  for_desk: string | null;
  skipped_by: string;
  first_called_at: string | null;
  called_at: string | null;
  called_desk: string | null;
  calls: number;
  finished_at: string | null;
  household_id: string | null;
  carried_from: string | null;
}

export const ticketNumber = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(3, '0')}`;

export const asWaiting = (row: TicketRow): WaitingTicket => ({
  id: row.id,
  issuedAt: Date.parse(row.issued_at),
  priority: row.priority_reasons !== '',
  forDesk: row.for_desk ?? undefined,
  skippedBy: row.skipped_by === '' ? [] : row.skipped_by.split(','),
});

export function queuePrefix(ctx: CoreContext): string {
  const set = readSetting(ctx.db, QUEUE_SETTINGS.prefix);
  if (set && /^[A-Z0-9]{1,3}$/.test(set)) return set;
  // The station's code's last letter: stations of one centre differ there more often than not; set it to be sure.
  const letters = ctx.station.stationCode.replace(/[^A-Z]/g, '');
  return letters.at(-1) ?? 'A';
}

export function deskName(ctx: CoreContext): string {
  return readSetting(ctx.db, QUEUE_SETTINGS.desk) || ctx.station.stationLabel;
}

function doorClosesAt(ctx: CoreContext, day: string): number {
  const raw = readSetting(ctx.db, QUEUE_SETTINGS.doorClosesAt);
  const hhmm = raw && /^([01]\d|2[0-3]):[0-5]\d$/.test(raw) ? raw : DEFAULTS.doorClosesAt;
  return new Date(`${day}T${hhmm}:00`).getTime();
}

function defaultServiceMinutes(ctx: CoreContext): number {
  const n = Number(readSetting(ctx.db, QUEUE_SETTINGS.defaultServiceMinutes));
  return Number.isFinite(n) && n >= 1 && n <= 60 ? n : DEFAULTS.defaultServiceMinutes;
}

const dayBefore = (day: string): string => {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() - 1);
  return localDate(d);
};

export const rowsOf = (ctx: CoreContext, day: string, statuses: readonly string[]): TicketRow[] =>
  sql<TicketRow>(ctx.db, `SELECT * FROM queue_tickets WHERE day = ? AND status IN (${statuses.map(() => '?').join(', ')})`).all(day, ...statuses);

/** Mean minutes from a ticket's first call to its end, over the last services of a day; undefined when none. */
function meanServiceMinutes(ctx: CoreContext, day: string): number | undefined {
  const rows = sql<{ first_called_at: string; finished_at: string }>(
    ctx.db,
    `SELECT first_called_at, finished_at FROM queue_tickets
    WHERE day = ? AND status = 'served' AND first_called_at IS NOT NULL AND finished_at IS NOT NULL
    ORDER BY finished_at DESC LIMIT ${RECENT_SERVICES}`,
  ).all(day);
  if (rows.length === 0) return undefined;
  const total = rows.reduce((sum, r) => sum + (Date.parse(r.finished_at) - Date.parse(r.first_called_at)) / MINUTE, 0);
  return Math.max(0.5, total / rows.length);
}

/** What the estimate knows now: desks that called lately, the measured time per family, priority yet to come. */
export function queueRates(ctx: CoreContext, now: number, day: string): QueueRates {
  const since = new Date(now - DESK_ACTIVE_MINUTES * MINUTE).toISOString();
  const desks = sql(ctx.db, 'SELECT count(DISTINCT desk) FROM queue_calls WHERE at >= ?').pluck<number>().get(since)! || 1;
  const serviceMinutes = meanServiceMinutes(ctx, day) ?? meanServiceMinutes(ctx, dayBefore(day)) ?? defaultServiceMinutes(ctx);
  const issuingEndsAt = doorClosesAt(ctx, day);
  const prioritySince = (d: string) =>
    sql(ctx.db, "SELECT count(*) FROM queue_tickets WHERE day = ? AND priority_reasons <> '' AND carried_from IS NULL").pluck<number>().get(d)!;
  const today = prioritySince(day);
  const yesterday = prioritySince(dayBefore(day));
  const minutesLeft = Math.max(1, (issuingEndsAt - now) / MINUTE);
  // Priority families still to come today: as many as yesterday brought in all, less those already here.
  const priorityPerMinute = now >= issuingEndsAt ? 0 : Math.max(0, yesterday - today) / minutesLeft;
  return { desksOpen: desks, serviceMinutes, priorityPerMinute, issuingEndsAt };
}

/**
 * Tickets `desk` may be given now: waiting, and not leased to another desk (a desk cut off from the host may call
 * the tickets leased to it from its own file: queue/lan-host.ts). On a station that is no queue host the leases table
 * is empty and this is every waiting ticket.
 */
export function waitingFor(ctx: CoreContext, day: string, desk: string, at: string): TicketRow[] {
  return sql<TicketRow>(
    ctx.db,
    `SELECT t.* FROM queue_tickets t LEFT JOIN queue_leases l ON l.ticket_id = t.id AND l.expires_at > ? AND l.desk <> ?
    WHERE t.day = ? AND t.status = 'waiting' AND l.ticket_id IS NULL`,
  ).all(at, desk, day);
}

/** `nextSteps`: the centre's texts, read once by a caller that shows many tickets. */
export function view(ctx: CoreContext, row: TicketRow, estimate: number | null, nextSteps = slipSettings(ctx.db).nextSteps): QueueTicketView {
  return {
    id: row.id,
    number: ticketNumber(row.prefix, row.seq),
    lane: row.priority_reasons === '' ? 'general' : 'priority',
    status: row.status,
    issuedAt: row.issued_at,
    householdSize: row.household_size,
    language: row.language,
    headName: row.head_name,
    forDesk: row.for_desk,
    calledDesk: row.called_desk,
    estimatedWaitMinutes: estimate === null || !Number.isFinite(estimate) ? null : Math.max(0, Math.round(estimate)),
    nextSteps: nextSteps[row.language],
  };
}

export function ticketRow(ctx: CoreContext, id: string): TicketRow {
  const row = sql<TicketRow>(ctx.db, 'SELECT * FROM queue_tickets WHERE id = ?').get(id);
  if (!row) throw new CoreError('not_found', 'No such ticket.');
  return row;
}

function estimateFor(ctx: CoreContext, row: TicketRow, now: number): number | null {
  if (row.status !== 'waiting') return null;
  const waiting = rowsOf(ctx, row.day, ['waiting']).map(asWaiting);
  return estimateWaitMinutes(asWaiting(row), waiting, queueRates(ctx, now, row.day), now);
}

export interface IssueTicket {
  householdSize: number;
  language: TicketLanguage;
  priority: PriorityReason[];
  headName: string;
  forDesk?: string | undefined;
  /** The greeter's press (lan-wire.ts RequestId): the same id from the same greeter is the same ticket. */
  requestId?: string | undefined;
}

/** A greeter cut off from its queue host numbers its tickets from here on (its own prefix's block; 5001 to 9999). */
export const OFFLINE_SEQ_FROM = 5001;
export const OFFLINE_SEQ_TO = 9999;

/**
 * One keystroke at the door: a numbered ticket, with its estimated wait and what happens next in the family's language.
 * A press sent again (its answer lost on the way; `requestId` the same) is answered with the ticket it issued.
 */
export function issueTicket(ctx: CoreContext, actor: Actor, input: IssueTicket, prefix = queuePrefix(ctx)): QueueTicketView {
  const now = ctx.now();
  const day = localDate(now);
  const requestId = input.requestId ?? null;
  const { id, issued } = ctx.db.transaction(() => {
    if (requestId !== null) {
      const before = sql(ctx.db, 'SELECT id FROM queue_tickets WHERE issued_by = ? AND request_id = ?').pluck<string>().get(actor.id, requestId);
      if (before !== undefined) return { id: before, issued: false };
    }
    const id = ctx.newId();
    // Numbers from OFFLINE_SEQ_FROM on are a greeter's block for issuing while cut off from its host (lan-client.ts).
    const seq =
      (sql(ctx.db, 'SELECT max(seq) FROM queue_tickets WHERE prefix = ? AND day = ? AND seq < ?').pluck<number | null>().get(prefix, day, OFFLINE_SEQ_FROM) ??
        0) + 1;
    if (seq >= OFFLINE_SEQ_FROM) throw new CoreError('conflict', `No number is left for ${prefix} today.`);
    sql(
      ctx.db,
      `INSERT INTO queue_tickets (id, prefix, seq, day, issued_at, issued_by, household_size, language, priority_reasons, head_name, for_desk, request_id)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      id,
      prefix,
      seq,
      day,
      now.toISOString(),
      actor.id,
      input.householdSize,
      input.language,
      [...new Set(input.priority)].sort().join(','),
      input.headName.trim(),
      input.forDesk ?? null,
      requestId,
    );
    return { id, issued: true };
  })();
  if (issued) ctx.changed(['queue']);
  const row = ticketRow(ctx, id);
  return view(ctx, row, estimateFor(ctx, row, now.getTime()));
}

/**
 * The presses' ids kept with the tickets (issueTicket) are needed only while a greeter may still send a press again or
 * the ticket it issued while cut off: a day. Blanked with the day's end and the purge; returns how many.
 */
export function forgetIssueRequests(ctx: CoreContext): number {
  const before = new Date(ctx.now().getTime() - 24 * 60 * MINUTE).toISOString();
  return sql(ctx.db, 'UPDATE queue_tickets SET request_id = NULL WHERE request_id IS NOT NULL AND issued_at < ?').run(before).changes;
}

/** The ticket again, as printed: for a reprint, or to copy the number by hand when the printer fails. */
export function getTicket(ctx: CoreContext, id: string): QueueTicketView {
  const row = ticketRow(ctx, id);
  return view(ctx, row, estimateFor(ctx, row, ctx.now().getTime()));
}

function endCurrent(ctx: CoreContext, desk: string, at: string): void {
  sql(ctx.db, "UPDATE queue_tickets SET status = 'served', finished_at = ? WHERE status = 'called' AND called_desk = ?").run(at, desk);
}

/**
 * The desk's one key: the family it was serving is done, and the next ticket by the rule is called. The ticket the
 * desk gets carries the head's name and the household's size typed at the door, to pre-fill the intake form.
 */
export function callNext(ctx: CoreContext, desk: string): QueueTicketView | null {
  const now = ctx.now();
  const at = now.toISOString();
  const day = localDate(now);
  const id = ctx.db.transaction(() => {
    endCurrent(ctx, desk, at);
    const next = nextTicket(waitingFor(ctx, day, desk, at).map(asWaiting), desk, now.getTime());
    if (!next) return null;
    callTicket(ctx, next.id, desk, at);
    return next.id;
  })();
  ctx.changed(['queue']);
  return id === null ? null : view(ctx, ticketRow(ctx, id), null);
}

/** Marks a waiting ticket called at `desk` at `at` (the host's time, or the time a desk cut off called it). */
export function callTicket(ctx: CoreContext, id: string, desk: string, at: string): void {
  sql(
    ctx.db,
    `UPDATE queue_tickets SET status = 'called', called_desk = ?, called_at = ?, first_called_at = coalesce(first_called_at, ?),
    calls = calls + 1 WHERE id = ?`,
  ).run(desk, at, at, id);
  sql(ctx.db, 'INSERT INTO queue_calls (ticket_id, desk, at) VALUES (?, ?, ?)').run(id, desk, at);
}

function calledBy(ctx: CoreContext, id: string, desk: string): TicketRow {
  const row = ticketRow(ctx, id);
  if (row.status !== 'called' || row.called_desk !== desk) throw new CoreError('conflict', 'This ticket is not called at this desk.');
  return row;
}

/** Calls the same ticket again: the display shows it once more and chimes. */
export function recallTicket(ctx: CoreContext, id: string, desk: string, at = ctx.now().toISOString()): QueueTicketView {
  ctx.db.transaction(() => {
    calledBy(ctx, id, desk);
    sql(ctx.db, 'UPDATE queue_tickets SET called_at = ?, calls = calls + 1 WHERE id = ?').run(at, id);
    sql(ctx.db, 'INSERT INTO queue_calls (ticket_id, desk, at) VALUES (?, ?, ?)').run(id, desk, at);
  })();
  ctx.changed(['queue']);
  return view(ctx, ticketRow(ctx, id), null);
}

/** Puts a called ticket back in its place for the other desks (this desk cannot serve it: a language, a specialist). */
export function skipTicket(ctx: CoreContext, id: string, desk: string): QueueTicketView {
  ctx.db.transaction(() => {
    const row = calledBy(ctx, id, desk);
    const skipped = new Set(row.skipped_by === '' ? [] : row.skipped_by.split(','));
    skipped.add(desk);
    sql(ctx.db, "UPDATE queue_tickets SET status = 'waiting', called_desk = NULL, called_at = NULL, skipped_by = ? WHERE id = ?").run(
      [...skipped].join(','),
      id,
    );
  })();
  ctx.changed(['queue']);
  return getTicket(ctx, id);
}

/** The family did not come to the desk after its calls. */
export function markNoShow(ctx: CoreContext, id: string, desk: string, at = ctx.now().toISOString()): QueueTicketView {
  ctx.db.transaction(() => {
    calledBy(ctx, id, desk);
    sql(ctx.db, "UPDATE queue_tickets SET status = 'no_show', finished_at = ? WHERE id = ?").run(at, id);
  })();
  ctx.changed(['queue']);
  return view(ctx, ticketRow(ctx, id), null);
}

/** The family was served: the registration it became keeps the head's name past the day's end. */
export function finishTicket(ctx: CoreContext, id: string, desk: string, householdId: string | null, at = ctx.now().toISOString()): QueueTicketView {
  ctx.db.transaction(() => {
    calledBy(ctx, id, desk);
    sql(ctx.db, "UPDATE queue_tickets SET status = 'served', finished_at = ?, household_id = ? WHERE id = ?").run(at, householdId, id);
  })();
  ctx.changed(['queue']);
  return view(ctx, ticketRow(ctx, id), null);
}

/** A ticket issued by mistake, or a family that left: cancelled, with the one who did it in the audit trail. */
export function cancelTicket(ctx: CoreContext, actor: Actor, id: string): QueueTicketView {
  ctx.db.transaction(() => {
    const row = ticketRow(ctx, id);
    if (row.status !== 'waiting' && row.status !== 'called') throw new CoreError('conflict', 'This ticket is no longer waiting.');
    sql(ctx.db, "UPDATE queue_tickets SET status = 'cancelled', finished_at = ? WHERE id = ?").run(ctx.now().toISOString(), id);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'queue.ticket_cancelled',
      entity: 'queue_ticket',
      entityId: id,
      detail: { number: ticketNumber(row.prefix, row.seq) },
    });
  })();
  ctx.changed(['queue']);
  return view(ctx, ticketRow(ctx, id), null);
}

/** Sends a waiting ticket to one desk (a language, a specialist), or back to every desk with null. */
export function sendToDesk(ctx: CoreContext, id: string, desk: string | null): QueueTicketView {
  ctx.db.transaction(() => {
    const row = ticketRow(ctx, id);
    if (row.status !== 'waiting') throw new CoreError('conflict', 'This ticket is no longer waiting.');
    // A desk cut off may call the tickets leased to it: such a ticket stays with it until the lease ends.
    const holder = sql(ctx.db, 'SELECT desk FROM queue_leases WHERE ticket_id = ? AND expires_at > ?').pluck<string>().get(id, ctx.now().toISOString());
    if (holder !== undefined && holder !== desk) throw new CoreError('conflict', `This ticket is held by ${holder} for now; try again after its call.`);
    sql(ctx.db, 'UPDATE queue_tickets SET for_desk = ? WHERE id = ?').run(desk, id);
  })();
  ctx.changed(['queue']);
  return getTicket(ctx, id);
}

const lanesOf = (rows: TicketRow[]): Record<QueueLane, TicketRow[]> => ({
  priority: rows.filter((r) => r.priority_reasons !== ''),
  general: rows.filter((r) => r.priority_reasons === ''),
});

/** The waiting area's screen: the last numbers called and their desks, and the wait per lane. No names, no reasons. */
export function queueBoard(ctx: CoreContext): QueueBoard {
  const now = ctx.now();
  const day = localDate(now);
  const calls = sql<{ prefix: string; seq: number; desk: string; at: string; call: number }>(
    ctx.db,
    `SELECT t.prefix, t.seq, c.desk, c.at, c.seq AS call FROM queue_calls c JOIN queue_tickets t ON t.id = c.ticket_id
    WHERE t.day = ? ORDER BY c.seq DESC LIMIT 8`,
  ).all(day);
  const waiting = rowsOf(ctx, day, ['waiting']);
  const all = waiting.map(asWaiting);
  const rates = queueRates(ctx, now.getTime(), day);
  // The wait a family issued a ticket in the lane now would be told.
  const lanes = (Object.entries(lanesOf(waiting)) as [QueueLane, TicketRow[]][]).map(([lane, rows]) => {
    const probe: WaitingTicket = { id: '\uffff', issuedAt: now.getTime(), priority: lane === 'priority' };
    const estimate = estimateWaitMinutes(probe, [...all, probe], rates, now.getTime());
    return { lane, waiting: rows.length, estimatedWaitMinutes: Number.isFinite(estimate) ? Math.round(estimate) : null };
  });
  return {
    calls: calls.map((c) => ({ number: ticketNumber(c.prefix, c.seq), desk: c.desk, at: c.at, call: c.call })),
    lanes,
    nextSteps: slipSettings(ctx.db).nextSteps,
  };
}

/** Tickets waiting now, in the order the rule calls them, each with its estimate: the supervisor's list. */
export function waitingTickets(ctx: CoreContext): QueueTicketView[] {
  const now = ctx.now();
  const day = localDate(now);
  const rows = rowsOf(ctx, day, ['waiting']);
  const all = rows.map(asWaiting);
  const rates = queueRates(ctx, now.getTime(), day);
  const order = byStanding(now.getTime());
  const nextSteps = slipSettings(ctx.db).nextSteps;
  return rows
    .map((row) => ({ row, waiting: asWaiting(row) }))
    .sort((a, b) => order(a.waiting, b.waiting))
    .map(({ row, waiting }) => view(ctx, row, estimateWaitMinutes(waiting, all, rates, now.getTime()), nextSteps));
}

/**
 * The supervisor's screen: the figures and the first WAITING_LISTED waiting tickets in calling order, without the
 * names typed at the door or the centre's texts (the list shows neither), so its size is bounded whatever waits.
 */
export function queueOverviewListed(ctx: CoreContext): QueueOverviewListed {
  const waiting = waitingTickets(ctx);
  return {
    ...queueOverview(ctx),
    list: waiting.slice(0, WAITING_LISTED).map((t) => ({ ...t, headName: '', nextSteps: '' })),
    more: Math.max(0, waiting.length - WAITING_LISTED),
  };
}

/** The supervisor's view of the queue now: who waits, for how long, how fast the desks go, when it will be cleared. */
export function queueOverview(ctx: CoreContext): QueueOverview {
  const now = ctx.now();
  const day = localDate(now);
  const waiting = rowsOf(ctx, day, ['waiting']);
  const rates = queueRates(ctx, now.getTime(), day);
  const longest = waiting.reduce((m, r) => Math.max(m, (now.getTime() - Date.parse(r.issued_at)) / MINUTE), 0);
  const desks = sql<{ desk: string; served: number; first: string; last: string; minutes: number }>(
    ctx.db,
    `SELECT called_desk AS desk, count(*) AS served, min(first_called_at) AS first, max(finished_at) AS last,
      avg((julianday(finished_at) - julianday(first_called_at)) * 1440) AS minutes
    FROM queue_tickets WHERE day = ? AND status = 'served' AND called_desk IS NOT NULL GROUP BY called_desk ORDER BY called_desk`,
  ).all(day);
  const perDesk: QueueDeskFigures[] = desks.map((d) => {
    const hours = Math.max(1 / 60, (Date.parse(d.last) - Date.parse(d.first)) / 3_600_000);
    return { desk: d.desk, served: d.served, perHour: Math.round((d.served / hours) * 10) / 10, meanServiceMinutes: Math.round(d.minutes * 10) / 10 };
  });
  // All waiting now served by the desks calling, with no one new: the earliest the queue can be cleared.
  const clearMinutes = (waiting.length * rates.serviceMinutes) / rates.desksOpen;
  const counts = sql<{ issued: number; served: number; noShows: number }>(
    ctx.db,
    `SELECT
      count(*) FILTER (WHERE carried_from IS NULL) AS issued,
      count(*) FILTER (WHERE status = 'served') AS served,
      count(*) FILTER (WHERE status = 'no_show') AS noShows
    FROM queue_tickets WHERE day = ?`,
  ).get(day)!;
  return {
    waiting: waiting.length,
    waitingPriority: lanesOf(waiting).priority.length,
    longestWaitMinutes: Math.round(longest),
    issuedToday: counts.issued,
    servedToday: counts.served,
    noShowsToday: counts.noShows,
    desks: perDesk,
    serviceMinutes: Math.round(rates.serviceMinutes * 10) / 10,
    desksCalling: rates.desksOpen,
    clearedBy: waiting.length === 0 ? null : new Date(now.getTime() + clearMinutes * MINUTE).toISOString(),
    headStartMinutes: CALLING_RULE.priorityHeadStartMinutes,
  };
}

/**
 * The day's end, as the supervisor chooses: tickets still waiting are carried to the next morning (keeping their
 * place) or closed; a family still at a desk counts as served. Either way every head name typed at the door that
 * did not become a registration is blanked, carried tickets' too: the greeter asks again in the morning.
 */
export function endQueueDay(ctx: CoreContext, actor: Actor, carry: boolean): QueueDayEnd {
  const now = ctx.now();
  const day = localDate(now);
  const next = new Date(`${day}T12:00:00`);
  next.setDate(next.getDate() + 1);
  const tomorrow = localDate(next);
  const result = ctx.db.transaction(() => {
    // A family still at a desk is being served: that service ends now.
    sql(ctx.db, "UPDATE queue_tickets SET status = 'served', finished_at = ? WHERE day <= ? AND status = 'called'").run(now.toISOString(), day);
    const open = sql(ctx.db, "SELECT count(*) FROM queue_tickets WHERE day <= ? AND status = 'waiting'").pluck<number>().get(day)!;
    if (carry) {
      sql(ctx.db, "UPDATE queue_tickets SET carried_from = coalesce(carried_from, day), day = ? WHERE day <= ? AND status = 'waiting'").run(tomorrow, day);
    } else {
      sql(ctx.db, "UPDATE queue_tickets SET status = 'closed', finished_at = ? WHERE day <= ? AND status = 'waiting'").run(now.toISOString(), day);
    }
    const erased = sql(ctx.db, "UPDATE queue_tickets SET head_name = '' WHERE head_name <> '' AND household_id IS NULL AND day <= ?").run(tomorrow).changes;
    forgetIssueRequests(ctx);
    const result = { carried: carry ? open : 0, closed: carry ? 0 : open, namesErased: erased };
    appendAudit(ctx.db, { at: now.toISOString(), operator: actor.name, action: 'queue.day_ended', entity: 'queue', entityId: day, detail: { ...result } });
    return result;
  })();
  ctx.changed(['queue']);
  return result;
}

/**
 * Names typed at the door on an earlier day that did not become a registration: blanked with the purge at start-up
 * and twice a day, so they go even when no supervisor ended that day. Returns how many were blanked.
 */
export function eraseStaleDoorNames(ctx: CoreContext): number {
  // A desk's copy of tickets leased to it by a queue host (names included) goes once it is of no use for half a day.
  const stale = new Date(ctx.now().getTime() - 12 * 60 * MINUTE).toISOString();
  const copies = sql(ctx.db, 'DELETE FROM queue_held WHERE usable_until < ?').run(stale).changes;
  // A greeter's tickets issued while cut off and never sent: kept (the host must still learn of them), names gone.
  const unsent = sql(
    ctx.db,
    "UPDATE queue_door_outbox SET ticket = json_set(ticket, '$.headName', '') WHERE day < ? AND json_extract(ticket, '$.headName') <> ''",
  ).run(localDate(ctx.now())).changes;
  forgetIssueRequests(ctx);
  return (
    copies +
    unsent +
    sql(ctx.db, "UPDATE queue_tickets SET head_name = '' WHERE head_name <> '' AND household_id IS NULL AND day < ?").run(localDate(ctx.now())).changes
  );
}

/** For the daily summary: tickets issued and waits, no personal data. Waits in minutes, from issue to first call. */
export function queueDayFigures(ctx: CoreContext, day: string): QueueDayFigures {
  const rows = sql<{ priority: number; wait: number }>(
    ctx.db,
    `SELECT priority_reasons <> '' AS priority, (julianday(first_called_at) - julianday(issued_at)) * 1440 AS wait
    FROM queue_tickets WHERE day = ? AND first_called_at IS NOT NULL AND carried_from IS NULL`,
  ).all(day);
  const issued = sql(ctx.db, 'SELECT count(*) FROM queue_tickets WHERE day = ? AND carried_from IS NULL').pluck<number>().get(day)!;
  const minutes = (values: number[], q: number): number | null => {
    const value = quantile(values, q);
    return value === undefined ? null : Math.round(value);
  };
  const all = rows.map((r) => r.wait);
  const priority = rows.filter((r) => r.priority).map((r) => r.wait);
  return {
    issued,
    medianWaitMinutes: minutes(all, 0.5),
    p95WaitMinutes: minutes(all, 0.95),
    priorityMedianWaitMinutes: minutes(priority, 0.5),
    priorityP95WaitMinutes: minutes(priority, 0.95),
  };
}

/** The day's queue figures, or null on a day without tickets (a centre that does not use the queue). */
export function queueDayFiguresOrNone(ctx: CoreContext, day: string): QueueDayFigures | null {
  const figures = queueDayFigures(ctx, day);
  return figures.issued === 0 ? null : figures;
}

export function queueSettings(ctx: CoreContext): QueueSettings {
  return {
    prefix: queuePrefix(ctx),
    desk: deskName(ctx),
    doorClosesAt: readSetting(ctx.db, QUEUE_SETTINGS.doorClosesAt) ?? DEFAULTS.doorClosesAt,
    defaultServiceMinutes: defaultServiceMinutes(ctx),
  };
}

export function saveQueueSettings(ctx: CoreContext, actor: Actor, settings: QueueSettings): QueueSettings {
  // On the queue host, a greeter on the network holds its own prefix: the host's own greeters may not take it.
  const taken = sql(ctx.db, 'SELECT count(*) FROM queue_members WHERE prefix = ?').pluck<number>().get(settings.prefix)!;
  if (taken > 0) throw new CoreError('conflict', `The prefix ${settings.prefix} is a greeter's on the network.`);
  const entries: [string, string][] = [
    [QUEUE_SETTINGS.prefix, settings.prefix],
    [QUEUE_SETTINGS.desk, settings.desk],
    [QUEUE_SETTINGS.doorClosesAt, settings.doorClosesAt],
    [QUEUE_SETTINGS.defaultServiceMinutes, String(settings.defaultServiceMinutes)],
  ];
  ctx.db.transaction(() => {
    for (const [key, value] of entries) writeSetting(ctx.db, key, value);
    appendAudit(ctx.db, {
      at: ctx.now().toISOString(),
      operator: actor.name,
      action: 'queue.settings_saved',
      entity: 'settings',
      entityId: 'queue',
      detail: { ...settings },
    });
  })();
  ctx.changed(['settings', 'queue']);
  return queueSettings(ctx);
}

/** The ticket this desk called and has not finished, if any (a reloaded window shows it again), and who waits for it. */
export function deskState(ctx: CoreContext, desk: string): QueueDeskState {
  const row = sql<TicketRow>(ctx.db, "SELECT * FROM queue_tickets WHERE status = 'called' AND called_desk = ? ORDER BY called_at DESC LIMIT 1").get(desk);
  const waiting = waitingFor(ctx, localDate(ctx.now()), desk, ctx.now().toISOString()).filter((r) => callableBy(asWaiting(r), desk)).length;
  return { current: row ? view(ctx, row, null) : null, waiting };
}
