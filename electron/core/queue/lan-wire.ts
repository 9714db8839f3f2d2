import { z } from 'zod';
import { PRIORITY_REASONS, TICKET_LANGUAGES, WAITING_LISTED } from '../../api/views-queue.js';

/**
 * What crosses the network between desks, greeters and the queue host (docs/queue-host.md), as zod schemas: the host
 * parses every request body with them, and a desk every answer (signed by its host, and still checked).
 */

const Id = z.string().min(1).max(64);
const At = z.string().datetime({ offset: true }).max(40);
const EventId = z.string().regex(/^[0-9a-f-]{8,40}$/);
/**
 * A greeter's press: made once per press and kept across the greeter's retries and its fallback to issuing while cut
 * off, so the host issues one ticket for it however often it is sent (tickets.ts issueTicket). Its length is checked
 * before its letters.
 */
export const RequestId = z
  .string()
  .min(8)
  .max(40)
  .regex(/^[0-9a-f-]+$/);

/**
 * What a desk did, in its order. `callNext` is a live call (the host picks the ticket by the rule); `call` names a
 * ticket of the desk's lease (called while cut off). `ends` is the ticket the desk was serving when it called: the
 * host ends that one, and puts back in its place any other ticket it had called at this desk that the desk never saw
 * (its answer was lost). `unanswered`: a live call whose answer never came; the host applies it only if it had
 * already (it is never applied late).
 */
export const DeskEventSchema = z.discriminatedUnion('kind', [
  z.object({ id: EventId, kind: z.literal('callNext'), at: At, ends: Id.nullable(), unanswered: z.boolean().optional() }).strict(),
  z.object({ id: EventId, kind: z.literal('call'), ticket: Id, at: At, ends: Id.nullable() }).strict(),
  z.object({ id: EventId, kind: z.literal('recall'), ticket: Id, at: At }).strict(),
  z.object({ id: EventId, kind: z.literal('skip'), ticket: Id, at: At }).strict(),
  z.object({ id: EventId, kind: z.literal('noShow'), ticket: Id, at: At }).strict(),
  z.object({ id: EventId, kind: z.literal('finish'), ticket: Id, at: At, householdId: Id.nullable() }).strict(),
]);
export type DeskEvent = z.infer<typeof DeskEventSchema>;

/** POST /queue/desk: the events the host has not acknowledged, oldest first, the last one perhaps live. */
export const DeskRequestSchema = z
  .object({
    /** The desk's clock when it sent this: the host moves the events' times by the difference to its own clock. */
    sentAt: At,
    label: z.string().max(40).optional(),
    events: z.array(DeskEventSchema).max(500),
  })
  .strict();
export type DeskRequest = z.infer<typeof DeskRequestSchema>;

export const IssueRequestSchema = z
  .object({
    householdSize: z.number().int().min(1).max(30),
    language: z.enum(TICKET_LANGUAGES),
    priority: z.array(z.enum(PRIORITY_REASONS)).max(PRIORITY_REASONS.length),
    headName: z.string().max(120),
    forDesk: z.string().min(1).max(40).optional(),
    requestId: RequestId.optional(),
  })
  .strict();

/**
 * POST /queue/issued (greeters): tickets the greeter issued while cut off, numbered from its own prefix's block for
 * that (lan-client.ts), oldest first. `sentAt` is the greeter's clock when it sent them (their times are moved by the
 * difference to the host's clock, never into its future).
 */
export const DoorTicketSchema = IssueRequestSchema.extend({
  id: Id,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  seq: z.number().int().min(5001).max(9999),
  issuedAt: At,
}).strict();
export type DoorTicket = z.infer<typeof DoorTicketSchema>;
export const IssuedRequestSchema = z.object({ sentAt: At, tickets: z.array(DoorTicketSchema).max(500) }).strict();
export const IssuedAnswerSchema = z
  .object({ outcomes: z.array(z.object({ id: Id, outcome: z.enum(['applied', 'already', 'conflict']) }).strict()).max(500) })
  .strict();
export type IssuedAnswer = z.infer<typeof IssuedAnswerSchema>;

/** POST /queue/ticket and /queue/cancel: one of the greeter's own tickets. */
export const TicketRequestSchema = z.object({ id: Id }).strict();

export const HelloRequestSchema = z.object({ label: z.string().max(40) }).strict();

export const TicketViewSchema = z
  .object({
    id: Id,
    number: z.string().max(20),
    lane: z.enum(['priority', 'general']),
    status: z.enum(['waiting', 'called', 'served', 'no_show', 'cancelled', 'closed']),
    issuedAt: At,
    householdSize: z.number().int().min(1).max(30),
    language: z.enum(TICKET_LANGUAGES),
    headName: z.string().max(200),
    forDesk: z.string().max(40).nullable(),
    calledDesk: z.string().max(40).nullable(),
    estimatedWaitMinutes: z.number().int().min(0).nullable(),
    nextSteps: z.string().max(20_000),
  })
  .strict();

export const OUTCOMES = ['applied', 'already', 'conflict', 'dropped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const DeskAnswerSchema = z
  .object({
    outcomes: z
      .array(
        z
          .object({
            id: EventId,
            outcome: z.enum(OUTCOMES),
            ticket: TicketViewSchema.nullable(),
            /**
             * Why the event was refused: a call of a ticket not leased to this desk then, no longer waiting, dated after
             * the host's now; or any event older than what the host remembers of applied events.
             */
            reason: z.enum(['not_leased', 'not_waiting', 'future', 'too_old']).optional(),
          })
          .strict(),
      )
      .max(500),
    /** Tickets leased to this desk now (not yet called), and for how long from the request. */
    lease: z.array(TicketViewSchema).max(50),
    leaseMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    current: TicketViewSchema.nullable(),
    waiting: z.number().int().min(0),
    desk: z.string().max(40),
  })
  .strict();
export type DeskAnswer = z.infer<typeof DeskAnswerSchema>;

export const HelloAnswerSchema = z
  .object({
    member: z.boolean(),
    role: z.enum(['desk', 'greeter']).nullable(),
    label: z.string().max(40),
    prefix: z.string().max(3).nullable(),
    fingerprint: z.string().max(64),
  })
  .strict();
export type HelloAnswer = z.infer<typeof HelloAnswerSchema>;

/** POST /queue/key: the host's X25519 box key for this run of its server (lan-box.ts). */
export const KeyAnswerSchema = z.object({ boxKey: z.string().length(44) }).strict();
export type KeyAnswer = z.infer<typeof KeyAnswerSchema>;

/** 409 queue.rekey: the request was sealed to a box key of an earlier run; the answer carries the new one. */
export const RekeySchema = z.object({ error: z.object({ code: z.literal('queue.rekey'), boxKey: z.string().length(44) }) });

export const BoardAnswerSchema = z
  .object({
    rev: z.number().int().min(0),
    board: z
      .object({
        calls: z.array(z.object({ number: z.string().max(20), desk: z.string().max(40), at: At, call: z.number().int() }).strict()).max(50),
        lanes: z
          .array(
            z.object({ lane: z.enum(['priority', 'general']), waiting: z.number().int().min(0), estimatedWaitMinutes: z.number().int().nullable() }).strict(),
          )
          .max(2),
        nextSteps: z.object({ hy: z.string().max(20_000), ru: z.string().max(20_000), en: z.string().max(20_000) }).strict(),
      })
      .strict(),
  })
  .strict();
export type BoardAnswer = z.infer<typeof BoardAnswerSchema>;

const Count = z.number().int().min(0);
export const QueueOverviewSchema = z
  .object({
    waiting: Count,
    waitingPriority: Count,
    longestWaitMinutes: Count,
    issuedToday: Count,
    servedToday: Count,
    noShowsToday: Count,
    desks: z.array(z.object({ desk: z.string().max(40), served: Count, perHour: z.number().min(0), meanServiceMinutes: z.number().min(0) }).strict()).max(200),
    serviceMinutes: z.number().min(0),
    desksCalling: Count,
    clearedBy: At.nullable(),
    headStartMinutes: Count,
  })
  .strict();

/**
 * POST /queue/overview (desks, for their supervisors): the supervisor's view of the queue kept by the host, and who
 * waits in calling order: the first WAITING_LISTED, `more` after them, without the names typed at the door nor the
 * centre's texts (a supervisor's list shows neither). Bounded so that the sealed answer stays under lan-box.ts's cap
 * (tests/unit/queue/lan-box.test.ts seals the largest such answer).
 */
export const OverviewRequestSchema = z.object({}).strict();
export const ListedTicketSchema = TicketViewSchema.extend({ headName: z.literal(''), nextSteps: z.literal('') }).strict();
export const OverviewAnswerSchema = z
  .object({ overview: QueueOverviewSchema, waiting: z.array(ListedTicketSchema).max(WAITING_LISTED), more: z.number().int().min(0) })
  .strict();
export type OverviewAnswer = z.infer<typeof OverviewAnswerSchema>;

export const ProblemSchema = z.object({ error: z.object({ code: z.string().max(80), message: z.string().max(1000) }) });

/** 401 queue.stale: the host's time, for a desk whose clock is off to ask again by the host's. */
export const StaleSchema = z.object({ error: z.object({ code: z.literal('queue.stale'), hostTime: At }) });
