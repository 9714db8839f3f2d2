/** What the sync methods answer (see electron/core/sync/). */

import type { BatchStatus, SequenceRange } from './views-batches.js';

/**
 * Why the last attempt failed, for the clerk (the UI translates `sync.error.<code>`; `message` holds the details in
 * English, e.g. the hub's own reason).
 */
export type SyncErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'server'
  | 'rate_limited'
  | 'bad_answer'
  | 'not_a_hub'
  | 'wrong_hub'
  | 'bad_proof'
  | 'receipt_key_changed'
  | 'no_receipt_key'
  | 'bad_receipt'
  | 'no_hub_key'
  | 'file_missing'
  | 'cut_failed'
  | 'refused'
  | 'internal';

export interface SyncErrorView {
  code: SyncErrorCode;
  message: string;
  at: string;
}

/** The indicator in the top bar. */
export interface SyncStatusView {
  role: 'station' | 'hub';
  /** On a hub: the port its own process serves stations on (Sync settings), or null. */
  servePort: number | null;
  /** A hub address is set. */
  configured: boolean;
  address: string;
  kind: 'http' | 'folder' | null;
  /** As last checked against the hub itself; null before the first check. */
  online: boolean | null;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  /** When the next automatic attempt is due (after a failure, backoff). */
  nextAttemptAt: string | null;
  /** Batches the hub has not acknowledged yet (refused ones not counted). */
  waiting: number;
  /** Of those, copied to a folder and waiting for the hub's receipt. */
  awaitingReceipt: number;
  refused: number;
  /** Changes no batch carries yet (the next sync cuts them into a batch). */
  pendingChanges: number;
  lastError: SyncErrorView | null;
  running: boolean;
  hubKeyFingerprint: string | null;
  /** Refused batches with the hub's reason (the most recent few), for the clerk to see and a supervisor to send again. */
  refusedBatches: { batchId: string; sequenceFrom: number; sequenceTo: number; households: number; code: string; reason: string }[];
}

export interface OutboxItemView {
  batchId: string;
  sequenceFrom: number;
  sequenceTo: number;
  households: number;
  persons: number;
  status: BatchStatus;
  state: 'waiting' | 'refused';
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastErrorCode: SyncErrorCode | null;
  refusedCode: string | null;
  refusedReason: string | null;
  createdAt: string;
}

export interface KeyView {
  publicKey: string;
  fingerprint: string;
  at: string;
}

/** The sync settings screen. */
export interface SyncSettingsView {
  role: 'station' | 'hub';
  /** This desk's own signing key's fingerprint: read aloud to the hub's supervisor, who enrols the desk with it. */
  stationFingerprint: string | null;
  hubUrl: string;
  intervalSeconds: number;
  hubKey: KeyView | null;
  /** The hub's receipt-signing key, pinned on first contact (or pasted). */
  receiptKey: KeyView | null;
  outbox: OutboxItemView[];
  /** On a hub: how it serves stations. */
  hub: {
    enrolmentOpen: boolean;
    servePort: number | null;
    serveHost: string;
    hubKeyFingerprint: string | null;
    receiptKey: string | null;
    receiptKeyFingerprint: string | null;
  } | null;
}

export interface SyncedBatchView {
  batchId: string;
  sequenceFrom: number;
  sequenceTo: number;
  households: number;
  persons: number;
  /** The hub already had it (an earlier upload whose answer was lost). */
  duplicate: boolean;
  receivedAt: string;
}

/** What one sync did. */
export interface SyncReportView {
  reachable: boolean;
  address: string;
  cut: { batchId: string; sequenceFrom: number; sequenceTo: number; households: number; persons: number } | null;
  acknowledged: SyncedBatchView[];
  /** Copied to a folder; the hub's receipt has not come back yet. */
  awaiting: string[];
  refused: { batchId: string; code: string; reason: string }[];
  /** Acknowledged batches the hub no longer holds, queued to be sent again. */
  resent: string[];
  /** Ranges of this station's log the hub says it is missing, after this sync. */
  missing: SequenceRange[];
  waiting: number;
  error: SyncErrorView | null;
}
