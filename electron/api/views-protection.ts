import type { StationInfo } from './views.js';

/** What the protection methods answer: operators, the session, the audit trail, settings and retention. */

/** greeter: issues queue tickets at the door and nothing else (issue 17); each role after it may do more. */
export type Role = 'greeter' | 'registrar' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['greeter', 'registrar', 'supervisor', 'admin'];

export interface OperatorView {
  id: string;
  name: string;
  role: Role;
  secretKind: 'password' | 'pin';
  active: boolean;
  failedAttempts: number;
  lockedOut: boolean;
  nextAttemptAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
}

/** Who is at the desk, as the renderer needs it to choose between setup, sign-in, lock and the app. */
export interface SessionView {
  /** What the first run still needs: the station and its first administrator, or only the administrator. */
  setup: 'station' | 'admin' | null;
  station: StationInfo | null;
  /** `may`: the methods this operator's role may call, read from the one PERMISSIONS table, so screens hide the rest. */
  operator: { id: string; name: string; role: Role; may: string[] } | null;
  locked: boolean;
  /** Idle time after which the screen locks. */
  lockAfterSeconds: number;
  /**
   * The data file is still locked (the app only): the start-up passphrase must be typed, or set first (a computer
   * whose key store keeps no secrets), or only the recovery code opens it (a file brought from another computer).
   */
  unlock?: UnlockNeed | null;
  /** While locked: false where this computer's key store keeps no secrets (a start-up passphrase is set instead). */
  keyStore?: boolean;
  /** An older version's plain file being encrypted at start-up: how far it has come (a large file takes a while). */
  encrypting?: { phase: 'copy' | 'encrypt' | 'verify' | 'swap' | 'done'; done: number; total: number } | null;
  /** That encryption failed: the plain file was kept unchanged, and the desk stays closed until the next start. */
  encryptionFailed?: string | null;
  /**
   * A file of an older version being updated at start-up: migration `migration` of `migrations`, and how far that
   * one is (`done` of `total`; a large file's walk over every person takes a while).
   */
  upgrading?: { migration: number; migrations: number; done: number; total: number } | null;
  /** That update failed: the file stays at its last whole step, and the desk stays closed until the next start. */
  upgradeFailed?: string | null;
  /** A recovery code made at start-up waits to be shown once; only to an administrator. */
  recoveryCodePending?: boolean;
}

export type UnlockNeed = 'passphrase' | 'set-passphrase' | 'recovery';

/** Where the data file's key is kept, for the administrator's "Data file key" panel. */
export interface KeyCustodyView {
  /** The OS key store, the start-up passphrase, keys/database.key (made by the CLI), or only the recovery code. */
  keptBy: 'os-store' | 'passphrase' | 'folder' | 'recovery-only';
  passphrase: boolean;
  recoveryCode: boolean;
  recoveryCodePending: boolean;
}

export type ChainBreak = 'changed' | 'removed' | 'reordered';

export interface AuditChainReport {
  ok: boolean;
  /** Events read. */
  events: number;
  /** The head recorded beside the trail: the last event's number and hash. */
  headSeq: number;
  /** The first link that does not hold, and what happened to it. */
  brokenAt?: { seq: number; kind: ChainBreak };
  /** The trail checked against the heads signed with the station's key (absent from a bare chain check). */
  anchor?: AuditAnchorView;
  /** On a hub: each station's trail as its batches brought it, checked against the heads it signed. */
  stations?: StationTrailView[];
}

// --- Audit anchor (issue 11): the trail's heads signed with the station key, kept at the station and the hub. ---

/**
 * What the signed heads say of the trail: `empty_with_registrations` (no events, yet the file holds families),
 * `shorter_than_signed` (a signed event is gone), `rewritten_since_signed` (a signed event now has another hash),
 * `bad_signature` (a stored head was not signed by this station's key).
 */
export type AnchorProblem = 'empty_with_registrations' | 'shorter_than_signed' | 'rewritten_since_signed' | 'bad_signature';

export interface AuditAnchorView {
  /** The latest head signed with this station's key (0 when none yet), and when. */
  signedSeq: number;
  signedAt: string | null;
  /** Signed heads found (database and key folder together). */
  heads: number;
  problem?: { kind: AnchorProblem; seq: number };
}

/**
 * How a station's trail diverges at the hub: `changed` (an event does not follow the one the hub holds before it),
 * `rewritten` (a signed head names another hash than the event the hub holds), `shortened` (a later batch signs a
 * shorter trail than an earlier one), `bad_signature` (a head not signed by the station's key).
 */
export type StationDivergence = 'changed' | 'rewritten' | 'shortened' | 'bad_signature';

export interface StationTrailView {
  stationId: string;
  stationCode: string;
  label: string;
  centreCode: string;
  /** Signed heads received, and the highest event number signed. */
  heads: number;
  signedSeq: number;
  /** Events of the station's trail the hub holds. */
  events: number;
  divergence?: { seq: number; kind: StationDivergence; batchId: string; receivedAt: string };
}

export interface AuditEventView {
  seq: number;
  at: string;
  operator: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

export const RETENTION_CATEGORIES = ['contact', 'notes', 'documents', 'address'] as const;
export type RetentionCategory = (typeof RETENTION_CATEGORIES)[number];

export interface ProtectionSettings {
  lockAfterSeconds: number;
  /** Days after registration after which each category is removed; null keeps it. */
  retentionDays: Record<RetentionCategory, number | null>;
}

export interface PurgeReport {
  households: number;
  byCategory: Record<RetentionCategory, number>;
  at: string;
}

/** What the file holds about one family, for the family to read (right of access). */
export interface HouseholdRecordView {
  printedAt: string;
  station: StationInfo;
  registrationNumber: string;
  id: string;
  registeredAt: string;
  updatedAt: string;
  status: 'active' | 'voided';
  voidReason: string;
  /** The current data, every field as held (the screen labels and formats each). */
  household: Record<string, unknown>;
  members: Record<string, unknown>[];
  versions: { version: number; at: string; operator: string; action: string; reason: string }[];
  /** Who looked at, printed or changed the record. */
  accesses: { at: string; operator: string; action: string }[];
  retentionDays: Record<RetentionCategory, number | null>;
}
