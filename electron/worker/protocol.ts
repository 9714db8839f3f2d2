import type { MethodName } from '../api/contract.js';
import type { EventName } from '../api/events.js';
import type { Result } from '../api/result.js';
import type { ProgressUnit } from '../api/views-jobs.js';
import type { ChangeKind } from '../core/context.js';
import type { GivenKey } from '../core/db/key-provider.js';
import type { Admitted } from '../handlers/run-method.js';

/**
 * The messages on the port between the main process (or the harness) and the core's worker, and between the core
 * worker and its job worker. Everything here is structured-cloneable: plain values, never functions.
 */

/**
 * How the desk opens, sent once with the worker's start. An object so it can grow (the key of an encrypted
 * database, a clock for tests) without changing the protocol.
 */
export interface DeskStartOptions {
  dataDir: string;
  /** Hours between retention purges; 0 turns the schedule off (tests). */
  purgeEveryHours?: number;
  /** Start the sync loop and, on a hub set to serve, the hub's HTTP server (the app and the harness: yes). */
  sync?: boolean;
  /** The data file's key, unwrapped by the main process (the OS key store is its alone); absent: the folder's keys/. */
  databaseKey?: GivenKey;
  /** A recovery code made while the key was unwrapped, to be shown once to an administrator (kept in memory only). */
  recoveryCode?: string;
}

/** What the main process (or the harness) sends the core worker. */
export type ToCore =
  | { type: 'invoke'; id: number; method: unknown; input: unknown; connection: string | undefined }
  | { type: 'disconnect'; connection: string }
  | { type: 'close' };

/** What the core worker answers. */
export type FromCore =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'closed' };

/** The core worker to its job worker: an admitted call to run (its role and input already checked). */
export type ToJobs = { type: 'run'; id: number; call: Admitted } | { type: 'close' };

export type FromJobs =
  | { type: 'result'; id: number; result: Result<unknown> }
  // Long work's progress (issue 15): the job began, and how far it is (at most a few times a second).
  | { type: 'started'; id: number; startedAt: string }
  // `final`: past its point of no return, the job can no longer be cancelled (it only finishes).
  | { type: 'progress'; id: number; done: number; total: number; unit: ProgressUnit; final: boolean }
  | { type: 'changed'; kinds: ChangeKind[] }
  | { type: 'closed' };

/**
 * Methods that take seconds at 120,000 persons: they run in the job worker, on a connection of their own, so the
 * core worker keeps answering (search, saves, the lock screen) while they run. SQLite in WAL mode lets the core
 * worker read meanwhile; a save waits only for the job's own commit.
 */
export const LONG_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  'duplicates.review',
  'lists.import',
  'hub.import',
  'hub.importFile',
  'hub.importFolder',
  'hubDuplicates.checkNow',
  'batch.export',
  'batch.exportPlain',
  'retention.purge',
  'household.erase',
]);

/**
 * Long methods that report progress and stop when cancelled: every long method does. Their loops call core/jobs.ts `progress` inside their
 * one transaction, so a cancel leaves nothing applied; or, for work applied in parts, between parts each whole in its
 * transaction (a purge's households), saying how many were applied (`applying`); past a point of no return (an
 * erasure's clean-up of the file once it is committed) they can no longer be cancelled and say so.
 */
export const CANCELLABLE_METHODS: ReadonlySet<MethodName> = LONG_METHODS;

/** How often, at most, a job's progress crosses to the core worker. */
export const PROGRESS_EVERY_MS = 150;
