import { existsSync, mkdirSync } from 'node:fs';
import type { OperatorView } from '../api/views-protection.js';
import type { StationInfo } from '../api/views.js';
import type { Actor, CoreContext } from './context.js';
import type { KeyProvider, ProgressListener } from './db/key-provider.js';
import { migrateInSteps, pendingMigrations, type UpgradeProgress } from './db/migrate.js';
import { MIGRATIONS } from './db/migrations/index.js';
import { closeDatabase } from './db/open.js';
import { openStationFolder } from './protection/at-rest.js';
import { CoreError } from './errors.js';
import { uuidv7 } from './ids.js';
import { countOperators, insertOperator } from './access/operators.js';
import { hashSecret, secretProblem } from './access/secrets.js';
import { createStation, databasePath, readStation } from './station.js';

/**
 * The first run: the centre, the station's label and the first administrator, in one step. Nothing else opens
 * before it. A folder made by `init` (a station without operators) only needs the administrator.
 */

export interface FirstRun {
  centreCode: string;
  centreName: string;
  stationLabel: string;
  adminName: string;
  secret: string;
}

export const FIRST_RUN_ACTOR: Actor = { id: 'first-run', name: 'first run', role: 'admin' };

/** What the folder still needs before anyone can sign in: its migrations (`behind`), a station, an administrator. */
export type StartState = 'behind' | 'station' | 'admin' | null;

/**
 * What a start finds, in one open of the file that changes nothing: a file of an older version is not migrated
 * here (the station migrates it in steps, showing how far it is), and the station and operators are read only
 * from a file at this version's schema.
 */
export function startState(dataDir: string, keys?: KeyProvider, onProgress?: ProgressListener): StartState {
  if (!existsSync(databasePath(dataDir))) return 'station';
  const { db, release } = openStationFolder(dataDir, { keys, onProgress, targetVersion: 0 });
  try {
    if (pendingMigrations(db, MIGRATIONS).length > 0) return 'behind';
    if (!readStation(db)) return 'station';
    return countOperators(db) === 0 ? 'admin' : null;
  } finally {
    db.close();
    release();
  }
}

/** What the folder still needs before anyone can sign in (its file migrated if it was behind). */
export function setupNeeded(dataDir: string, keys?: KeyProvider, onProgress?: ProgressListener): 'station' | 'admin' | null {
  if (!existsSync(databasePath(dataDir))) return 'station';
  const { db, release } = openStationFolder(dataDir, { keys, onProgress });
  try {
    if (!readStation(db)) return 'station';
    return countOperators(db) === 0 ? 'admin' : null;
  } finally {
    closeDatabase(db);
    release();
  }
}

/**
 * A file of an older version opened by this one: its migrations, run in steps so the station can show how far they
 * are (the desk answers its status meanwhile), each still all or nothing.
 */
export async function upgradeInSteps(dataDir: string, onProgress: (progress: UpgradeProgress) => void, keys?: KeyProvider): Promise<void> {
  const { db, release } = openStationFolder(dataDir, { keys, targetVersion: 0 });
  try {
    await migrateInSteps(db, MIGRATIONS, onProgress);
  } finally {
    closeDatabase(db);
    release();
  }
}

function checkSecret(secret: string): void {
  const problem = secretProblem(secret);
  if (problem)
    throw new CoreError('invalid_input', 'Choose a longer password or PIN.', [{ path: 'secret', code: problem, message: 'Choose a longer password or PIN.' }]);
}

/** Creates the data folder's station and its first administrator in one transaction. */
export async function setUpStation(dataDir: string, input: FirstRun, now = new Date(), keys?: KeyProvider): Promise<StationInfo> {
  checkSecret(input.secret);
  const secretHash = await hashSecret(input.secret);
  mkdirSync(dataDir, { recursive: true });
  const { db, release } = openStationFolder(dataDir, { keys, create: true });
  try {
    return db.transaction(() => {
      if (readStation(db)) throw new CoreError('conflict', 'This data folder already belongs to a station.');
      const station = createStation(db, input, now);
      const ctx: CoreContext = { db, dataDir, station, now: () => now, newId: () => uuidv7(now), changed: () => {} };
      insertOperator(ctx, FIRST_RUN_ACTOR, { name: input.adminName, role: 'admin', secret: input.secret }, secretHash);
      return station;
    })();
  } finally {
    closeDatabase(db);
    release();
  }
}

/** The first administrator of a station that has none (made by `init`); refused once any operator exists. */
export async function createFirstAdmin(ctx: CoreContext, input: { adminName: string; secret: string }): Promise<OperatorView> {
  if (countOperators(ctx.db) > 0) throw new CoreError('conflict', 'This station has its operators already; sign in.');
  checkSecret(input.secret);
  const secretHash = await hashSecret(input.secret);
  const view = ctx.db.transaction(() => {
    if (countOperators(ctx.db) > 0) throw new CoreError('conflict', 'This station has its operators already; sign in.');
    return insertOperator(ctx, FIRST_RUN_ACTOR, { name: input.adminName, role: 'admin', secret: input.secret }, secretHash);
  })();
  ctx.changed(['operators']);
  return view;
}
