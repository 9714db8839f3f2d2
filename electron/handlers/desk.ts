import type { MethodParsedInput } from '../api/contract.js';
import { fail, ok } from '../api/result.js';
import type { SessionView } from '../api/views-protection.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { EncryptionProgress, KeyProvider, ProgressListener } from '../core/db/key-provider.js';
import type { UpgradeProgress } from '../core/db/migrate.js';
import { databaseFile, fileState } from '../core/db/file-state.js';
import { encryptPlainFileInSteps } from '../core/db/station-file.js';
import { folderKeys } from '../core/protection/database-keys.js';
import { openCore, type Core } from '../core/index.js';
import { DEFAULT_LOCK_AFTER_SECONDS, readProtectionSettings } from '../core/protection/settings.js';
import { purgeExpired } from '../core/protection/retention.js';
import { setUpStation, setupNeeded, startState, upgradeInSteps } from '../core/setup.js';
import { createDispatcher, DEFAULT_CONNECTION, type Dispatcher, type Log, type Offload } from './dispatch.js';
import { parseInput } from './run-method.js';

type FirstRun = MethodParsedInput<'setup.create'>;

/**
 * The desk as the window and the harness open it: a data folder that may not hold a station yet. Until the first
 * run has created the station and its first administrator, only the first-run methods answer; then the core opens
 * and the same dispatcher as always takes over, with the administrator signed in on the connection that set it up.
 * Retention runs once at open and then twice a day.
 */
export interface Desk {
  dispatcher: Dispatcher;
  /** The core, once the station exists. */
  core(): Core | undefined;
  close(): void;
}

export interface DeskOptions {
  dataDir: string;
  now?: () => Date;
  log?: Log;
  /** Hours between retention purges; 0 turns the schedule off (tests). */
  purgeEveryHours?: number;
  /** Where the data file's key comes from (the app: the OS key store); by default the folder's keys/. */
  keys?: KeyProvider;
  onProgress?: ProgressListener;
  /** A recovery code made while the key was unwrapped (main process), to be shown once to an administrator. */
  recoveryCode?: string;
  /** Where long methods run (the job worker), once admitted here. */
  offload?: Offload;
  /** Called each time the core opens: at once, or after the first run, an encryption or an update of the file. */
  onOpen?: (core: Core) => void;
}

const NOT_SET_UP: SessionView = { setup: 'station', station: null, operator: null, locked: false, lockAfterSeconds: DEFAULT_LOCK_AFTER_SECONDS, unlock: null };

export function openDesk(options: DeskOptions): Desk {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const now = options.now ?? (() => new Date());
  const listeners = new Set<Parameters<Dispatcher['onEvent']>[0]>();
  let core: Core | undefined;
  let ready: Dispatcher | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;

  const purge = () => {
    if (!core) return;
    const { retentionDays } = readProtectionSettings(core.ctx.db);
    if (Object.values(retentionDays).every((d) => d === null)) return;
    try {
      // Without VACUUM: secure_delete and the checkpoint leave no trace, and the desk does not stall for seconds.
      purgeExpired(core.ctx, SYSTEM_ACTOR, { vacuum: false });
    } catch (error) {
      log('The retention purge failed; it will be tried again.', error);
    }
  };
  let closed = false;
  const open = (): Dispatcher => {
    core = openCore({ dataDir: options.dataDir, now, keys: options.keys, onProgress: options.onProgress });
    if (options.recoveryCode) core.ctx.keys?.offer(options.recoveryCode);
    ready = createDispatcher(core, log, options.offload);
    ready.onEvent((event, payload) => {
      for (const listener of listeners) listener(event, payload);
    });
    purge();
    const hours = options.purgeEveryHours ?? 12;
    if (hours > 0) {
      timer = setInterval(purge, hours * 3_600_000);
      timer.unref();
    }
    options.onOpen?.(core);
    return ready;
  };
  const openIfSetUp = () => {
    if (setupNeeded(options.dataDir, options.keys, options.onProgress) !== 'station') open();
  };
  // A file of an older version is migrated first, in steps, so that the window shows how far it has come.
  let upgrading: UpgradeProgress | null = null;
  let upgradeFailed: string | null = null;
  const openWhenUpgraded = () => {
    // One open that changes nothing says whether the file is behind and, when it is not, whether it is set up.
    const state = startState(options.dataDir, options.keys, options.onProgress);
    if (state !== 'behind') {
      if (state !== 'station') open();
      return;
    }
    upgrading = { migration: 0, migrations: 1, done: 0, total: 1 };
    void upgradeInSteps(options.dataDir, (p) => (upgrading = p), options.keys)
      .then(() => {
        // Not for a desk closed meanwhile: nobody would close the core it opened.
        if (!closed) openIfSetUp();
        upgrading = null;
      })
      .catch((error: unknown) => {
        // Each migration is all or nothing: the file stays at the last one that finished; the next start goes on.
        upgrading = null;
        upgradeFailed = error instanceof Error ? error.message : String(error);
        log('Updating the data file failed; it was left at its last whole step.', error);
      });
  };
  // A plain file from an older version is encrypted first, in steps, so that the window shows how far it has come.
  let encrypting: EncryptionProgress | null = null;
  let encryptionFailed: string | null = null;
  const openWhenEncrypted = () => {
    const file = databaseFile(options.dataDir);
    if (fileState(file) !== 'plain') return openWhenUpgraded();
    const provider = options.keys ?? folderKeys(options.dataDir);
    const key = provider.load() ?? provider.create();
    encrypting = { phase: 'copy', done: 0, total: 1 };
    const progress = (p: EncryptionProgress) => {
      encrypting = p;
      options.onProgress?.(p);
    };
    void encryptPlainFileInSteps(file, key, progress).then(
      () => {
        encrypting = null;
        openWhenUpgraded();
      },
      (error: unknown) => {
        // The plain file is kept whole (see station-file.ts); the next start tries again.
        encrypting = null;
        encryptionFailed = error instanceof Error ? error.message : String(error);
        log('Encrypting the data file failed; the plain file was kept unchanged.', error);
      },
    );
  };
  openWhenEncrypted();

  return {
    dispatcher: {
      async invoke(method, input, connection = DEFAULT_CONNECTION) {
        if (encrypting || encryptionFailed) {
          if (method === 'session.status') return ok({ ...NOT_SET_UP, setup: null, encrypting, encryptionFailed });
          return fail('locked', 'The data file is being encrypted; the desk opens when it is done.');
        }
        if (upgrading || upgradeFailed) {
          if (method === 'session.status') return ok({ ...NOT_SET_UP, setup: null, upgrading, upgradeFailed });
          return fail('locked', 'The data file is being updated for this version; the desk opens when it is done.');
        }
        if (ready) return ready.invoke(method, input, connection);
        // No station yet: the first run is all there is.
        if (method === 'session.status' || method === 'startup.unlock') return ok(NOT_SET_UP);
        if (method !== 'setup.create') return fail('not_configured', 'This station is not set up yet.');
        const parsed = parseInput('setup.create', input);
        if (!parsed.ok) return parsed;
        const { centreCode, centreName, stationLabel, adminName, secret } = parsed.data as FirstRun;
        if (!centreCode) {
          const issues = [{ path: 'centreCode', code: 'invalid.too_small', message: 'The centre code is needed.' }];
          return fail('invalid_input', 'Some fields are missing or not in the expected form.', issues);
        }
        try {
          await setUpStation(options.dataDir, { centreCode, centreName, stationLabel, adminName, secret }, now(), options.keys);
        } catch (error) {
          if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
          log('The first run failed', error);
          return fail('internal', 'The station could not be set up. Nothing was saved.');
        }
        // Another first run may have opened the core while this one awaited.
        return ((ready as Dispatcher | undefined) ?? open()).invoke('session.signIn', { name: adminName, secret }, connection);
      },
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      disconnect(connection) {
        ready?.disconnect(connection);
      },
    },
    core: () => core,
    close() {
      closed = true;
      clearInterval(timer);
      core?.close();
    },
  };
}
