import { z } from 'zod';
import { Empty, Id, method } from '../method.js';
import { nameText } from '../schemas/text.js';
import {
  PRIORITY_REASONS,
  TICKET_LANGUAGES,
  type QueueBoard,
  type QueueDayEnd,
  type QueueDeskState,
  type QueueOverviewListed,
  type QueueHostStatus,
  type QueueMemberView,
  type QueueTicketView,
} from '../views-queue.js';

/**
 * The crowd at the door (issue 17). A desk calls as itself (its name is the station's setting, never the caller's
 * word), so no method takes the desk that acts.
 */

const deskText = z.string().trim().min(1).max(40);

export const QueueSettingsSchema = z
  .object({
    prefix: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9]{1,3}$/, 'queue.prefix'),
    desk: z.string().trim().max(40),
    doorClosesAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'queue.door'),
    defaultServiceMinutes: z.number().int().min(1).max(60),
  })
  .strict();
export type QueueSettings = z.output<typeof QueueSettingsSchema>;

const Fingerprint = z
  .string()
  .trim()
  .max(80)
  .regex(/^[0-9a-fA-F][0-9a-fA-F -]*$/, 'queue.fingerprint')
  .refine((t) => t.replace(/[^0-9a-fA-F]/g, '').length === 32, 'queue.fingerprint');

/** Where this station's queue is kept (docs/queue-host.md): in its own file, served to the centre, or at a host. */
export const QueueLanSettingsSchema = z
  .object({
    /** This machine is the queue host: the address and port it listens on ("0.0.0.0:8470"); empty: it does not. */
    listen: z
      .string()
      .trim()
      .max(60)
      .regex(/^$|^[0-9A-Za-z.:[\]-]+:\d{1,5}$/, 'queue.listen'),
    /** The queue host is at this address, with this fingerprint; empty: the queue is kept here. */
    hostUrl: z
      .string()
      .trim()
      .max(200)
      .regex(/^$|^https?:\/\/[^\s/]+\/?$/, 'queue.hostUrl'),
    hostFingerprint: z.union([z.literal(''), Fingerprint]),
    leaseSize: z.number().int().min(0).max(20),
    leaseMinutes: z.number().int().min(1).max(240),
  })
  .strict()
  .refine((s) => (s.hostUrl === '') === (s.hostFingerprint === ''), { message: 'queue.hostFingerprint', path: ['hostFingerprint'] })
  .refine((s) => s.listen === '' || s.hostUrl === '', { message: 'queue.hostOrListen', path: ['hostUrl'] });
export type QueueLanSettings = z.output<typeof QueueLanSettingsSchema>;

export const queueMethods = {
  /** One keystroke at the door: a numbered ticket; the reasons stay on the host, the ticket says only its lane. */
  'queue.issue': method(
    z
      .object({
        householdSize: z.number().int().min(1).max(30),
        language: z.enum(TICKET_LANGUAGES),
        priority: z.array(z.enum(PRIORITY_REASONS)).max(PRIORITY_REASONS.length).default([]),
        headName: nameText(120).default(''),
        forDesk: deskText.optional(),
        /**
         * Made by the screen once per press and kept while the same family's ticket is asked for again: one press is
         * one ticket, however often its request is sent (its answer lost on the way).
         */
        requestId: z
          .string()
          .min(8)
          .max(40)
          .regex(/^[0-9a-f-]+$/)
          .optional(),
      })
      .strict(),
  ).returns<QueueTicketView>(),
  /** A ticket again: to reprint it, or to show its number large when the printer fails. */
  'queue.ticket': method(Id).returns<QueueTicketView>(),
  'queue.cancel': method(Id).returns<QueueTicketView>(),
  /** Tickets this greeter issued while cut off that the queue host refused (their number taken): to find the family. */
  'queue.doorRefused': method(Empty).returns<{ id: string; number: string; issuedAt: string }[]>(),
  /** The desk's one key: ends the family it served and calls the next by the rule; null when nobody waits for it. */
  'queue.callNext': method(Empty).returns<QueueTicketView | null>(),
  /** The ticket this desk has called and not finished, if any (after a reload), and how many wait for this desk. */
  'queue.current': method(Empty).returns<QueueDeskState>(),
  'queue.recall': method(Id).returns<QueueTicketView>(),
  'queue.skip': method(Id).returns<QueueTicketView>(),
  'queue.noShow': method(Id).returns<QueueTicketView>(),
  'queue.finish': method(z.object({ id: z.string().min(1).max(64), householdId: z.string().min(1).max(64).optional() }).strict()).returns<QueueTicketView>(),
  'queue.sendToDesk': method(z.object({ id: z.string().min(1).max(64), desk: deskText.nullable() }).strict()).returns<QueueTicketView>(),
  /** The waiting area's screen: numbers and desks, the wait per lane. No names. */
  'queue.board': method(Empty).returns<QueueBoard>(),
  /**
   * The board when it changes after revision `after` (a long poll at the queue host on the network, up to 25 s);
   * `rev` null where this station keeps the queue itself (the display then asks every second).
   */
  'queue.watch': method(z.object({ after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional() }).strict()).returns<{
    rev: number | null;
    board: QueueBoard;
  }>(),
  /** The figures and the first WAITING_LISTED waiting tickets (no names, no texts), in one read for the screen. */
  'queue.overview': method(Empty).returns<QueueOverviewListed>(),
  /** Tickets waiting now, in calling order: for the supervisor to send one to a desk (a language, a specialist). */
  'queue.waiting': method(Empty).returns<QueueTicketView[]>(),
  'queue.endDay': method(z.object({ carry: z.boolean() }).strict()).returns<QueueDayEnd>(),
  'queue.settings': method(Empty).returns<QueueSettings>(),
  'queue.saveSettings': method(QueueSettingsSchema).returns<QueueSettings>(),
  /** One centre, many desks: where the queue is kept, and this station's own fingerprint to read aloud. */
  'queue.lanSettings': method(Empty).returns<QueueLanSettings & { ownFingerprint: string }>(),
  'queue.saveLanSettings': method(QueueLanSettingsSchema).returns<QueueLanSettings & { ownFingerprint: string }>(),
  /** On the queue host: its members, and the stations that asked to join (pending). */
  'queue.members': method(Empty).returns<QueueMemberView[]>(),
  'queue.admitMember': method(
    z
      .object({
        fingerprint: Fingerprint,
        label: deskText,
        role: z.enum(['desk', 'greeter']),
        prefix: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z0-9]{1,3}$/, 'queue.prefix')
          .optional(),
      })
      .strict(),
  ).returns<QueueMemberView>(),
  'queue.revokeMember': method(z.object({ fingerprint: Fingerprint }).strict()).returns<QueueMemberView>(),
  /** On a desk or greeter: asks the queue host who it takes this station for (asking is how a station asks to join). */
  'queue.hostStatus': method(Empty).returns<QueueHostStatus>(),
};
