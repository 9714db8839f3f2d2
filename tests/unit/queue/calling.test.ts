import { describe, expect, it } from 'vitest';
import { CALLING_RULE, estimateWaitMinutes, nextTicket, standing, type WaitingTicket } from '../../../electron/core/queue/calling.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 3, 8, 0);
const at = (minutes: number) => T0 + minutes * MIN;
const ticket = (id: string, issuedMin: number, extra: Partial<WaitingTicket> = {}): WaitingTicket => ({
  id,
  issuedAt: at(issuedMin),
  priority: false,
  ...extra,
});
const head = CALLING_RULE.priorityHeadStartMinutes;

describe('the calling rule', () => {
  it('calls in order of waiting when nobody has priority', () => {
    const waiting = [ticket('B', 5), ticket('A', 0), ticket('C', 9)];
    expect(nextTicket(waiting, 'desk-1', at(10))?.id).toBe('A');
  });

  it('calls a priority family before families without priority who came earlier', () => {
    const waiting = [ticket('A', 0), ticket('B', 10), ticket('P', 30, { priority: true })];
    expect(nextTicket(waiting, 'desk-1', at(31))?.id).toBe('P');
  });

  it('lets nobody wait forever: a family that has waited beyond the head start goes before a priority family arriving now', () => {
    const waiting = [ticket('A', 0), ticket('P', head + 1, { priority: true })];
    expect(nextTicket(waiting, 'desk-1', at(head + 1))?.id).toBe('A');
    // ...and a priority family that arrived within the head start of it still goes first.
    const within = [ticket('A', 0), ticket('P', head - 1, { priority: true })];
    expect(nextTicket(within, 'desk-1', at(head))?.id).toBe('P');
  });

  it('serves a family without priority even when priority families alone fill every desk', () => {
    // One family served a minute, and a priority family arrives every minute: strict priority would never call N.
    const waiting: WaitingTicket[] = [ticket('N1', 1)];
    const calledAt = new Map<string, number>();
    for (let minute = 0; minute < head * 2; minute++) {
      waiting.push(ticket(`P${minute}`, minute, { priority: true }));
      const next = nextTicket(waiting, 'desk-1', at(minute));
      if (next) {
        waiting.splice(waiting.indexOf(next), 1);
        calledAt.set(next.id, minute);
      }
    }
    expect(calledAt.get('N1')).toBeDefined();
    expect(calledAt.get('N1') as number).toBeLessThanOrEqual(head + 2);
  });

  it('breaks equal standing by issue time, then by number, the same on every host', () => {
    const waiting = [ticket('B', 0), ticket('A', 0)];
    expect(nextTicket(waiting, 'desk-1', at(1))?.id).toBe('A');
    expect(nextTicket([...waiting].reverse(), 'desk-1', at(1))?.id).toBe('A');
  });

  it('keeps a skipped ticket in its place for other desks but does not offer it to the desk that skipped it', () => {
    const waiting = [ticket('A', 0, { skippedBy: ['desk-1'] }), ticket('B', 5)];
    expect(nextTicket(waiting, 'desk-1', at(10))?.id).toBe('B');
    expect(nextTicket(waiting, 'desk-2', at(10))?.id).toBe('A');
  });

  it('gives a ticket sent to one desk to that desk only', () => {
    const waiting = [ticket('A', 0, { forDesk: 'desk-3' }), ticket('B', 5)];
    expect(nextTicket(waiting, 'desk-1', at(10))?.id).toBe('B');
    expect(nextTicket(waiting, 'desk-3', at(10))?.id).toBe('A');
    expect(nextTicket([ticket('A', 0, { forDesk: 'desk-3' })], 'desk-1', at(10))).toBeUndefined();
  });

  it('grows a ticket’s standing with its wait, priority by a fixed head start', () => {
    expect(standing(ticket('A', 0), at(30))).toBe(30);
    expect(standing(ticket('P', 0, { priority: true }), at(30))).toBe(30 + head);
  });
});

describe('the estimated wait', () => {
  const rates = { desksOpen: 4, serviceMinutes: 4, priorityPerMinute: 0 };

  it('is the families ahead served by the open desks', () => {
    const waiting = Array.from({ length: 10 }, (_, i) => ticket(`T${i}`, i));
    // Nine ahead of the tenth, one family a minute across four desks of four minutes each.
    expect(estimateWaitMinutes(waiting[9] as WaitingTicket, waiting, rates, at(10))).toBeCloseTo(9.5);
  });

  it('counts priority families expected to arrive and overtake a family without priority, but not after the door closes', () => {
    const waiting = Array.from({ length: 10 }, (_, i) => ticket(`T${i}`, i));
    const last = waiting[9] as WaitingTicket;
    const plain = estimateWaitMinutes(last, waiting, rates, at(10));
    const withPriority = estimateWaitMinutes(last, waiting, { ...rates, priorityPerMinute: 0.5 }, at(10));
    expect(withPriority).toBeGreaterThan(plain * 1.5);
    const doorClosing = estimateWaitMinutes(last, waiting, { ...rates, priorityPerMinute: 0.5, issuingEndsAt: at(12) }, at(10));
    expect(doorClosing).toBeCloseTo(plain + 1);
    // A priority family is not overtaken by later ones.
    const p = ticket('P', 10, { priority: true });
    expect(estimateWaitMinutes(p, [...waiting, p], { ...rates, priorityPerMinute: 0.5 }, at(10))).toBeCloseTo(0.5);
  });

  it('says nothing can be promised with no desk open', () => {
    expect(estimateWaitMinutes(ticket('A', 0), [ticket('A', 0)], { ...rates, desksOpen: 0 }, at(1))).toBe(Number.POSITIVE_INFINITY);
  });
});
