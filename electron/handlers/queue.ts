import {
  callNext,
  cancelTicket,
  deskName,
  endQueueDay,
  finishTicket,
  getTicket,
  issueTicket,
  markNoShow,
  queueBoard,
  queueOverviewListed,
  queueSettings,
  recallTicket,
  waitingTickets,
  saveQueueSettings,
  sendToDesk,
  skipTicket,
  deskState,
} from '../core/queue/tickets.js';
import { boardVia, deskAction, deskStateVia, doorRefused, greeterTicketVia, hello, issueVia, overviewVia, queueHostOf } from '../core/queue/lan-client.js';
import { admitMember, listMembers, revokeMember } from '../core/queue/lan-host.js';
import { queueLanSettings, saveQueueLanSettings, memberView } from '../core/queue/lan-settings.js';
import type { CoreContext } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { DomainHandlers } from './handler.js';

/** Sending a ticket to a desk and ending the day change the queue: on a station that uses a queue host, only there. */
function onThisStation(ctx: CoreContext): void {
  if (queueHostOf(ctx)) {
    throw new CoreError('refused', 'This station uses a queue host on the network: send a ticket to a desk or end the day on the host.');
  }
}

/**
 * The crowd at the door (issue 17). A desk calls as itself. When the settings name a queue host on the network, a
 * desk's and a greeter's methods go there (core/queue/lan-client.ts); otherwise this station keeps the queue.
 */
export const queueHandlers = {
  'queue.issue': {
    run: (ctx, actor, input) => {
      const host = queueHostOf(ctx);
      return host ? issueVia(ctx, host, input) : issueTicket(ctx, actor, input);
    },
  },
  'queue.ticket': {
    run: (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      return host ? greeterTicketVia(ctx, host, input.id, false) : getTicket(ctx, input.id);
    },
  },
  'queue.cancel': {
    run: (ctx, actor, input) => {
      const host = queueHostOf(ctx);
      return host ? greeterTicketVia(ctx, host, input.id, true) : cancelTicket(ctx, actor, input.id);
    },
  },
  'queue.doorRefused': { run: (ctx) => doorRefused(ctx) },
  'queue.callNext': {
    run: (ctx) => {
      const host = queueHostOf(ctx);
      return host ? deskAction(ctx, host, { kind: 'callNext' }) : callNext(ctx, deskName(ctx));
    },
  },
  'queue.current': {
    run: (ctx) => {
      const host = queueHostOf(ctx);
      return host ? deskStateVia(ctx, host) : deskState(ctx, deskName(ctx));
    },
  },
  'queue.recall': {
    run: async (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      return host ? (await deskAction(ctx, host, { kind: 'recall', ticket: input.id }))! : recallTicket(ctx, input.id, deskName(ctx));
    },
  },
  'queue.skip': {
    run: async (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      return host ? (await deskAction(ctx, host, { kind: 'skip', ticket: input.id }))! : skipTicket(ctx, input.id, deskName(ctx));
    },
  },
  'queue.noShow': {
    run: async (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      return host ? (await deskAction(ctx, host, { kind: 'noShow', ticket: input.id }))! : markNoShow(ctx, input.id, deskName(ctx));
    },
  },
  'queue.finish': {
    run: async (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      return host
        ? (await deskAction(ctx, host, { kind: 'finish', ticket: input.id, householdId: input.householdId ?? null }))!
        : finishTicket(ctx, input.id, deskName(ctx), input.householdId ?? null);
    },
  },
  'queue.sendToDesk': {
    run: (ctx, _actor, input) => {
      onThisStation(ctx);
      return sendToDesk(ctx, input.id, input.desk);
    },
  },
  'queue.board': {
    run: async (ctx) => {
      const host = queueHostOf(ctx);
      return host ? (await boardVia(host)).board : queueBoard(ctx);
    },
  },
  'queue.watch': {
    run: async (ctx, _actor, input) => {
      const host = queueHostOf(ctx);
      if (!host) return { rev: null, board: queueBoard(ctx) };
      return boardVia(host, input.after, input.after === undefined ? undefined : 30_000);
    },
  },
  // On a desk that uses a queue host, its supervisors see the host's queue (read over the network, signed, sealed).
  'queue.overview': {
    run: async (ctx) => {
      const host = queueHostOf(ctx);
      if (!host) return queueOverviewListed(ctx);
      const answer = await overviewVia(ctx, host);
      return { ...answer.overview, list: answer.waiting, more: answer.more };
    },
  },
  'queue.waiting': {
    run: async (ctx) => {
      const host = queueHostOf(ctx);
      return host ? (await overviewVia(ctx, host)).waiting : waitingTickets(ctx);
    },
  },
  'queue.endDay': {
    run: (ctx, actor, input) => {
      onThisStation(ctx);
      return endQueueDay(ctx, actor, input.carry);
    },
  },
  'queue.settings': { run: (ctx) => queueSettings(ctx) },
  'queue.saveSettings': { run: (ctx, actor, input) => saveQueueSettings(ctx, actor, input) },
  'queue.lanSettings': { run: (ctx) => queueLanSettings(ctx) },
  'queue.saveLanSettings': { run: (ctx, actor, input) => saveQueueLanSettings(ctx, actor, input) },
  'queue.members': { run: (ctx) => listMembers(ctx).map(memberView) },
  'queue.admitMember': { run: (ctx, actor, input) => memberView(admitMember(ctx, actor, input)) },
  'queue.revokeMember': { run: (ctx, actor, input) => memberView(revokeMember(ctx, actor, input.fingerprint)) },
  'queue.hostStatus': {
    run: async (ctx) => {
      const host = queueHostOf(ctx);
      if (!host) return { state: 'local' as const };
      try {
        const answer = await hello(ctx, host);
        if (answer.member && answer.role) return { state: 'member' as const, role: answer.role, label: answer.label, prefix: answer.prefix };
        return { state: 'pending' as const, fingerprint: queueLanSettings(ctx).ownFingerprint };
      } catch {
        return { state: 'unreachable' as const };
      }
    },
  },
} satisfies DomainHandlers;
