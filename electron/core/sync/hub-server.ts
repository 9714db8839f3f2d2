import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HubRefusal, type HubService } from './hub.js';

/**
 * The hub over HTTP (docs/sync-openapi.yaml), on node:http: 127.0.0.1 unless told another address, request bodies
 * limited in size (413), requests limited in rate per remote address (429 with Retry-After). A batch is read whole
 * before anything is done with it: a connection cut halfway through the body changes nothing at the hub.
 */

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RateLimit {
  /** Requests a remote address may make at once (the bucket's size). */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export const DEFAULT_RATE: RateLimit = { burst: 60, perSecond: 20 };

export interface HubServerOptions {
  host?: string;
  port?: number;
  maxBodyBytes?: number;
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

const BATCH_ID = /^[A-Za-z0-9._-]{1,100}$/;

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

class BodyTooLarge extends Error {}
class BodyCut extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size));
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish());
    req.on('aborted', () => finish(new BodyCut()));
    req.on('error', () => finish(new BodyCut()));
    req.on('close', () => {
      if (!req.complete) finish(new BodyCut());
    });
  });
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
  const limiter = createRateLimiter(options.rate ?? DEFAULT_RATE, options.nowMs);
  const log = options.log ?? (() => {});

  async function upload(req: IncomingMessage, res: ServerResponse, batchId: string): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxBody) {
      send(res, 413, problem('sync.too_large', `A batch may be at most ${maxBody} bytes; this one is ${declared}.`), { Connection: 'close' });
      req.resume();
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await readBody(req, maxBody);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        send(res, 413, problem('sync.too_large', `A batch may be at most ${maxBody} bytes.`), { Connection: 'close' });
        // Stop reading the rest; the client sees the answer and the connection ends.
        setImmediate(() => req.socket.destroy());
        return;
      }
      log(`upload of ${batchId} from ${req.socket.remoteAddress ?? '?'} was cut before its end; nothing was taken in`);
      res.destroy();
      return;
    }
    if (bytes.length === 0) return send(res, 400, problem('sync.empty', 'The request carried no batch file.'));
    const received = hub.receive(bytes, batchId);
    log(`${received.created ? 'received' : 'already had'} batch ${batchId} (${bytes.length} bytes) from ${req.socket.remoteAddress ?? '?'}`);
    send(res, received.created ? 201 : 200, {
      status: received.created ? 'received' : 'duplicate', receipt: received.receipt, missing: received.missing,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wait = limiter.take(req.socket.remoteAddress ?? 'unknown');
    if (wait > 0) {
      req.resume();
      return send(res, 429, problem('sync.rate_limited', 'Too many requests from this address; try again later.'), {
        'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))),
      });
    }
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
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
        return send(res, 400, problem('sync.idempotency_key', 'POST /batches needs an Idempotency-Key header holding the batch id.'));
      }
      return upload(req, res, key);
    }
    if (parts[0] === 'batches' && parts.length >= 2 && parts.length <= 3) {
      const id = parts[1] ?? '';
      if (!BATCH_ID.test(id)) {
        req.resume();
        return send(res, 400, problem('sync.bad_id', 'That is not a batch id.'));
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
        send(res, error.status, problem(error.code, error.message));
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
