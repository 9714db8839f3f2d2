/** What the batch methods answer: plain, serialisable views (see electron/core/batch/). */

export type BatchStatus = 'written' | 'uploaded' | 'acknowledged';

export interface SequenceRange {
  from: number;
  to: number;
}

/** A batch this station cut. */
export interface BatchView {
  id: string;
  sequenceFrom: number;
  sequenceTo: number;
  households: number;
  persons: number;
  events: number;
  deletions: number;
  /** SHA-256 of the whole file, as written. */
  sha256: string;
  bytes: number;
  hubFingerprint: string;
  filePath: string;
  fileName: string;
  status: BatchStatus;
  createdAt: string;
  uploadedAt: string | null;
  acknowledgedAt: string | null;
}

/** Changes no batch has carried yet. */
export interface PendingView {
  sequenceFrom: number;
  sequenceTo: number;
  changes: number;
  households: number;
}

export interface HubKeyView {
  publicKey: string;
  fingerprint: string;
  installedAt?: string;
}

/** The Batches screen on a station. */
export interface StationBatchesView {
  role: 'station' | 'hub';
  stationFingerprint: string | null;
  hubKey: HubKeyView | null;
  pending: PendingView | null;
  batches: BatchView[];
  intervalMinutes: number;
  /** Where automatic cuts go; empty: the data folder's outbox (`outboxFolder`). */
  folder: string;
  outboxFolder: string;
}

export type ExportOutcome = { exported: true; batch: BatchView } | { exported: false; reason: 'nothing_waiting' };

export interface PlainExportView {
  filePath: string;
  households: number;
  persons: number;
  bytes: number;
}

/** What a hub answers for a batch it took in (or already had): enough for a signed receipt. */
export interface ImportReceipt {
  batchId: string;
  stationId: string;
  sha256: string;
  sequenceFrom: number;
  sequenceTo: number;
  receivedAt: string;
}

export interface StationIdentity {
  stationId: string;
  stationCode: string;
  label: string;
  centreCode: string;
  centreName: string;
  fingerprint: string;
}

export type ImportOutcome =
  | {
      status: 'imported' | 'duplicate';
      receipt: ImportReceipt;
      station: StationIdentity;
      /** This import enrolled the station (first use). */
      firstUse: boolean;
      households: number;
      persons: number;
      /** Household versions written; versions the hub already had (or had newer) are skipped. */
      applied: number;
      skipped: number;
      deletions: number;
      events: number;
      /** Parts of this station's change log no batch has brought yet. */
      missing: SequenceRange[];
    }
  | { status: 'confirm_station'; station: StationIdentity };

/** One batch file of a hub's folder import (issue 15), in the order taken in. */
export interface FolderBatchOutcome {
  fileName: string;
  /** imported: taken in now; duplicate: already held, nothing changed; refused: nothing of it taken in (`issue` says why). */
  status: 'imported' | 'duplicate' | 'refused';
  /** The desk's label; '' when refused. */
  station: string;
  households: number;
  persons: number;
  /** Why it was refused, as a code the UI translates (batch.refused.*, batch.io.*); null unless refused. */
  issue: { code: string; message: string; params?: Record<string, string | number> } | null;
}

export interface FolderImportView {
  batches: FolderBatchOutcome[];
  imported: number;
  duplicates: number;
  refused: number;
}

export interface KnownStationView extends StationIdentity {
  firstSeenAt: string;
  acceptedBy: string;
  lastImportAt: string | null;
  batches: number;
  held: SequenceRange[];
  missing: SequenceRange[];
}

export interface ReceivedBatchView {
  id: string;
  stationId: string;
  stationLabel: string;
  sequenceFrom: number;
  sequenceTo: number;
  households: number;
  persons: number;
  applied: number;
  skipped: number;
  fileName: string;
  receivedAt: string;
}

/** The Batches screen on a hub. */
export interface HubBatchesView {
  hubKey: HubKeyView | null;
  stations: KnownStationView[];
  received: ReceivedBatchView[];
  /** Hub trust (issue 11): stations that sent a batch before being enrolled, newest first. */
  attempts?: StationAttemptView[];
  /** Hub trust (issue 11): batches refused, by reason. */
  refusals?: RefusalCountView[];
}

// Hub trust (issue 11)
export interface StationAttemptView {
  fingerprint: string;
  stationId: string;
  centre: string;
  firstAt: string;
  lastAt: string;
  attempts: number;
}

export interface RefusalCountView {
  code: string;
  count: number;
  lastAt: string;
}
