/**
 * Who a desk calls next, and how long a family will wait: the queue's one calling rule (issue 17). Pure functions
 * over the tickets waiting: the queue host calls them, and `npm run bench:queue` drives the same functions through a
 * simulated day, so what the simulation proves is what the desks run.
 *
 * The rule, as shown to supervisors: tickets are called in order of how long they have waited; a priority ticket
 * counts as if it had been issued `priorityHeadStartMinutes` earlier. Everyone's place therefore improves at the
 * same rate while they wait, so nobody waits forever: a family without priority that has waited longer than the head
 * start is called before any priority family that arrives after it.
 */

export type { PriorityReason } from '../../api/views-queue.js';

export interface CallingRule {
  /** Minutes of waiting a priority ticket is credited with when it is issued. */
  priorityHeadStartMinutes: number;
}

/**
 * Five hours, set on the tuning days of `npm run bench:queue -- --tune` (seeds 1 to 5, not the day it reports): the
 * smallest head start, in steps of 15 minutes, that keeps priority families' 95th-percentile wait under 15 minutes on
 * days when the queue reaches six hours (mean over the five days: 285 min gives 15.5, 300 gives 13.6; the longest
 * wait of anyone, 383.8 min against 370.5 first-come-first-served, +3.6 %). A shorter head start lets a long queue
 * hold priority families back: at 120 minutes their p95 wait is 179 minutes.
 */
export const CALLING_RULE: CallingRule = { priorityHeadStartMinutes: 300 };

/** What the rule needs of a ticket waiting. */
export interface WaitingTicket {
  id: string;
  /** When the ticket was issued (ms since the epoch): its place. A skip or a missed call keeps it. */
  issuedAt: number;
  priority: boolean;
  /** Sent to one desk (a language, a specialist): only that desk calls it. */
  forDesk?: string | undefined;
  /** Desks that skipped it: they are not offered it again. */
  skippedBy?: readonly string[] | undefined;
}

const MINUTE = 60_000;

/** The ticket's standing now: minutes waited, plus the head start for priority. Higher is called first. */
export function standing(ticket: WaitingTicket, now: number, rule: CallingRule = CALLING_RULE): number {
  return (now - ticket.issuedAt) / MINUTE + (ticket.priority ? rule.priorityHeadStartMinutes : 0);
}

/** Whether `desk` may call the ticket: not sent to another desk, not skipped by this one. */
export function callableBy(ticket: WaitingTicket, desk: string): boolean {
  return (ticket.forDesk === undefined || ticket.forDesk === desk) && !(ticket.skippedBy ?? []).includes(desk);
}

/** Orders tickets by the rule: highest standing first; equal standing by issue time, then id (stable on every host). */
export function byStanding(now: number, rule: CallingRule = CALLING_RULE) {
  return (a: WaitingTicket, b: WaitingTicket): number =>
    standing(b, now, rule) - standing(a, now, rule) || a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The ticket `desk` calls next, or undefined when none waits for it. One pass: no sort of the whole queue. */
export function nextTicket<T extends WaitingTicket>(waiting: readonly T[], desk: string, now: number, rule: CallingRule = CALLING_RULE): T | undefined {
  const order = byStanding(now, rule);
  let best: T | undefined;
  for (const ticket of waiting) {
    if (!callableBy(ticket, desk)) continue;
    if (best === undefined || order(ticket, best) < 0) best = ticket;
  }
  return best;
}

/** What the estimate knows of the day: measured, not assumed, except before the first families are served. */
export interface QueueRates {
  /** Desks calling now. */
  desksOpen: number;
  /** Mean minutes a desk spends on one family, from today's services (or yesterday's, or the supervisor's default). */
  serviceMinutes: number;
  /** Priority tickets issued per minute today so far: they will overtake a family without priority. */
  priorityPerMinute: number;
  /** When the door closes to new tickets (ms since the epoch): nobody issued later overtakes anyone. */
  issuingEndsAt?: number | undefined;
}

/**
 * Minutes `ticket` will probably wait: the families called before it now, plus the priority families expected to be
 * issued while it waits and within the head start (they overtake it), served by the open desks. The overtakers
 * depend on the wait itself, so the figure is found by a few rounds of substitution (it converges: each round adds
 * less while the priority families alone take less than every desk).
 */
export function estimateWaitMinutes(
  ticket: WaitingTicket,
  waiting: readonly WaitingTicket[],
  rates: QueueRates,
  now: number,
  rule: CallingRule = CALLING_RULE,
): number {
  if (rates.desksOpen <= 0 || rates.serviceMinutes <= 0) return Number.POSITIVE_INFINITY;
  const order = byStanding(now, rule);
  let ahead = 0;
  for (const other of waiting) if (other.id !== ticket.id && order(other, ticket) < 0) ahead++;
  const perMinute = rates.desksOpen / rates.serviceMinutes;
  // A desk frees up every 1/perMinute minutes on average; the first is half that away.
  const base = (ahead + 0.5) / perMinute;
  if (ticket.priority) return base;
  const doorOpen = rates.issuingEndsAt === undefined ? Number.POSITIVE_INFINITY : Math.max(0, (rates.issuingEndsAt - now) / MINUTE);
  let wait = base;
  for (let round = 0; round < 8; round++) {
    const overtakers = rates.priorityPerMinute * Math.min(wait, rule.priorityHeadStartMinutes, doorOpen);
    wait = base + overtakers / perMinute;
  }
  return wait;
}
