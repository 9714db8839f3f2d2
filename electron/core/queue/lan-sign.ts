import { createHash, randomBytes } from 'node:crypto';
import { detachedSignatureIsValid, keyFingerprint, rawKey, signDetached, type KeyPair } from '../batch/raw-keys.js';

/**
 * Requests between desks and the queue host, and the host's answers, signed with station keys (docs/queue-host.md).
 * A request carries four headers: the station's public key (base64 of the raw Ed25519 key, as `station-key` prints
 * it), the time it was made (ms since the epoch), a nonce (16 random bytes, base64url) and the signature of
 *
 *   intake-queue-request-v1 \n METHOD \n PATH?QUERY \n TIME \n NONCE \n hex SHA-256 of the body
 *
 * The host's answer carries its own key and the signature of
 *
 *   intake-queue-answer-v1 \n STATUS \n the request's NONCE \n hex SHA-256 of the body
 *
 * so a desk that pinned the host's fingerprint knows the answer is its host's, and is the answer to this request.
 */

export const HEADER = {
  key: 'x-queue-key',
  time: 'x-queue-time',
  nonce: 'x-queue-nonce',
  signature: 'x-queue-signature',
} as const;

const NONCE = /^[A-Za-z0-9_-]{22}$/;
const TIME = /^\d{13}$/;

const sha256Hex = (body: Buffer | string): string => createHash('sha256').update(body).digest('hex');

export const requestBytes = (method: string, path: string, time: string, nonce: string, body: Buffer | string): Buffer =>
  Buffer.from(`intake-queue-request-v1\n${method}\n${path}\n${time}\n${nonce}\n${sha256Hex(body)}`, 'utf8');

export const answerBytes = (status: number, nonce: string, body: Buffer | string): Buffer =>
  Buffer.from(`intake-queue-answer-v1\n${status}\n${nonce}\n${sha256Hex(body)}`, 'utf8');

export const newNonce = (): string => randomBytes(16).toString('base64url');

/** The headers of a signed request. */
export function signRequest(pair: KeyPair, method: string, path: string, body: string, nowMs: number, nonce = newNonce()): Record<string, string> {
  const time = String(Math.floor(nowMs));
  return {
    [HEADER.key]: pair.publicKey,
    [HEADER.time]: time,
    [HEADER.nonce]: nonce,
    [HEADER.signature]: signDetached(pair, requestBytes(method, path, time, nonce, body), 'queue request'),
  };
}

/** The signing headers as they came, checked for shape only (cheap): undefined when one is missing or malformed. */
export interface SignedHeaders {
  key: string;
  time: number;
  nonce: string;
  signature: string;
}

export function readSignedHeaders(headers: Record<string, string | string[] | undefined>): SignedHeaders | undefined {
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' && value.length <= 200 ? value : undefined;
  };
  const key = one(HEADER.key);
  const time = one(HEADER.time);
  const nonce = one(HEADER.nonce);
  const signature = one(HEADER.signature);
  if (!key || !time || !nonce || !signature || !TIME.test(time) || !NONCE.test(nonce) || !rawKey(key)) return undefined;
  return { key, time: Number(time), nonce, signature };
}

export function requestSignatureIsValid(signed: SignedHeaders, method: string, path: string, body: Buffer): boolean {
  return detachedSignatureIsValid(signed.key, requestBytes(method, path, String(signed.time), signed.nonce, body), signed.signature);
}

export function signAnswer(pair: KeyPair, status: number, nonce: string, body: string): Record<string, string> {
  return { [HEADER.key]: pair.publicKey, [HEADER.signature]: signDetached(pair, answerBytes(status, nonce, body), 'queue answer') };
}

/** Whether an answer is signed by the host whose fingerprint the desk pinned. */
export function answerIsFromHost(
  fingerprint: string,
  key: string | undefined,
  signature: string | undefined,
  status: number,
  nonce: string,
  body: string,
): boolean {
  if (!key || !signature || !rawKey(key)) return false;
  if (keyFingerprint(key) !== normaliseFingerprint(fingerprint)) return false;
  return detachedSignatureIsValid(key, answerBytes(status, nonce, body), signature);
}

/** A fingerprint as read aloud or typed: any case, spaces or dashes anywhere; the stored form is 8 groups of 4. */
export function normaliseFingerprint(text: string): string {
  const hex = text.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (hex.length !== 32) return '';
  return hex.match(/.{4}/g)!.join(' ');
}

/**
 * Nonces seen within the time window, in bounded memory: each is forgotten once its request would be stale anyway.
 * `remember` is false for a nonce seen before, or when the table is full (the caller answers 503).
 */
export class NonceBook {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly windowMs: number,
    private readonly cap = 100_000,
  ) {}
  get size(): number {
    return this.seen.size;
  }
  /** 'new', 'replayed' or 'full'. */
  remember(nonce: string, time: number, nowMs: number): 'new' | 'replayed' | 'full' {
    if (this.seen.has(nonce)) return 'replayed';
    if (this.seen.size >= this.cap) {
      // Map keeps insertion order: the oldest come first.
      for (const [n, at] of this.seen) {
        if (at >= nowMs - this.windowMs) break;
        this.seen.delete(n);
      }
      if (this.seen.size >= this.cap) return 'full';
    }
    this.seen.set(nonce, Math.max(time, nowMs));
    return 'new';
  }
  /** Drops nonces whose requests are now out of the window. */
  sweep(nowMs: number): void {
    for (const [n, at] of this.seen) if (at < nowMs - 2 * this.windowMs) this.seen.delete(n);
  }
}
