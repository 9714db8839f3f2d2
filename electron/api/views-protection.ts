import type { StationInfo } from './views.js';

/** What the protection methods answer: operators, the session, the audit trail, settings and retention. */

export type Role = 'registrar' | 'supervisor' | 'admin';
export const ROLES: readonly Role[] = ['registrar', 'supervisor', 'admin'];

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
