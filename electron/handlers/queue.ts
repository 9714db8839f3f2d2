import {
  callNext, cancelTicket, deskName, endQueueDay, finishTicket, getTicket, issueTicket, markNoShow, queueBoard, queueOverview,
  queueSettings, recallTicket, waitingTickets, saveQueueSettings, sendToDesk, skipTicket, deskState,
} from '../core/queue/tickets.js';
import type { DomainHandlers } from './handler.js';

/** The crowd at the door (issue 17): this station is the queue host, and a desk calls as itself. */
export const queueHandlers = {
  'queue.issue': { run: (ctx, actor, input) => issueTicket(ctx, actor, input) },
  'queue.ticket': { run: (ctx, _actor, input) => getTicket(ctx, input.id) },
  'queue.cancel': { run: (ctx, actor, input) => cancelTicket(ctx, actor, input.id) },
  'queue.callNext': { run: (ctx) => callNext(ctx, deskName(ctx)) },
  'queue.current': { run: (ctx) => deskState(ctx, deskName(ctx)) },
  'queue.recall': { run: (ctx, _actor, input) => recallTicket(ctx, input.id, deskName(ctx)) },
  'queue.skip': { run: (ctx, _actor, input) => skipTicket(ctx, input.id, deskName(ctx)) },
  'queue.noShow': { run: (ctx, _actor, input) => markNoShow(ctx, input.id, deskName(ctx)) },
  'queue.finish': { run: (ctx, _actor, input) => finishTicket(ctx, input.id, deskName(ctx), input.householdId ?? null) },
  'queue.sendToDesk': { run: (ctx, _actor, input) => sendToDesk(ctx, input.id, input.desk) },
  'queue.board': { run: (ctx) => queueBoard(ctx) },
  'queue.overview': { run: (ctx) => queueOverview(ctx) },
  'queue.waiting': { run: (ctx) => waitingTickets(ctx) },
  'queue.endDay': { run: (ctx, actor, input) => endQueueDay(ctx, actor, input.carry) },
  'queue.settings': { run: (ctx) => queueSettings(ctx) },
  'queue.saveSettings': { run: (ctx, actor, input) => saveQueueSettings(ctx, actor, input) },
} satisfies DomainHandlers;
