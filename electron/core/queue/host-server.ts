import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import { loadStationKeys } from '../batch/keys.js';
import type { KeyPair } from '../batch/raw-keys.js';
import type { ChangeKind, CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { BodyCut, BodyTooLarge, readBody } from '../hub/body.js';
import { createRateLimiter, type RateLimit } from '../hub/server.js';
import { parseWith } from '../wire.js';
import { applyDeskEvents, applyDoorTickets, memberByKey, memberSeen, recordKnock, type QueueMember } from './lan-host.js';
import { HostBox } from './lan-box.js';
import { NonceBook, readSignedHeaders, requestSignatureIsValid, signAnswer, type SignedHeaders } from './lan-sign.js';
import {
  DeskRequestSchema,
  HelloRequestSchema,
  OverviewRequestSchema,
  IssueRequestSchema,
  IssuedRequestSchema,
  TicketRequestSchema,
  type BoardAnswer,
  type HelloAnswer,
  type KeyAnswer,
  type OverviewAnswer,
} from './lan-wire.js';
import { cancelTicket, getTicket, issueTicket, queueBoard, queueOverviewListed } from './tickets.js';
import { sql } from '../db/statements.js';

/**
 * The queue host over HTTP (issue 17; docs/queue-host.md): desks and greeters of the centre reach it on the local
 * network with requests signed by their station keys; the waiting area's display reads the board unsigned.
 *
 *   GET  /queue/board?after=REV   the board now, or as soon as it changes after revision REV (long poll), unsigned
 *   POST /queue/key               the host's box key for this run (lan-box.ts): request and answer bodies are sealed
 *   POST /queue/hello             who the host takes this key for (a key no member is kept for a supervisor to admit)
 *   POST /queue/desk              a desk's events, applied once each; its lease topped up (lan-host.ts)
 *   POST /queue/overview          the supervisor's view of the queue and who waits (no names), for a desk's supervisors
 *   POST /queue/issue             a greeter's ticket, numbered with the greeter's own prefix
 *   POST /queue/issued            tickets a greeter issued while cut off, from its prefix's block for that
 *   POST /queue/ticket            one of the greeter's own tickets again (a reprint); /queue/cancel cancels it
 *
 * Checks, cheapest first: rate per remote address (429), path and method (404, 405), body size (413), the signing
 * headers' shape (401), the time within the window (401 queue.stale, with the host's time), the key a member, not
 * revoked (403; a key never seen is remembered as pending once its signature holds), the signature (401), the nonce
 * never seen (409, in bounded memory), the body sealed to this run's box key (426 queue.upgrade for plaintext, 409
 * queue.rekey, 400 queue.bad_box), the body's schema (400), the member's role (403). Every answer to a signed request
 * is signed by the host's station key and bound to the request's nonce; once the request's body is opened, the
 * answer's body is sealed to the desk that sent it.
 */

export interface QueueHostOptions {
  host?: string;
  port?: number;
  rate?: RateLimit;
  /** A request's time may differ from the host's by this much (ms). */
  windowMs?: number;
  maxBodyBytes?: number;
  /** How long a board request waits for a change before answering what is (ms). */
  longPollMs?: number;
  /** Board requests waiting at once; beyond it 503. */
  maxWaiting?: number;
  /** Board requests waiting at once from one remote address; beyond it 503 (one machine cannot hold them all). */
  maxWaitingPerAddress?: number;
  nowMs?: () => number;
  log?: (line: string) => void;
}

export interface RunningQueueHost {
  server: Server;
  url: string;
  port: number;
  /** The board's revision: bumped on every change of the queue. */
  rev(): number;
  close(): Promise<void>;
}

export const QUEUE_HOST_DEFAULTS = { windowMs: 5 * 60_000, maxBodyBytes: 256 * 1024, longPollMs: 25_000, maxWaiting: 500, maxWaitingPerAddress: 8 };
const RATE: RateLimit = { burst: 120, perSecond: 40 };

const PATHS = {
  '/queue/board': 'GET',
  '/queue/key': 'POST',
  '/queue/hello': 'POST',
  '/queue/desk': 'POST',
  '/queue/overview': 'POST',
  '/queue/issue': 'POST',
  '/queue/issued': 'POST',
  '/queue/ticket': 'POST',
  '/queue/cancel': 'POST',
} as const;
type Path = keyof typeof PATHS;
type Sealer = (status: number, text: string) => string;
const isPath = (p: string): p is Path => Object.hasOwn(PATHS, p);

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Whether the refusal is signed (and bound to the request's nonce); a replay's is not. */
    readonly signed = true,
  ) {
    super(message);
  }
}

interface QueueCore {
  ctx: CoreContext;
  onChange(listener: (kinds: ChangeKind[]) => void): () => void;
}

export function createQueueHostServer(core: QueueCore, options: QueueHostOptions = {}): Promise<RunningQueueHost> {
  const { ctx } = core;
  const o = { ...QUEUE_HOST_DEFAULTS, ...options };
  const nowMs = options.nowMs ?? Date.now;
  const log = options.log ?? (() => {});
  const limiter = createRateLimiter(options.rate ?? RATE, nowMs);
  const nonces = new NonceBook(o.windowMs);
  const startedAt = nowMs();
  const keys: KeyPair = loadStationKeys(ctx);
  // This run's box key (lan-box.ts): request and answer bodies are sealed with it; a restart makes a new one.
  const box = new HostBox();
  let rev = 1;
  const waiters = new Set<() => void>();
  /** Board requests waiting, per remote address. */
  const waitingFrom = new Map<string, number>();
  const unsubscribe = core.onChange((kinds) => {
    if (!kinds.includes('queue')) return;
    rev++;
    // After the transaction that changed the queue has ended.
    setImmediate(() => {
      for (const wake of [...waiters]) wake();
    });
  });
  const sweep = setInterval(() => nonces.sweep(nowMs()), 60_000);
  sweep.unref();

  function send(res: ServerResponse, status: number, body: unknown, nonce?: string, headers: Record<string, string> = {}, seal?: Sealer): void {
    if (res.headersSent || res.destroyed) return;
    const text = `${seal ? seal(status, JSON.stringify(body)) : JSON.stringify(body)}\n`;
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...(nonce ? signAnswer(keys, status, nonce, text) : {}),
      ...headers,
    });
    res.end(text);
  }

  const boardNow = (): BoardAnswer => ({ rev, board: queueBoard(ctx) });

  function board(req: IncomingMessage, res: ServerResponse, url: URL): void {
    req.resume();
    const after = Number(url.searchParams.get('after') ?? '');
    if (!Number.isInteger(after) || after < rev || after > rev) return send(res, 200, boardNow());
    const address = req.socket.remoteAddress ?? '?';
    const fromHere = waitingFrom.get(address) ?? 0;
    if (waiters.size >= o.maxWaiting || fromHere >= o.maxWaitingPerAddress)
      return send(res, 503, { error: { code: 'queue.busy', message: 'Too many screens are waiting; ask again.' } }, undefined, { 'Retry-After': '2' });
    waitingFrom.set(address, fromHere + 1);
    let waiting = true;
    const leave = () => {
      if (!waiting) return;
      waiting = false;
      waiters.delete(done);
      clearTimeout(timer);
      const left = (waitingFrom.get(address) ?? 1) - 1;
      if (left > 0) waitingFrom.set(address, left);
      else waitingFrom.delete(address);
    };
    const done = () => {
      leave();
      send(res, 200, boardNow());
    };
    const timer = setTimeout(done, o.longPollMs);
    waiters.add(done);
    res.on('close', leave);
  }

  /** Checks a signed request up to its signature and nonce; answers the member (or throws a Refusal). */
  async function admitted(req: IncomingMessage, path: string, signed: SignedHeaders): Promise<{ member: QueueMember | undefined; body: Buffer }> {
    const skew = signed.time - nowMs();
    if (Math.abs(skew) > o.windowMs) {
      throw new Refusal(401, 'queue.stale', 'The request’s time is too far from the host’s: set the clocks right.', {
        hostTime: new Date(nowMs()).toISOString(),
      });
    }
    // Nonces are kept in memory: a request signed before this server started could be one heard on the network
    // and replayed after a restart. The desk takes the host's time from this answer and asks again.
    if (signed.time < startedAt) {
      throw new Refusal(401, 'queue.stale', 'The request is older than the host’s start: ask again.', { hostTime: new Date(nowMs()).toISOString() });
    }
    const known = memberByKey(ctx, signed.key);
    if (known && known.status === 'revoked') throw new Refusal(403, 'queue.not_member', 'This station was removed from the queue host.');
    let body: Buffer;
    try {
      const read = await readBody(req, { limit: o.maxBodyBytes });
      body = Buffer.concat(read.chunks, read.size);
    } catch (error) {
      if (error instanceof BodyTooLarge) throw new Refusal(413, 'queue.too_large', `A request may be at most ${o.maxBodyBytes} bytes.`);
      throw error;
    }
    if (!requestSignatureIsValid(signed, req.method ?? '', path, body)) throw new Refusal(401, 'queue.bad_signature', 'The request’s signature does not hold.');
    // Only a member's nonces are kept: a key made up on the spot may only ask to join, which changes nothing twice,
    // and cannot fill the nonce book that members' requests need.
    if (known?.status !== 'member') return { member: known, body };
    const seen = nonces.remember(signed.nonce, signed.time, nowMs());
    // Not signed: a request heard on the network and sent again must not get a fresh answer signed for its nonce.
    if (seen === 'replayed') throw new Refusal(409, 'queue.replayed', 'This request was received before.', {}, false);
    if (seen === 'full') throw new Refusal(503, 'queue.busy', 'The host is busy; ask again.');
    return { member: known, body };
  }

  const json = (body: Buffer): unknown => {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new Refusal(400, 'queue.bad_request', 'The request’s body is not JSON.');
    }
  };
  const parse = <S extends z.ZodType>(schema: S, body: Buffer): z.output<S> =>
    parseWith(schema, json(body), (problem) => new Refusal(400, 'queue.bad_request', `The request is malformed: ${problem}`));

  async function signedRequest(req: IncomingMessage, res: ServerResponse, path: Exclude<Path, '/queue/board'>, pathAndQuery: string): Promise<void> {
    // The answer is signed and bound to the request's nonce once the headers are well formed, and sealed once the
    // request's body is opened (only the desk that sealed it can then read the answer).
    let nonce: string | undefined;
    let seal: Sealer | undefined;
    const reply = (status: number, body: unknown) => send(res, status, body, nonce, {}, seal);
    try {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (Number.isFinite(declared) && declared > o.maxBodyBytes) {
        throw new Refusal(413, 'queue.too_large', `A request may be at most ${o.maxBodyBytes} bytes.`);
      }
      const signed = readSignedHeaders(req.headers);
      if (!signed) throw new Refusal(401, 'queue.unsigned', 'Requests to the queue host are signed by a station key.');
      nonce = signed.nonce;
      const { member, body: sealed } = await admitted(req, pathAndQuery, signed);
      // The host's box key for this run: public, signed, and asked for before anything else is sent.
      if (path === '/queue/key') return reply(200, { boxKey: box.publicKey } satisfies KeyAnswer);
      const opened = box.open(sealed, { method: req.method ?? '', path: pathAndQuery, time: signed.time, nonce, stationKey: signed.key });
      if (!opened.ok) {
        if (opened.failure === 'not_sealed') {
          throw new Refusal(
            426,
            'queue.upgrade',
            'The queue host takes only encrypted requests, and this station sent one in plain text: its program is older than the host’s. Update the program on this station.',
          );
        }
        if (opened.failure === 'rekey') {
          throw new Refusal(409, 'queue.rekey', 'The queue host has a new key since this station asked for it: ask again.', { boxKey: box.publicKey });
        }
        throw new Refusal(400, 'queue.bad_box', 'The request’s encrypted body does not open: it was changed on the way.');
      }
      seal = opened.sealAnswer;
      const body = opened.plaintext;
      if (!member || member.status !== 'member') {
        const label = path === '/queue/hello' ? parse(HelloRequestSchema, body).label : '';
        recordKnock(ctx, signed.key, label);
        throw new Refusal(403, 'queue.not_member', 'This station is not admitted to the queue host yet: read its fingerprint to the supervisor.');
      }
      // Before the request is handled: `member` keeps when it was heard from before this one. Tickets a greeter issued
      // while cut off are no sign of it being in touch: sent in slices, each is dated from the time before all of them.
      if (path !== '/queue/issued') memberSeen(ctx, member);
      if (path === '/queue/hello') {
        const answer: HelloAnswer = { member: true, role: member.role, label: member.label, prefix: member.prefix, fingerprint: member.fingerprint };
        return reply(200, answer);
      }
      if (path === '/queue/desk') {
        if (member.role !== 'desk') throw new Refusal(403, 'queue.role', 'Only a desk calls tickets.');
        const input = parse(DeskRequestSchema, body);
        return reply(200, applyDeskEvents(ctx, member, input.events, input.sentAt));
      }
      if (path === '/queue/overview') {
        // What a member proves is its station key: an admitted desk. Who is signed in at that desk it cannot prove (the
        // desk's operators and their roles are in the desk's own file, unknown here), so the host cannot check that a
        // supervisor asks. The desk's own method asks that (api/roles.ts: queue.overview and queue.waiting are the
        // supervisors'); the answer holds no names and no texts, and a greeter is refused here.
        if (member.role !== 'desk') throw new Refusal(403, 'queue.role', 'Only a desk shows the queue to its supervisors.');
        parse(OverviewRequestSchema, body);
        const { list, more, ...overview } = queueOverviewListed(ctx);
        const answer: OverviewAnswer = { overview, waiting: list as OverviewAnswer['waiting'], more };
        return reply(200, answer);
      }
      if (member.role !== 'greeter' || !member.prefix) throw new Refusal(403, 'queue.role', 'Only a greeter issues tickets.');
      const actor = { id: `queue-member:${member.fingerprint}`, name: member.label, role: 'greeter' as const };
      if (path === '/queue/issue') return reply(201, issueTicket(ctx, actor, parse(IssueRequestSchema, body), member.prefix));
      if (path === '/queue/issued') {
        const input = parse(IssuedRequestSchema, body);
        return reply(200, applyDoorTickets(ctx, member, input.tickets, input.sentAt));
      }
      // A greeter sees and cancels only the tickets it issued.
      const { id } = parse(TicketRequestSchema, body);
      const row = sql<{ issued_by: string }>(ctx.db, 'SELECT issued_by FROM queue_tickets WHERE id = ?').get(id);
      if (!row || row.issued_by !== actor.id) throw new Refusal(404, 'queue.not_found', 'This greeter issued no such ticket.');
      return reply(200, path === '/queue/ticket' ? getTicket(ctx, id) : cancelTicket(ctx, actor, id));
    } catch (error) {
      if (error instanceof Refusal) {
        log(`refused remote=${req.socket.remoteAddress ?? '?'} path=${path} status=${error.status} code=${error.code}`);
        const closing = error.status === 413 ? { Connection: 'close' } : undefined;
        if (closing || error.status === 401) req.resume();
        send(res, error.status, { error: { code: error.code, message: error.message, ...error.extra } }, error.signed ? nonce : undefined, closing, seal);
        if (closing) res.once('finish', () => setImmediate(() => req.socket.destroy()));
        return;
      }
      if (error instanceof CoreError) {
        const status = error.code === 'forbidden' ? 403 : error.code === 'not_found' ? 404 : error.code === 'conflict' ? 409 : 400;
        return reply(status, { error: { code: `queue.${error.code}`, message: error.message } });
      }
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wait = limiter.take(req.socket.remoteAddress ?? '?');
    if (wait > 0) {
      req.resume();
      return send(res, 429, { error: { code: 'queue.rate_limited', message: 'Too many requests; try again shortly.' } }, undefined, {
        'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
      });
    }
    const raw = req.url ?? '/';
    if (raw.length > 2000) {
      req.resume();
      return send(res, 414, { error: { code: 'queue.bad_request', message: 'The address is too long.' } });
    }
    const url = new URL(raw, 'http://queue.invalid');
    const path = url.pathname;
    if (!isPath(path)) {
      req.resume();
      return send(res, 404, { error: { code: 'queue.not_found', message: 'No such address on the queue host.' } });
    }
    if (req.method !== PATHS[path]) {
      req.resume();
      return send(res, 405, { error: { code: 'queue.method', message: `Use ${PATHS[path]} here.` } }, undefined, { Allow: PATHS[path] });
    }
    if (path === '/queue/board') return board(req, res, url);
    return signedRequest(req, res, path, `${url.pathname}${url.search}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof BodyCut) {
        res.destroy();
        return;
      }
      log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(res, 500, { error: { code: 'queue.internal', message: 'The queue host could not answer; nothing was changed.' } });
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;

  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      unsubscribe();
      clearInterval(sweep);
      reject(error);
    });
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.removeAllListeners('error');
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        port: address.port,
        url: `http://${shown}:${address.port}`,
        rev: () => rev,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            clearInterval(sweep);
            for (const wake of [...waiters]) wake();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
