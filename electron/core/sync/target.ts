import type { HubIdentity, StationRanges, UploadAnswer } from './answers.js';

export type { UploadAnswer } from './answers.js';

/**
 * Where batches go: an HTTP hub, a folder (a network share, a stick left plugged in) or, in tests, a hub core in
 * the same process. Targets only carry bytes and answers; the outbox checks every answer (the hub's identity, the
 * receipt's signature) itself, so no target is trusted.
 */

export type FailureKind =
  /** No connection (refused, reset, DNS, cut). */
  | 'unreachable'
  /** The hub did not answer in time. */
  | 'timeout'
  /** 5xx: the hub failed; it may work next time. */
  | 'server'
  /** 429: the hub asks us to slow down (retryAfterMs). */
  | 'rate_limited'
  /** The answer was not what the protocol says (a proxy's page, a cut answer). */
  | 'bad_answer'
  /** 4xx: the hub refused for a reason that will not change by sending again. */
  | 'refused'
  /** A folder: the batch is there; the hub has not written its receipt yet. */
  | 'awaiting';

export const TRANSIENT: ReadonlySet<FailureKind> = new Set(['unreachable', 'timeout', 'server', 'rate_limited', 'bad_answer']);

export class SyncFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly extra: { status?: number; code?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export interface UploadItem {
  batchId: string;
  fileName: string;
  bytes: Buffer;
}

export type RangesAnswer = StationRanges;

export interface SyncTarget {
  readonly kind: 'http' | 'folder' | 'memory';
  /** For people: the URL or the folder. */
  readonly address: string;
  /**
   * Is the hub there, and who is it? `challenge` is a fresh X25519 public key the hub answers with a proof (see
   * crypto.ts). A folder without the hub's identity file answers null: reachable, identity unknown.
   */
  probe(challenge: string): Promise<HubIdentity | null>;
  /** Sends one batch file; answers the hub's receipt, or throws SyncFailure. */
  upload(item: UploadItem): Promise<UploadAnswer>;
  /** The hub's receipt for a batch it already has (by any route), or null. */
  receipt(batchId: string): Promise<UploadAnswer | null>;
  /** Which parts of this station's change log the hub holds; null when the target cannot tell. */
  ranges(stationId: string): Promise<RangesAnswer | null>;
}

/** Retry-After as seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
