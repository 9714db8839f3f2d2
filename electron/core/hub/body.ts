import type { IncomingMessage } from 'node:http';

/**
 * Reading a request's body in bounded memory, for the hub's server (hub/server.ts) and the loopback harness
 * (web/server.ts): the limit is enforced while the bytes arrive (the request is paused and the caller answers 413),
 * every chunk may be counted against bytes held by all requests together, and the first bytes may be checked as soon
 * as they are there (the hub's look at a batch's manifest before the rest arrives). The body is kept in the pieces
 * it came in: nothing is copied whole unless the caller asks.
 */

/** More bytes than the limit (413). */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request is larger than ${limit} bytes.`);
    this.name = 'BodyTooLarge';
  }
}

/** The connection was cut before the body's end. */
export class BodyCut extends Error {
  constructor() {
    super('The request was cut before its end.');
    this.name = 'BodyCut';
  }
}

/** Taking this body would hold more bytes than all requests together may (503). */
export class TooMuchInFlight extends Error {
  constructor() {
    super('Too many bytes are held by requests in flight.');
    this.name = 'TooMuchInFlight';
  }
}

/** Bytes held by bodies in flight, all requests together. */
export class InFlight {
  bytes = 0;
  constructor(readonly cap: number) {}
  take(n: number): boolean {
    if (this.bytes + n > this.cap) return false;
    this.bytes += n;
    return true;
  }
  give(n: number): void {
    this.bytes = Math.max(0, this.bytes - n);
  }
}

export interface BodyOptions {
  /** The most bytes the body may have; beyond it the reading stops with BodyTooLarge. */
  limit: number;
  /** Counted chunk by chunk; what this body holds is given back on failure, and by the caller (`held`) when done. */
  inFlight?: InFlight;
  /**
   * A look at the first bytes: `length` says how many it needs once it sees the first ones (undefined: not known
   * yet; it may throw), `check` sees them as soon as they are there, or the whole body when it is shorter, and may
   * throw to refuse the request without reading the rest.
   */
  head?: { length(first: Buffer): number | undefined; check(head: Buffer): void };
}

export interface Body {
  /** The pieces as they came. */
  chunks: Buffer[];
  size: number;
  /** Bytes counted against `inFlight`, for the caller to give back. */
  held: number;
}

/**
 * Reads a body up to `options.limit` bytes. On any failure the request is paused (the caller answers and closes
 * the connection) and the bytes held are given back.
 */
export function readBody(req: IncomingMessage, options: BodyOptions): Promise<Body> {
  const { limit, inFlight, head } = options;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let headChecked = head === undefined;
    let held = 0;
    const finish = (error?: unknown) => {
      if (done) return;
      done = true;
      if (error) {
        req.pause();
        inFlight?.give(held);
        reject(error);
      } else resolve({ chunks, size, held });
    };
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      finish(new BodyTooLarge(limit));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) return finish(new BodyTooLarge(limit));
      if (inFlight && !inFlight.take(chunk.length)) return finish(new TooMuchInFlight());
      if (inFlight) held += chunk.length;
      chunks.push(chunk);
      if (!headChecked && head) {
        try {
          const first = chunks.length === 1 ? chunk : Buffer.concat(chunks, size);
          const needed = head.length(first);
          if (needed !== undefined && size >= needed) {
            headChecked = true;
            head.check(first);
          }
        } catch (error) {
          finish(error);
        }
      }
    });
    req.on('end', () => {
      if (!headChecked && head && size > 0) {
        try {
          head.check(Buffer.concat(chunks, size));
        } catch (error) {
          finish(error);
          return;
        }
      }
      finish();
    });
    req.on('aborted', () => finish(new BodyCut()));
    req.on('error', () => finish(new BodyCut()));
    req.on('close', () => {
      if (!req.complete) finish(new BodyCut());
    });
  });
}

/** A whole body as UTF-8 text, within `limit` bytes (the harness's JSON requests). */
export async function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  const { chunks, size } = await readBody(req, { limit });
  return Buffer.concat(chunks, size).toString('utf8');
}
