import type { z } from 'zod';
import type { QueueBoard, QueueCallRefused, QueueDeskState, QueueLink, QueueTicketView, TicketStatus } from '../../api/views-queue.js';
import { loadStationKeys } from '../batch/keys.js';
import { readSetting, writeSetting } from '../batch/settings.js';
import { localDate } from '../../rules/age.js';
import { slipSettings } from '../intake/slips.js';
import type { CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { nextTicket, type WaitingTicket } from './calling.js';
import { QUEUE_LAN_SETTINGS } from './lan-host.js';
import { sealRequest } from './lan-box.js';
import { answerIsFromHost, HEADER, newNonce, normaliseFingerprint, signRequest } from './lan-sign.js';
import {
  BoardAnswerSchema,
  DeskAnswerSchema,
  DeskEventSchema,
  DoorTicketSchema,
  HelloAnswerSchema,
  IssuedAnswerSchema,
  KeyAnswerSchema,
  OverviewAnswerSchema,
  ProblemSchema,
  RekeySchema,
  StaleSchema,
  TicketViewSchema,
  type DeskAnswer,
  type DeskEvent,
  type DoorTicket,
  type HelloAnswer,
  type OverviewAnswer,
} from './lan-wire.js';
import type { IssueTicket } from './tickets.js';
import { deskName, OFFLINE_SEQ_FROM, OFFLINE_SEQ_TO, ticketNumber } from './tickets.js';

/**
 * A desk's or a greeter's side of "one centre, many desks" (issue 17; docs/queue-host.md). When the settings name a
 * queue host (its address and its station key's fingerprint), the desk's queue methods go there, signed by this
 * station's key, with a short timeout. Every desk request carries the events the host has not acknowledged yet
 * (the outbox, in this station's file), so what the desk did while cut off reaches the host with the next request.
 * Cut off, the desk calls from its copy of its lease (rule 3 of lan-host.ts); a greeter cut off is told so at once.
 */

export const LAN_CLIENT = {
  /** A desk's request waits this long for the host before the desk works from its lease. */
  timeoutMs: 2500,
  /** A lease copy stops being used this long before the host's lease ends, by this desk's own clock. */
  marginMs: 60_000,
  /**
   * After the host did not answer, a greeter issues from its own block at once for this long (by this station's clock)
   * rather than keep the next family waiting `timeoutMs` for a host it knows to be away. Meanwhile the timer sending
   * its outbox (host-service.ts, every 10 s) keeps asking, and each of its failures starts this again: the host back,
   * the next ticket is the host's.
   */
  quietMs: 30_000,
};

const MINUTE = 60_000;

export interface QueueHostAddress {
  url: string;
  fingerprint: string;
}

/** The queue host this station uses, or undefined when it keeps the queue in its own file. */
export function queueHostOf(ctx: CoreContext): QueueHostAddress | undefined {
  const url = readSetting(ctx.db, QUEUE_LAN_SETTINGS.hostUrl) ?? '';
  const fingerprint = normaliseFingerprint(readSetting(ctx.db, QUEUE_LAN_SETTINGS.hostFingerprint) ?? '');
  if (!url || !fingerprint) return undefined;
  return { url: url.replace(/\/+$/, ''), fingerprint };
}

/** The host could not be reached, did not answer in time, or its answer was not signed by the pinned key. */
export class HostUnreachable extends Error {
  constructor(readonly reason: 'network' | 'timeout' | 'not_host' | 'bad_answer') {
    super(`The queue host does not answer (${reason}).`);
    this.name = 'HostUnreachable';
  }
}

/** Whether the last request to the host was answered, per data file, and when it failed (this station's clock). */
const lastAnswer = new WeakMap<DB, { ok: boolean; reason?: HostUnreachable['reason']; at?: number }>();
const failed = (ctx: CoreContext, reason: HostUnreachable['reason']) => lastAnswer.set(ctx.db, { ok: false, reason, at: ctx.now().getTime() });

/** The host did not answer the last request, lately (LAN_CLIENT.quietMs): a greeter does not wait for it again yet. */
function hostKnownAway(ctx: CoreContext): boolean {
  const last = lastAnswer.get(ctx.db);
  if (!last || last.ok || last.at === undefined) return false;
  const since = ctx.now().getTime() - last.at;
  return since >= 0 && since < LAN_CLIENT.quietMs;
}
/**
 * How far the host's clock is from this station's (ms), learned from the host's signed "stale" answer: a laptop at a
 * border centre may have no time server, and its requests would otherwise be refused as stale.
 */
const clockOffset = new WeakMap<DB, number>();

/** The host's box key (lan-box.ts) per data file, with the host (address and fingerprint) it was taken from. */
const boxKeys = new WeakMap<DB, { host: string; key: string }>();
const hostId = (host: QueueHostAddress) => `${host.url} ${host.fingerprint}`;

/** The host's answer, checked to be signed by the pinned key and bound to this request's nonce. */
async function post(
  ctx: CoreContext,
  host: QueueHostAddress,
  path: string,
  text: string,
  time: number,
  nonce: string,
): Promise<{ status: number; answer: string }> {
  const headers = signRequest(loadStationKeys(ctx), 'POST', path, text, time, nonce);
  let status: number;
  let answer: string;
  let key: string | null;
  let signature: string | null;
  try {
    const res = await fetch(`${host.url}${path}`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(LAN_CLIENT.timeoutMs),
    });
    status = res.status;
    key = res.headers.get(HEADER.key);
    signature = res.headers.get(HEADER.signature);
    answer = await res.text();
  } catch (error) {
    const reason = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'timeout' : 'network';
    failed(ctx, reason);
    throw new HostUnreachable(reason);
  }
  if (!answerIsFromHost(host.fingerprint, key ?? undefined, signature ?? undefined, status, nonce, answer)) {
    failed(ctx, 'not_host');
    throw new HostUnreachable('not_host');
  }
  return { status, answer };
}

const jsonOf = (ctx: CoreContext, text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    failed(ctx, 'bad_answer');
    throw new HostUnreachable('bad_answer');
  }
};

/** The CoreError a refusal stands for (after the clock and the box key were set right). */
function refusalOf(status: number, value: unknown): CoreError {
  const problem = ProblemSchema.safeParse(value);
  const message = problem.success ? problem.data.error.message : `The queue host refused (${status}).`;
  const code = problem.success ? problem.data.error.code : '';
  return new CoreError(
    status === 403 ? 'forbidden' : status === 409 && code !== 'queue.replayed' ? 'conflict' : status === 404 ? 'not_found' : 'refused',
    message,
  );
}

/** A stale answer's host time becomes this station's clock offset; true when the request should be made again. */
function tookHostTime(ctx: CoreContext, status: number, value: unknown): boolean {
  const stale = StaleSchema.safeParse(value);
  if (status !== 401 || !stale.success) return false;
  clockOffset.set(ctx.db, Date.parse(stale.data.error.hostTime) - Date.now());
  return true;
}

const signingTime = (ctx: CoreContext) => Math.floor(Date.now() + (clockOffset.get(ctx.db) ?? 0));

/** The host's box key for this run of its server, asked for once (a signed request with an empty body). */
async function hostBoxKey(ctx: CoreContext, host: QueueHostAddress): Promise<string> {
  const cached = boxKeys.get(ctx.db);
  if (cached?.host === hostId(host)) return cached.key;
  for (let tries = 0; ; tries++) {
    const { status, answer } = await post(ctx, host, '/queue/key', '', signingTime(ctx), newNonce());
    const value = jsonOf(ctx, answer);
    if (status === 200) {
      const parsed = KeyAnswerSchema.safeParse(value);
      if (!parsed.success) throw new HostUnreachable('bad_answer');
      boxKeys.set(ctx.db, { host: hostId(host), key: parsed.data.boxKey });
      return parsed.data.boxKey;
    }
    if (tries === 0 && tookHostTime(ctx, status, value)) continue;
    lastAnswer.set(ctx.db, { ok: true });
    throw refusalOf(status, value);
  }
}

/**
 * A request to the host: its body sealed to the host's box key (lan-box.ts), signed by this station's key; the
 * answer checked to be the host's and opened. A desk whose clock is off takes the host's time and asks again; one
 * whose box key is of an earlier run of the host takes the new one and asks again.
 */
async function signedPost<S extends z.ZodType>(ctx: CoreContext, host: QueueHostAddress, path: string, body: unknown, schema: S): Promise<z.output<S>> {
  const plaintext = JSON.stringify(body);
  for (let tries = 0; ; tries++) {
    const boxKey = await hostBoxKey(ctx, host);
    const time = signingTime(ctx);
    const nonce = newNonce();
    const sealed = sealRequest(boxKey, { method: 'POST', path, time, nonce, stationKey: loadStationKeys(ctx).publicKey }, plaintext);
    const { status, answer } = await post(ctx, host, path, sealed.body, time, nonce);
    const opened = sealed.openAnswer(status, answer);
    // Only a refusal made before the host opened the body comes unsealed (it carries no personal data).
    if (opened === undefined && status >= 200 && status < 300) {
      failed(ctx, 'bad_answer');
      throw new HostUnreachable('bad_answer');
    }
    const value = jsonOf(ctx, opened ?? answer);
    lastAnswer.set(ctx.db, { ok: true });
    if (status >= 200 && status < 300) {
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new HostUnreachable('bad_answer');
      return parsed.data;
    }
    if (tries < 2 && tookHostTime(ctx, status, value)) continue;
    const rekey = RekeySchema.safeParse(value);
    if (tries < 2 && status === 409 && rekey.success) {
      boxKeys.set(ctx.db, { host: hostId(host), key: rekey.data.error.boxKey });
      continue;
    }
    throw refusalOf(status, value);
  }
}

// ---------------------------------------------------------------------------
// The desk's copy of its lease and its outbox.

interface HeldRow {
  ticket_id: string;
  ticket: string;
  issued_at: string;
  priority: number;
  state: 'leased' | 'called';
  usable_until: string;
}

const ticketOf = (row: HeldRow): QueueTicketView => TicketViewSchema.parse(JSON.parse(row.ticket));

function held(ctx: CoreContext, state: HeldRow['state']): HeldRow[] {
  return sql<HeldRow>(ctx.db, 'SELECT * FROM queue_held WHERE state = ? ORDER BY issued_at').all(state);
}

/** Leased tickets this desk may still call by itself (rule 3). */
function usableLease(ctx: CoreContext): HeldRow[] {
  const now = ctx.now().toISOString();
  return held(ctx, 'leased').filter((r) => r.usable_until > now);
}

function outbox(ctx: CoreContext): DeskEvent[] {
  return sql(ctx.db, 'SELECT event FROM queue_outbox ORDER BY seq')
    .pluck<string>()
    .all()
    .map((text) => DeskEventSchema.parse(JSON.parse(text)));
}

function queueEvent(ctx: CoreContext, event: DeskEvent): void {
  sql(ctx.db, 'INSERT INTO queue_outbox (event_id, event) VALUES (?, ?)').run(event.id, JSON.stringify(event));
}

/** The calls made while cut off that the host refused, newest first (in this desk's settings until its next call). */
const DESK_REFUSED = 'queue.desk.refused';
const DESK_REFUSED_KEPT = 20;
/** A list kept in this desk's settings as JSON, at most `kept` long; an unreadable one reads as empty. */
function readSettingList<T>(ctx: CoreContext, key: string, kept: number): T[] {
  try {
    const list = JSON.parse(readSetting(ctx.db, key) ?? '[]') as unknown;
    return Array.isArray(list) ? (list as T[]).slice(0, kept) : [];
  } catch {
    return [];
  }
}
const readDeskRefused = (ctx: CoreContext): QueueCallRefused[] => readSettingList(ctx, DESK_REFUSED, DESK_REFUSED_KEPT);
/** The clerk calls the next ticket, as the message about a refused call says: the message has been read. */
function clearDeskRefused(ctx: CoreContext): void {
  const kept = readSetting(ctx.db, DESK_REFUSED);
  if (kept !== undefined && kept !== '[]') writeSetting(ctx.db, DESK_REFUSED, '[]');
}

/**
 * Takes in the host's answer: acknowledged events leave the outbox; the lease copy and current ticket are the host's.
 * A call made while cut off that the host refused (rule 4 of lan-host.ts) is kept to be shown to the clerk: the family
 * called is not this desk's to serve.
 */
function takeAnswer(ctx: CoreContext, answer: DeskAnswer, askedAt: number, sent: readonly DeskEvent[]): void {
  const until = new Date(askedAt + answer.leaseMinutes * MINUTE - LAN_CLIENT.marginMs).toISOString();
  ctx.db.transaction(() => {
    const calls = new Map(sent.flatMap((e) => (e.kind === 'call' ? [[e.id, e] as const] : [])));
    const refused: QueueCallRefused[] = [];
    for (const o of answer.outcomes) {
      const event = calls.get(o.id);
      if (!event || o.outcome !== 'conflict' || !o.reason) continue;
      const copy = sql<HeldRow>(ctx.db, 'SELECT * FROM queue_held WHERE ticket_id = ?').get(event.ticket);
      const number = o.ticket?.number ?? (copy ? ticketOf(copy).number : '');
      refused.push({ ticketId: event.ticket, number, reason: o.reason, calledAt: event.at });
    }
    if (refused.length > 0) writeSetting(ctx.db, DESK_REFUSED, JSON.stringify([...refused.reverse(), ...readDeskRefused(ctx)].slice(0, DESK_REFUSED_KEPT)));
    const done = sql(ctx.db, 'DELETE FROM queue_outbox WHERE event_id = ?');
    for (const o of answer.outcomes) done.run(o.id);
    sql(ctx.db, 'DELETE FROM queue_held').run();
    const put = sql(ctx.db, 'INSERT INTO queue_held (ticket_id, ticket, issued_at, priority, state, usable_until) VALUES (?, ?, ?, ?, ?, ?)');
    for (const t of answer.lease) put.run(t.id, JSON.stringify(t), t.issuedAt, t.lane === 'priority' ? 1 : 0, 'leased', until);
    if (answer.current) {
      const t = answer.current;
      sql(ctx.db, 'DELETE FROM queue_held WHERE ticket_id = ?').run(t.id);
      put.run(t.id, JSON.stringify(t), t.issuedAt, t.lane === 'priority' ? 1 : 0, 'called', until);
    }
  })();
}

type LiveAction =
  { kind: 'callNext' } | { kind: 'recall' | 'skip' | 'noShow'; ticket: string } | { kind: 'finish'; ticket: string; householdId: string | null };

function eventOf(ctx: CoreContext, action: LiveAction): DeskEvent {
  const id = ctx.newId();
  const at = ctx.now().toISOString();
  if (action.kind === 'callNext') return { id, kind: 'callNext', at, ends: held(ctx, 'called')[0]?.ticket_id ?? null };
  if (action.kind === 'finish') return { id, kind: 'finish', ticket: action.ticket, at, householdId: action.householdId };
  return { id, kind: action.kind, ticket: action.ticket, at };
}

/** Sends the outbox (and a live action, if any) to the host; undefined when the host cannot be reached. */
async function exchange(ctx: CoreContext, host: QueueHostAddress, live?: DeskEvent): Promise<DeskAnswer | undefined> {
  const askedAt = ctx.now().getTime();
  const events = [...outbox(ctx), ...(live ? [live] : [])];
  try {
    const answer = await signedPost(ctx, host, '/queue/desk', { sentAt: new Date(askedAt).toISOString(), label: deskName(ctx), events }, DeskAnswerSchema);
    takeAnswer(ctx, answer, askedAt, events);
    // Only when something was done: the desk bar asks again on every change, and asking changes nothing.
    if (events.length > 0) ctx.changed(['queue']);
    return answer;
  } catch (error) {
    if (error instanceof HostUnreachable) return undefined;
    throw error;
  }
}

const calledHere = (ticket: QueueTicketView, desk: string): QueueTicketView => ({ ...ticket, status: 'called', calledDesk: desk, estimatedWaitMinutes: null });

/** The desk's action while cut off: from its lease, recorded in its outbox (rule 3). */
function offline(ctx: CoreContext, event: DeskEvent): QueueTicketView | null {
  const desk = deskName(ctx);
  return ctx.db.transaction(() => {
    const current = held(ctx, 'called')[0];
    if (event.kind === 'callNext') {
      const lease = usableLease(ctx);
      const waiting: (WaitingTicket & { row: HeldRow })[] = lease.map((row) => ({
        id: row.ticket_id,
        issuedAt: Date.parse(row.issued_at),
        priority: row.priority === 1,
        row,
      }));
      const next = nextTicket(waiting, desk, ctx.now().getTime());
      if (!next) throw new CoreError('unreachable', 'The queue host does not answer and this desk has no leased tickets left to call.');
      // The live call may have reached the host: applied there already it stands, otherwise it is never applied.
      queueEvent(ctx, { ...event, unanswered: true });
      queueEvent(ctx, { id: ctx.newId(), kind: 'call', ticket: next.id, at: event.at, ends: current?.ticket_id ?? null });
      if (current) sql(ctx.db, 'DELETE FROM queue_held WHERE ticket_id = ?').run(current.ticket_id);
      sql(ctx.db, "UPDATE queue_held SET state = 'called' WHERE ticket_id = ?").run(next.id);
      return calledHere(ticketOf(next.row), desk);
    }
    if (!current || current.ticket_id !== event.ticket) throw new CoreError('conflict', 'This ticket is not called at this desk.');
    queueEvent(ctx, event);
    const ticket = ticketOf(current);
    if (event.kind === 'recall') return calledHere(ticket, desk);
    sql(ctx.db, 'DELETE FROM queue_held WHERE ticket_id = ?').run(current.ticket_id);
    const status: TicketStatus = event.kind === 'skip' ? 'waiting' : event.kind === 'noShow' ? 'no_show' : 'served';
    return { ...ticket, status, calledDesk: event.kind === 'skip' ? null : desk };
  })();
}

/**
 * One exchange with the host at a time, per data file: the timer's sending of the outbox, the desk's actions and its
 * bar's questions wait for each other. Two at once would send the same events twice, and the answer that came last
 * (perhaps to the request sent first) would set the desk's lease copy and current ticket; an action taken while cut
 * off would be recorded between another's request and its answer.
 */
const deskTurns = new WeakMap<DB, Promise<unknown>>();
function inTurn<T>(ctx: CoreContext, work: () => Promise<T>): Promise<T> {
  const before = deskTurns.get(ctx.db) ?? Promise.resolve();
  const turn = before.then(work, work);
  deskTurns.set(
    ctx.db,
    turn.catch(() => undefined),
  );
  return turn;
}

/** A desk's action through the host; from its lease when the host cannot be reached. */
export function deskAction(ctx: CoreContext, host: QueueHostAddress, action: LiveAction): Promise<QueueTicketView | null> {
  return inTurn(ctx, async () => {
    if (action.kind === 'callNext') clearDeskRefused(ctx);
    const event = eventOf(ctx, action);
    const answer = await exchange(ctx, host, event);
    if (!answer) {
      const result = offline(ctx, event);
      ctx.changed(['queue']);
      return result;
    }
    const outcome = answer.outcomes.find((o) => o.id === event.id);
    if (outcome?.outcome === 'conflict') throw new CoreError('conflict', 'This ticket is not called at this desk.');
    return outcome?.ticket ?? null;
  });
}

/** What the desk bar shows: the called ticket, how many wait, and how the desk stands with its host. */
export function deskStateVia(ctx: CoreContext, host: QueueHostAddress): Promise<QueueDeskState> {
  return inTurn(ctx, async () => {
    const answer = await exchange(ctx, host);
    const refused = readDeskRefused(ctx);
    if (answer) return { current: answer.current, waiting: answer.waiting, link: link(ctx), refused };
    const current = held(ctx, 'called')[0];
    return { current: current ? calledHere(ticketOf(current), deskName(ctx)) : null, waiting: usableLease(ctx).length, link: link(ctx), refused };
  });
}

/** Connected, working from N leased tickets, or cut off with none left; and how many events wait to be sent. */
export function link(ctx: CoreContext): QueueLink {
  const connected = lastAnswer.get(ctx.db)?.ok ?? false;
  const leased = usableLease(ctx).length;
  const unsent = sql(ctx.db, 'SELECT count(*) FROM queue_outbox').pluck<number>().get()!;
  return { state: connected ? 'connected' : leased > 0 ? 'leased' : 'no_lease', leased, unsent };
}

/** Sends what waits in the outbox, if anything (a timer calls it while the desk is idle). */
export function flushOutbox(ctx: CoreContext, host: QueueHostAddress): Promise<boolean> {
  return inTurn(ctx, async () => {
    if (!(await sendDoorOutbox(ctx, host))) return false;
    if (sql(ctx.db, 'SELECT count(*) FROM queue_outbox').pluck<number>().get()! === 0) return true;
    return (await exchange(ctx, host)) !== undefined;
  });
}

// ---------------------------------------------------------------------------
// A greeter: tickets from the host; cut off, from its own prefix's block for that, sent when the host answers.

/** This greeter's prefix at its host, as the host last said it (a greeter cut off numbers its tickets with it). */
const DOOR_PREFIX = 'queue.door.prefix';
/** The last number this greeter used from its offline block, with its day: "2026-12-03:5002". */
const DOOR_OFFLINE_SEQ = 'queue.door.offlineSeq';

/** The tickets issued while cut off that the host refused (their number taken), newest first, to show at the door. */
const DOOR_REFUSED = 'queue.door.refused';
const DOOR_REFUSED_KEPT = 50;
export interface DoorRefused {
  id: string;
  number: string;
  issuedAt: string;
}
const readDoorRefused = (ctx: CoreContext): DoorRefused[] => readSettingList(ctx, DOOR_REFUSED, DOOR_REFUSED_KEPT);
/** This greeter's tickets the host refused, issued today or yesterday, newest first. */
export function doorRefused(ctx: CoreContext): DoorRefused[] {
  const since = ctx.now().getTime() - 36 * 3600_000;
  return readDoorRefused(ctx).filter((r) => Date.parse(r.issuedAt) >= since);
}

function rememberPrefix(ctx: CoreContext, prefix: string | null | undefined): void {
  if (prefix && /^[A-Z0-9]{1,3}$/.test(prefix) && readSetting(ctx.db, DOOR_PREFIX) !== prefix) writeSetting(ctx.db, DOOR_PREFIX, prefix);
}

interface DoorRow {
  ticket_id: string;
  prefix: string;
  day: string;
  seq: number;
  ticket: string;
}

const doorTicketOf = (row: DoorRow): DoorTicket => DoorTicketSchema.parse(JSON.parse(row.ticket));

/** A ticket issued while cut off, as the greeter's screen and its printer show it (no estimate: the host has none yet). */
function doorView(ctx: CoreContext, prefix: string, t: DoorTicket, status: TicketStatus = 'waiting'): QueueTicketView {
  return {
    id: t.id,
    number: ticketNumber(prefix, t.seq),
    lane: t.priority.length > 0 ? 'priority' : 'general',
    status,
    issuedAt: t.issuedAt,
    householdSize: t.householdSize,
    language: t.language,
    headName: t.headName,
    forDesk: t.forDesk ?? null,
    calledDesk: null,
    estimatedWaitMinutes: null,
    nextSteps: slipSettings(ctx.db).nextSteps[t.language],
    unsent: true,
  };
}

/** Cut off: the next number of this greeter's offline block, kept in its own file until the host has it. */
function issueOffline(ctx: CoreContext, prefix: string, input: IssueTicket): QueueTicketView {
  const now = ctx.now();
  const day = localDate(now);
  const ticket = ctx.db.transaction(() => {
    const [lastDay, lastSeq] = (readSetting(ctx.db, DOOR_OFFLINE_SEQ) ?? '').split(':');
    // A new day starts the block again, after any number of an earlier day still unsent: the host takes those in on its
    // today (lan-host.ts applyDoorTickets), where they must not meet today's numbers.
    const unsentBefore = sql(ctx.db, 'SELECT max(seq) FROM queue_door_outbox WHERE day < ?').pluck<number | null>().get(day);
    const seq = lastDay === day ? Number(lastSeq) + 1 : unsentBefore ? unsentBefore + 1 : OFFLINE_SEQ_FROM;
    if (!Number.isInteger(seq) || seq > OFFLINE_SEQ_TO) throw new CoreError('unreachable', 'The queue host does not answer and no number is left to issue.');
    const t: DoorTicket = {
      id: ctx.newId(),
      day,
      seq,
      issuedAt: now.toISOString(),
      householdSize: input.householdSize,
      language: input.language,
      priority: [...input.priority],
      headName: input.headName,
      ...(input.forDesk ? { forDesk: input.forDesk } : {}),
      // The press: if the host did issue a ticket for it (its answer lost), this one takes that one's place there.
      ...(input.requestId ? { requestId: input.requestId } : {}),
    };
    sql(ctx.db, 'INSERT INTO queue_door_outbox (ticket_id, prefix, day, seq, ticket) VALUES (?, ?, ?, ?, ?)').run(t.id, prefix, day, seq, JSON.stringify(t));
    writeSetting(ctx.db, DOOR_OFFLINE_SEQ, `${day}:${seq}`);
    return t;
  })();
  ctx.changed(['queue']);
  return doorView(ctx, prefix, ticket);
}

/**
 * Tickets per request sending the door outbox: the largest door ticket (a 200-character name in Armenian) sealed is
 * about 1 KB, so a slice stays far below the host's body limit (256 KB).
 */
export const DOOR_SLICE = 100;

/**
 * Sends the tickets issued while cut off, slice after slice until none is left; false when the host cannot be
 * reached. Every other request of a greeter sends them first: the host dates a ticket issued while cut off no
 * earlier than the greeter's last other request (lan-host.ts applyDoorTickets), so nothing else may reach it before.
 */
async function sendDoorOutbox(ctx: CoreContext, host: QueueHostAddress): Promise<boolean> {
  for (;;) {
    const sent = await sendDoorSlice(ctx, host);
    if (sent !== 'more') return sent;
  }
}

async function sendDoorSlice(ctx: CoreContext, host: QueueHostAddress): Promise<boolean | 'more'> {
  const rows = sql<DoorRow>(ctx.db, `SELECT * FROM queue_door_outbox ORDER BY day, seq LIMIT ${DOOR_SLICE}`).all();
  if (rows.length === 0) return true;
  try {
    const answer = await signedPost(ctx, host, '/queue/issued', { sentAt: ctx.now().toISOString(), tickets: rows.map(doorTicketOf) }, IssuedAnswerSchema);
    // Taken, taken before, or refused (its number taken: it cannot be sent again any better): no longer this file's.
    const done = sql(ctx.db, 'DELETE FROM queue_door_outbox WHERE ticket_id = ?');
    const today = localDate(ctx.now());
    const sentRows = new Map(rows.map((r) => [r.ticket_id, r]));
    ctx.db.transaction(() => {
      // A printed number the host refused is kept in sight at the door, for the greeter to find the family.
      const refused = answer.outcomes.filter((o) => o.outcome === 'conflict' && sentRows.has(o.id));
      if (refused.length > 0) {
        const kept = refused.map((o) => {
          const row = sentRows.get(o.id)!;
          return { id: o.id, number: ticketNumber(row.prefix, row.seq), issuedAt: doorTicketOf(row).issuedAt };
        });
        writeSetting(ctx.db, DOOR_REFUSED, JSON.stringify([...kept, ...readDoorRefused(ctx)].slice(0, DOOR_REFUSED_KEPT)));
      }
      for (const o of answer.outcomes) done.run(o.id);
      // An earlier day's numbers the host took in on its today: today's next offline number comes after them.
      const moved = Math.max(0, ...rows.filter((r) => r.day < today).map((r) => r.seq));
      const [lastDay, lastSeq] = (readSetting(ctx.db, DOOR_OFFLINE_SEQ) ?? '').split(':');
      const last = lastDay === today ? Number(lastSeq) : 0;
      if (moved > last) writeSetting(ctx.db, DOOR_OFFLINE_SEQ, `${today}:${moved}`);
    })();
    ctx.changed(['queue']);
    return rows.length === DOOR_SLICE ? 'more' : true;
  } catch (error) {
    if (error instanceof HostUnreachable) return false;
    throw error;
  }
}

/**
 * The press sent to the host. An answer lost on the way (the connection cut: the host may have issued the ticket) is
 * asked for once more at once, with the same request id: the host answers with the ticket it issued for it, if any.
 */
async function issueAtHost(ctx: CoreContext, host: QueueHostAddress, press: IssueTicket): Promise<QueueTicketView> {
  const body = { ...press, priority: press.priority };
  try {
    return await signedPost(ctx, host, '/queue/issue', body, TicketViewSchema);
  } catch (error) {
    if (!(error instanceof HostUnreachable) || error.reason !== 'network') throw error;
    return signedPost(ctx, host, '/queue/issue', body, TicketViewSchema);
  }
}

/**
 * A greeter's ticket from the host, numbered with the greeter's prefix (the tickets it issued while cut off go
 * first). Cut off, it is numbered from the greeter's own prefix's block for that and kept to be sent; a greeter whose
 * prefix the host never told is told no ticket was issued. One press is one ticket: its request id (made here when the
 * screen gave none) goes with every sending of it, to the host and in the ticket issued while cut off.
 */
export function issueVia(ctx: CoreContext, host: QueueHostAddress, input: IssueTicket): Promise<QueueTicketView> {
  const press: IssueTicket = { ...input, requestId: input.requestId ?? ctx.newId() };
  // The host away a moment ago: issued from the block at once, without waiting for the turn of the outbox's timer
  // (which may be waiting for the host itself). One press is still one ticket: its id goes with it.
  const known = readSetting(ctx.db, DOOR_PREFIX);
  if (known && hostKnownAway(ctx)) return new Promise((resolve) => resolve(issueOffline(ctx, known, press)));
  return inTurn(ctx, async () => {
    try {
      if (!(await sendDoorOutbox(ctx, host))) throw new HostUnreachable('network');
      const ticket = await issueAtHost(ctx, host, press);
      rememberPrefix(ctx, ticket.number.split('-')[0]);
      return ticket;
    } catch (error) {
      if (error instanceof HostUnreachable) {
        const prefix = readSetting(ctx.db, DOOR_PREFIX);
        if (prefix) return issueOffline(ctx, prefix, press);
        throw new CoreError('unreachable', 'The queue host does not answer: no ticket was issued. Check the network, or write the number by hand.');
      }
      throw error;
    }
  });
}

/** One of this greeter's tickets again (a reprint), or cancelled, at the host; one not sent yet, here. */
export async function greeterTicketVia(ctx: CoreContext, host: QueueHostAddress, id: string, cancel: boolean): Promise<QueueTicketView> {
  const unsent = sql<DoorRow>(ctx.db, 'SELECT * FROM queue_door_outbox WHERE ticket_id = ?').get(id);
  if (unsent) {
    if (cancel) {
      sql(ctx.db, 'DELETE FROM queue_door_outbox WHERE ticket_id = ?').run(id);
      ctx.changed(['queue']);
    }
    return doorView(ctx, unsent.prefix, doorTicketOf(unsent), cancel ? 'cancelled' : 'waiting');
  }
  return inTurn(ctx, async () => {
    try {
      // The tickets issued while cut off first (a request before them would date them to now).
      if (!(await sendDoorOutbox(ctx, host))) throw new HostUnreachable('network');
      return await signedPost(ctx, host, cancel ? '/queue/cancel' : '/queue/ticket', { id }, TicketViewSchema);
    } catch (error) {
      if (error instanceof HostUnreachable) throw new CoreError('unreachable', 'The queue host does not answer.');
      throw error;
    }
  });
}

/**
 * The supervisor's view of the queue the host keeps, and who waits there (without names), for a desk's supervisors.
 * The host can check only that a desk asks, not who is signed in at it: the supervisor's role is checked here, by the
 * desk's own methods (queue.overview and queue.waiting in api/roles.ts), before anything is sent.
 */
export async function overviewVia(ctx: CoreContext, host: QueueHostAddress): Promise<OverviewAnswer> {
  try {
    return await signedPost(ctx, host, '/queue/overview', {}, OverviewAnswerSchema);
  } catch (error) {
    if (error instanceof HostUnreachable) throw new CoreError('unreachable', 'The queue host does not answer.');
    throw error;
  }
}

/** Who the host takes this station for (and, when it is no member yet, the host remembers it for a supervisor). */
export function hello(ctx: CoreContext, host: QueueHostAddress): Promise<HelloAnswer | { member: false }> {
  return inTurn(ctx, () => helloNow(ctx, host));
}

async function helloNow(ctx: CoreContext, host: QueueHostAddress): Promise<HelloAnswer | { member: false }> {
  try {
    // A greeter's tickets issued while cut off first (a request before them would date them to now).
    if (!(await sendDoorOutbox(ctx, host))) throw new HostUnreachable('network');
    const answer = await signedPost(ctx, host, '/queue/hello', { label: deskName(ctx) }, HelloAnswerSchema);
    if (answer.role === 'greeter') rememberPrefix(ctx, answer.prefix);
    return answer;
  } catch (error) {
    if (error instanceof CoreError && error.code === 'forbidden') return { member: false };
    throw error;
  }
}

/** The board from the host, at once (`after` undefined) or when it changes after that revision (long poll). */
export async function boardVia(host: QueueHostAddress, after?: number, waitMs = LAN_CLIENT.timeoutMs): Promise<{ rev: number; board: QueueBoard }> {
  const query = after === undefined ? '' : `?after=${after}`;
  let res: Response;
  try {
    res = await fetch(`${host.url}/queue/board${query}`, { signal: AbortSignal.timeout(waitMs) });
  } catch {
    throw new CoreError('unreachable', 'The queue host does not answer.');
  }
  const parsed = BoardAnswerSchema.safeParse(await res.json().catch(() => undefined));
  if (!res.ok || !parsed.success) throw new CoreError('unreachable', 'The queue host gave no board.');
  return parsed.data;
}
