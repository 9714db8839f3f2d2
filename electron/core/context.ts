import { localDate } from '../rules/age.js';
import type { StationInfo } from '../api/views.js';
import type { DB } from './db/open.js';
import type { KeyCustody } from './protection/key-custody.js';
import type { JobControl } from './jobs.js';

export type Role = 'greeter' | 'registrar' | 'supervisor' | 'admin';

/** Who is acting: every write and audit event names them. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export type ChangeKind = 'households' | 'batches' | 'settings' | 'operators' | 'sync' | 'session' | 'queue';

/** Everything core needs, passed first to every function; tests pass a fixed clock and ids. */
export interface CoreContext {
  db: DB;
  dataDir: string;
  station: StationInfo;
  now: () => Date;
  newId: () => string;
  /** Tells listeners (the UI) that data of these kinds changed, after the transaction committed. */
  changed: (kinds: ChangeKind[]) => void;
  /** The data file's key as the administrator manages it (absent for the benchmark's plain file). */
  keys?: KeyCustody;
  /**
   * How another thread opens the same file read-only (the hub's duplicate check across centres spreads over threads):
   * its path and key (none for the benchmark's plain file). Set by openCore; without it work stays on this thread.
   */
  readOnly?: ReadOnlyFile;
  /** Set by the job worker while a long job runs: where `progress` reports (core/jobs.ts). */
  job?: JobControl;
}

export interface ReadOnlyFile {
  file: string;
  key?: Buffer;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', name: 'system', role: 'admin' };
/** Today where the desk is: the day registrations and reports are counted on. */
export const today = (ctx: Pick<CoreContext, 'now'>): string => localDate(ctx.now());
