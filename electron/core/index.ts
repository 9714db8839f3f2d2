import { existsSync, mkdirSync } from 'node:fs';
import type { StationInfo } from '../api/views.js';
import { endAllSearches } from './audit/access-log.js';
import type { ChangeKind, CoreContext } from './context.js';
import { flushDeferredAudit } from './audit/deferred.js';
import { closeDatabase } from './db/open.js';
import { openStationFolder, type FolderOpenOptions } from './protection/at-rest.js';
import { ensureStationKeys } from './batch/keys.js';
import { keyCustody } from './protection/key-custody.js';
import { CoreError } from './errors.js';
import { uuidv7 } from './ids.js';
import { createStation, databasePath, readStation, type StationSetup } from './station.js';

export interface CoreOptions extends Pick<FolderOpenOptions, 'keys' | 'onProgress' | 'unencryptedForBenchmark'> {
  dataDir: string;
  /** Create the station on first open (the app's first run); the CLI's `init` does it explicitly instead. */
  setup?: StationSetup;
  now?: () => Date;
  newId?: () => string;
}

export interface Core {
  ctx: CoreContext;
  station: StationInfo;
  onChange(listener: (kinds: ChangeKind[]) => void): () => void;
  close(): void;
}

export function openCore(options: CoreOptions): Core {
  // Without a setup, a folder that holds no station is refused before anything is written to it.
  if (!options.setup && !existsSync(databasePath(options.dataDir))) {
    throw new CoreError('not_configured', `No station is set up in ${options.dataDir}. Run "init" first.`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const { db, release, key } = openStationFolder(options.dataDir, { ...options, create: Boolean(options.setup) });
  const now = options.now ?? (() => new Date());
  let station = readStation(db);
  if (!station && options.setup) station = createStation(db, options.setup, now());
  if (!station) {
    db.close();
    release();
    throw new CoreError('not_configured', `No station is set up in ${options.dataDir}. Run "init" first.`);
  }
  // The station's signing key is made with the station; a folder from before batches gets one on its first open.
  ensureStationKeys(db, options.dataDir, now());
  const listeners = new Set<(kinds: ChangeKind[]) => void>();
  const ctx: CoreContext = {
    db,
    dataDir: options.dataDir,
    station,
    now,
    newId: options.newId ?? (() => uuidv7(now())),
    changed: (kinds) => {
      for (const listener of listeners) listener(kinds);
    },
    ...(key ? { keys: keyCustody(options.dataDir, key) } : {}),
    readOnly: { file: db.name, ...(key ? { key } : {}) },
  };
  let closed = false;
  return {
    ctx,
    station,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      // The searches in progress first: their events may wait in the deferred queue flushed next.
      endAllSearches(ctx);
      flushDeferredAudit(db);
      closeDatabase(db);
      release();
    },
  };
}
