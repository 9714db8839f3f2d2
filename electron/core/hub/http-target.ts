import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { z } from 'zod';
import { HubIdentitySchema, ProblemSchema, StationRangesSchema, UploadAnswerSchema } from '../sync/answers.js';
import { parseRetryAfter, SyncFailure, type SyncTarget } from '../sync/target.js';
import { parseWith } from '../wire.js';

/**
 * The hub over HTTP(S) (docs/sync-openapi.yaml) with node:http: every request has a timeout (no byte in or out for
 * `timeoutMs` ends it), answers are size-limited and parsed strictly, and every failure becomes a SyncFailure the
 * outbox can act on (retry later, or not at all).
 */

export interface HttpTargetOptions {
  /** Inactivity timeout per request: connecting, sending, waiting for the answer. */
  timeoutMs?: number;
  /** Extra headers (none are needed; tests use it to tag requests). */
  headers?: Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'nothing answers at that address (the hub is not running, or the address is wrong)',
  ECONNRESET: 'the connection was cut',
  EPIPE: 'the connection was cut',
  ENOTFOUND: "the hub's name cannot be found (no network, or the address is wrong)",
  EAI_AGAIN: "the hub's name cannot be looked up (no network?)",
  EHOSTUNREACH: 'the hub cannot be reached (no network?)',
  ENETUNREACH: 'there is no network',
  ETIMEDOUT: 'the connection timed out',
};

function networkFailure(error: unknown, address: string): SyncFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const words =
    NETWORK_WORDS[code] ??
    (error instanceof Error && error.message === 'socket hang up' ? 'the connection was cut' : `the connection failed (${code || 'unknown error'})`);
  return new SyncFailure('unreachable', `The hub at ${address} could not be reached: ${words}.`, { code: code || 'network' });
}

export function createHttpTarget(baseUrl: string, options: HttpTargetOptions = {}): SyncTarget {
  const base = new URL(baseUrl);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError('The hub address must start with http:// or https://');
  const address = base.origin + base.pathname.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  function call(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
    const url = new URL(address + path);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: SyncFailure) => {
        if (settled) return;
        settled = true;
        reject(error);
      };
      const req = send(
        url,
        {
          method,
          agent: false,
          headers: {
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/octet-stream', 'Content-Length': String(body.length) } : {}),
            ...options.headers,
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) {
              req.destroy();
              fail(new SyncFailure('bad_answer', `The hub at ${address} sent an answer far too long for the protocol.`));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => {
            if (settled) return;
            if (!res.complete) return fail(new SyncFailure('unreachable', `The hub at ${address} could not be reached: the answer was cut.`, { code: 'cut' }));
            settled = true;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
          });
          res.on('aborted', () => fail(new SyncFailure('unreachable', `The hub at ${address} could not be reached: the answer was cut.`, { code: 'cut' })));
          res.on('error', (error) => fail(networkFailure(error, address)));
        },
      );
      req.setTimeout(timeoutMs, () => {
        fail(new SyncFailure('timeout', `The hub at ${address} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`, { code: 'timeout' }));
        req.destroy();
      });
      req.on('error', (error) => fail(networkFailure(error, address)));
      req.end(body);
    });
  }

  function json(answer: Answer): unknown {
    try {
      return JSON.parse(answer.body.toString('utf8'));
    } catch {
      throw new SyncFailure(
        'bad_answer',
        `The hub at ${address} answered with something that is not the sync protocol (status ${answer.status}). Is the address right?`,
      );
    }
  }

  /** Maps a non-2xx answer to a SyncFailure; 2xx answers pass through as parsed JSON. */
  function check(answer: Answer): unknown {
    const { status } = answer;
    if (status >= 200 && status < 300) return json(answer);
    let code = `http_${status}`;
    let message = '';
    let body: unknown;
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      // Not the protocol's error body (a proxy's page): the status says enough.
    }
    const problem = ProblemSchema.safeParse(body);
    if (problem.success) {
      code = problem.data.error.code ?? code;
      message = problem.data.error.message ?? message;
    }
    const retryAfterMs = parseRetryAfter(typeof answer.headers['retry-after'] === 'string' ? answer.headers['retry-after'] : undefined);
    const extra = { status, code, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
    if (status === 429) throw new SyncFailure('rate_limited', `The hub at ${address} asks to wait before sending more.`, extra);
    if (status === 408) throw new SyncFailure('timeout', `The hub at ${address} gave up waiting for the batch.`, extra);
    if (status >= 500) throw new SyncFailure('server', `The hub at ${address} had a problem (${status}); it will be tried again.`, extra);
    throw new SyncFailure('refused', message || `The hub at ${address} refused the request (${status}).`, extra);
  }

  /** A 2xx answer in the shape the protocol gives it, or a bad_answer naming the first field that is not. */
  const answerOf = <S extends z.ZodType>(schema: S, value: unknown, words: string, after = ''): z.output<S> =>
    parseWith(schema, value, (problem) => new SyncFailure('bad_answer', `${words} (${problem}).${after}`));
  const uploadAnswer = (value: unknown) => answerOf(UploadAnswerSchema, value, `The hub at ${address} answered an upload in an unknown form`);

  return {
    kind: 'http',
    address,
    async probe(challenge) {
      const value = check(await call('GET', `/hub?challenge=${encodeURIComponent(challenge)}`));
      return answerOf(HubIdentitySchema, value, `Something answers at ${address}, but it is not an intake hub`, ' Check the address.');
    },
    async upload(item) {
      return uploadAnswer(check(await call('PUT', `/batches/${encodeURIComponent(item.batchId)}`, item.bytes)));
    },
    async receipt(batchId) {
      const answer = await call('GET', `/batches/${encodeURIComponent(batchId)}/receipt`);
      if (answer.status === 404) return null;
      return uploadAnswer(check(answer));
    },
    async ranges(stationId) {
      const value = check(await call('GET', `/stations/${encodeURIComponent(stationId)}/ranges`));
      return answerOf(StationRangesSchema, value, `The hub at ${address} answered the ranges in an unknown form`);
    },
  };
}
