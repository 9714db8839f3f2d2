import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BATCH_MAX_BYTES } from '../batch/cut.js';
import { BatchError, manifestHeadLength } from '../batch/envelope.js';
import { chunksSource, type ByteSource } from '../batch/envelope-v2.js';
import { BodyCut, BodyTooLarge, InFlight, readBody, TooMuchInFlight } from './body.js';
import { HubRefusal, type HubService } from './service.js';

/**
 * The hub over HTTP (docs/sync-openapi.yaml), on node:http: 127.0.0.1 unless told another address, request bodies
 * limited in size (413), requests limited in rate per remote address (429 with Retry-After), bytes held for uploads
 * in flight capped (503 with Retry-After). Cheap checks first: the manifest at the head of an upload is read as soon
 * as it arrives, and a station key that is not enrolled is refused (403) before the rest of the body is read. A
 * batch is then read whole before it is applied: a connection cut halfway through changes nothing at the hub. The
 * body is held once, in the pieces it came in (a version 2 batch is then verified and applied chunk by chunk from
 * them, never copied whole). Every
 * refusal is one log line (time, remote address, station, batch, code) and is counted.
 */

/** One request holds one batch file: the largest a desk cuts its backlog into. */
export const DEFAULT_MAX_BODY_BYTES = BATCH_MAX_BYTES;

export interface RateLimit {
  /** Requests a remote address may make at once (the bucket's size). */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export const DEFAULT_RATE: RateLimit = { burst: 60, perSecond: 20 };

/** Upload bytes the hub holds at once, all requests together; beyond it an upload is answered 503 + Retry-After. */
export const DEFAULT_MAX_IN_FLIGHT_BYTES = 160 * 1024 * 1024;

export interface HubServerOptions {
  host?: string;
  port?: number;
  maxBodyBytes?: number;
  /** Upload bytes held at once, all requests together (503 beyond it). */
  maxInFlightBytes?: number;
  rate?: RateLimit;
  /** A request's body must arrive within this many ms (a stalled upload is dropped). */
  requestTimeoutMs?: number;
  log?: (line: string) => void;
  /** Clock for the rate limiter (tests). */
  nowMs?: () => number;
}

export interface RunningHubServer {
  server: Server;
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

// A batch id as desks make them (a UUID); anything else is refused before use.
const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A token bucket per remote address; idle full buckets are dropped so the map stays small. */
export function createRateLimiter(rate: RateLimit, nowMs: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** 0 when the request may go ahead, otherwise the ms to wait before asking again. */
    take(key: string): number {
      const now = nowMs();
      if (buckets.size > 10_000) {
        for (const [k, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * rate.perSecond >= rate.burst) buckets.delete(k);
      }
      const bucket = buckets.get(key) ?? { tokens: rate.burst, at: now };
      bucket.tokens = Math.min(rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * rate.perSecond);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - bucket.tokens) / rate.perSecond) * 1000);
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

const problem = (code: string, message: string) => ({ error: { code, message } });

export function createHubServer(hub: HubService, options: HubServerOptions = {}): Promise<RunningHubServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const inFlight = new InFlight(options.maxInFlightBytes ?? DEFAULT_MAX_IN_FLIGHT_BYTES);
  const limiter = createRateLimiter(options.rate ?? DEFAULT_RATE, options.nowMs);
  const log = options.log ?? (() => {});
  const remoteOf = (req: IncomingMessage) => req.socket.remoteAddress ?? '?';

  /** One line per refusal (time, remote address, station, batch, code), and the answer. */
  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    about: { station?: string; batch?: string; counted?: boolean; headers?: Record<string, string> } = {},
  ): void {
    const clean = (v: string | undefined) => (v ?? '-').replace(/[^A-Za-z0-9._:-]/g, '?').slice(0, 80) || '-';
    log(`refused remote=${clean(remoteOf(req))} station=${clean(about.station)} batch=${clean(about.batch)} status=${status} code=${clean(code)}`);
    if (!about.counted) {
      try {
        hub.refused(code);
      } catch {
        // Counting never stops an answer.
      }
    }
    send(res, status, problem(code, message), about.headers);
  }

  /** Refuses an upload without reading the rest of its body: the answer, then the connection ends. */
  function refuseUnread(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: string,
    message: string,
    about: Parameters<typeof refuse>[5] = {},
  ): void {
    refuse(req, res, status, code, message, { ...about, headers: { ...about.headers, Connection: 'close' } });
    res.once('finish', () => setImmediate(() => req.socket.destroy()));
  }

  async function upload(req: IncomingMessage, res: ServerResponse, batchId: string): Promise<void> {
    const remote = remoteOf(req);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBody) {
      return refuseUnread(req, res, 413, 'sync.too_large', `A batch may be at most ${maxBody} bytes; this one is ${declared}.`, { batch: batchId });
    }
    let station: string | undefined;
    let body: { bytes: ByteSource; held: number };
    try {
      // The manifest at the head is checked as soon as it is there (an unknown station key goes no further); the
      // pieces as they came are then read in place: the body is held once, never copied into one buffer.
      const read = await readBody(req, {
        limit: maxBody,
        inFlight,
        head: {
          length: manifestHeadLength,
          check: (head) => {
            station = hub.admit(head, batchId, remote).stationId;
          },
        },
      });
      body = { bytes: chunksSource(read.chunks), held: read.held };
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return refuseUnread(req, res, 413, 'sync.too_large', `A batch may be at most ${maxBody} bytes.`, { batch: batchId });
      }
      if (error instanceof TooMuchInFlight) {
        return refuseUnread(req, res, 503, 'sync.busy', 'The hub is taking in other batches; send this one again shortly. Nothing of it was applied.', {
          batch: batchId,
          headers: { 'Retry-After': '5' },
        });
      }
      if (error instanceof HubRefusal) {
        return refuseUnread(req, res, error.status, error.code, error.message, { station: error.stationId, batch: batchId, counted: true });
      }
      if (error instanceof BatchError) {
        return refuseUnread(req, res, 422, `batch.refused.${error.code}`, error.message, { batch: batchId });
      }
      if (error instanceof BodyCut) {
        log(`upload of ${batchId} from ${remote} was cut before its end; nothing was taken in`);
        res.destroy();
        return;
      }
      throw error;
    }
    try {
      if (body.bytes.size === 0) return refuse(req, res, 400, 'sync.empty', 'The request carried no batch file.', { batch: batchId });
      let received;
      try {
        received = hub.receive(body.bytes, batchId, remote);
      } catch (error) {
        if (error instanceof HubRefusal) {
          return refuse(req, res, error.status, error.code, error.message, { station: error.stationId || station, batch: batchId, counted: true });
        }
        throw error;
      }
      log(`${received.created ? 'received' : 'already had'} batch ${batchId} (${body.bytes.size} bytes) from ${remote}`);
      send(res, received.created ? 201 : 200, {
        status: received.created ? 'received' : 'duplicate',
        receipt: received.receipt,
        missing: received.missing,
      });
    } finally {
      inFlight.give(body.held);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wait = limiter.take(remoteOf(req));
    if (wait > 0) {
      req.resume();
      return refuse(req, res, 429, 'sync.rate_limited', 'Too many requests from this address; try again later.', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) },
      });
    }
    let url: URL;
    let parts: string[];
    try {
      url = new URL(req.url ?? '/', 'http://hub.invalid');
      parts = url.pathname
        .split('/')
        .filter(Boolean)
        .map((p) => decodeURIComponent(p));
    } catch {
      req.resume();
      return refuse(req, res, 400, 'sync.bad_request', 'The address of the request is malformed.');
    }
    const method = req.method ?? 'GET';
    const notAllowed = (allow: string) => {
      req.resume();
      send(res, 405, problem('sync.method', `Use ${allow} here.`), { Allow: allow });
    };

    if (parts.length === 1 && parts[0] === 'hub') {
      if (method !== 'GET') return notAllowed('GET');
      return send(res, 200, hub.identity(url.searchParams.get('challenge') ?? undefined));
    }
    if (parts[0] === 'batches' && parts.length === 1) {
      if (method !== 'POST') return notAllowed('POST');
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !BATCH_ID.test(key)) {
        req.resume();
        return refuse(req, res, 400, 'sync.idempotency_key', 'POST /batches needs an Idempotency-Key header holding the batch id.');
      }
      return upload(req, res, key);
    }
    if (parts[0] === 'batches' && parts.length >= 2 && parts.length <= 3) {
      const id = parts[1] ?? '';
      if (!BATCH_ID.test(id)) {
        req.resume();
        return refuse(req, res, 400, 'sync.bad_id', 'That is not a batch id.');
      }
      if (parts.length === 2) {
        if (method !== 'PUT') return notAllowed('PUT');
        return upload(req, res, id);
      }
      if (parts[2] !== 'receipt') return send(res, 404, problem('sync.not_found', 'No such address on this hub.'));
      if (method !== 'GET') return notAllowed('GET');
      const receipt = hub.receipt(id);
      return receipt
        ? send(res, 200, { status: 'duplicate', receipt, missing: [] })
        : send(res, 404, problem('sync.unknown_batch', 'This hub has not received that batch.'));
    }
    if (parts[0] === 'stations' && parts.length === 3 && parts[2] === 'ranges') {
      if (method !== 'GET') return notAllowed('GET');
      return send(res, 200, hub.ranges(parts[1] ?? ''));
    }
    req.resume();
    send(res, 404, problem('sync.not_found', 'No such address on this hub.'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HubRefusal) {
        refuse(req, res, error.status, error.code, error.message, { station: error.stationId, counted: true });
        return;
      }
      log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      send(res, 500, problem('sync.internal', 'The hub could not take this request in; nothing of it was applied. It will be tried again.'));
    });
  });
  server.requestTimeout = options.requestTimeoutMs ?? 5 * 60_000;
  server.headersTimeout = Math.min(60_000, server.requestTimeout);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        server,
        host: address.address,
        port: address.port,
        url: `http://${shownHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
