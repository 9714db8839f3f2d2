/** The queue at the centre (issue 17): what greeters, desks, the waiting-area display and supervisors are shown. */

/** Who may be called first; kept on the queue host for the supervisor's figures, never shown or printed. */
export const PRIORITY_REASONS = ['older_person', 'disability', 'serious_medical', 'pregnant_lactating', 'separated_child', 'single_caregiver'] as const;
export type PriorityReason = (typeof PRIORITY_REASONS)[number];

export type TicketLanguage = 'hy' | 'ru' | 'en';
export const TICKET_LANGUAGES: readonly TicketLanguage[] = ['hy', 'ru', 'en'];
/** The only thing said of priority outside the host: a lane. Never the reason. */
export type QueueLane = 'priority' | 'general';
export type TicketStatus = 'waiting' | 'called' | 'served' | 'no_show' | 'cancelled' | 'closed';

export interface QueueTicketView {
  id: string;
  /** As printed and called: the greeter's prefix and the number of the day. */
  number: string;
  lane: QueueLane;
  status: TicketStatus;
  issuedAt: string;
  householdSize: number;
  language: TicketLanguage;
  /** The head's name typed at the door (for the greeter and the desk that calls it); blanked at the day's end. */
  headName: string;
  forDesk: string | null;
  calledDesk: string | null;
  /** Minutes, rounded; null once called, or with no desk calling. */
  estimatedWaitMinutes: number | null;
  /** The centre's "what happens next" in the family's language (the slip's text); empty means the built-in one. */
  nextSteps: string;
  /** On a greeter: issued while its queue host did not answer, kept to be sent (never in what the host says). */
  unsent?: boolean;
}

export interface QueueBoard {
  /** The last numbers called, newest first, and the desk to go to. `call` orders them and tells a recall apart. */
  calls: { number: string; desk: string; at: string; call: number }[];
  lanes: { lane: QueueLane; waiting: number; estimatedWaitMinutes: number | null }[];
  nextSteps: Record<TicketLanguage, string>;
}

export interface QueueDeskFigures {
  desk: string;
  served: number;
  perHour: number;
  meanServiceMinutes: number;
}

/**
 * The supervisor's screen in one read: the figures, and who waits in calling order, at most WAITING_LISTED of them
 * (`more` says how many wait after those), without the names typed at the door nor the centre's texts.
 */
export interface QueueOverviewListed extends QueueOverview {
  list: QueueTicketView[];
  more: number;
}
/** How many waiting tickets a supervisor's list shows: it bounds the queue host's answer (lan-box.ts). */
export const WAITING_LISTED = 200;

export interface QueueOverview {
  waiting: number;
  waitingPriority: number;
  longestWaitMinutes: number;
  issuedToday: number;
  servedToday: number;
  noShowsToday: number;
  desks: QueueDeskFigures[];
  /** Mean minutes per family the estimates use (today's, else yesterday's, else the default). */
  serviceMinutes: number;
  desksCalling: number;
  /** When everyone waiting now will have been called, if nobody else comes (ISO); null when nobody waits. */
  clearedBy: string | null;
  /** The calling rule, shown to supervisors: a priority ticket counts as issued this many minutes earlier. */
  headStartMinutes: number;
}

export interface QueueDayEnd {
  carried: number;
  closed: number;
  namesErased: number;
}

/** What a desk's call bar shows: its called ticket, and how many wait for it (the bar hides when the queue is unused). */
export interface QueueDeskState {
  current: QueueTicketView | null;
  waiting: number;
  /** On a desk that uses a queue host on the network: how it stands with the host (absent when it keeps the queue). */
  link?: QueueLink;
  /**
   * Calls this desk made while cut off that the host refused when they reached it (lan-host.ts rule 4), newest first:
   * shown to the clerk until the desk calls the next ticket. Absent where the desk keeps the queue itself.
   */
  refused?: QueueCallRefused[];
}

/**
 * A call made while cut off that the queue host refused: `not_leased` (the ticket was not this desk's then),
 * `not_waiting` (called at another desk, or ended, meanwhile), `future` (dated after the host's time: this desk's
 * clock is ahead), `too_old` (it reached the host too late to be told from one applied before).
 */
export interface QueueCallRefused {
  ticketId: string;
  number: string;
  reason: 'not_leased' | 'not_waiting' | 'future' | 'too_old';
  calledAt: string;
}

/**
 * A desk's link to its queue host: `connected`; `leased` (cut off, calling from the tickets leased to it while it was
 * connected); `no_lease` (cut off with none left). `unsent`: calls and ends the host has not acknowledged yet.
 */
export interface QueueLink {
  state: 'connected' | 'leased' | 'no_lease';
  leased: number;
  unsent: number;
}

/** A station known to the queue host: admitted (desk or greeter), asking to join, or removed. */
export interface QueueMemberView {
  fingerprint: string;
  label: string;
  role: 'desk' | 'greeter' | null;
  /** A greeter's ticket prefix, unique among the host's greeters. */
  prefix: string | null;
  status: 'pending' | 'member' | 'revoked';
  askedAt: string;
  admittedAt: string | null;
}

/** How the queue host takes this station: `unreachable` when it does not answer (or answers with another key). */
export type QueueHostStatus =
  | { state: 'member'; role: 'desk' | 'greeter'; label: string; prefix: string | null }
  | { state: 'pending'; fingerprint: string }
  | { state: 'unreachable' }
  | { state: 'local' };
