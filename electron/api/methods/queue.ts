import { z } from 'zod';
import { Empty, Id, method } from '../method.js';
import { nameText } from '../schemas/text.js';
import {
  PRIORITY_REASONS,
  TICKET_LANGUAGES,
  type QueueBoard,
  type QueueDayEnd,
  type QueueDeskState,
  type QueueOverview,
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
      })
      .strict(),
  ).returns<QueueTicketView>(),
  /** A ticket again: to reprint it, or to show its number large when the printer fails. */
  'queue.ticket': method(Id).returns<QueueTicketView>(),
  'queue.cancel': method(Id).returns<QueueTicketView>(),
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
  'queue.overview': method(Empty).returns<QueueOverview>(),
  /** Tickets waiting now, in calling order: for the supervisor to send one to a desk (a language, a specialist). */
  'queue.waiting': method(Empty).returns<QueueTicketView[]>(),
  'queue.endDay': method(z.object({ carry: z.boolean() }).strict()).returns<QueueDayEnd>(),
  'queue.settings': method(Empty).returns<QueueSettings>(),
  'queue.saveSettings': method(QueueSettingsSchema).returns<QueueSettings>(),
};
