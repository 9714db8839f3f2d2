import type { CoreContext } from '../context.js';
import { readSetting } from '../batch/settings.js';
import type { Core } from '../index.js';
import { createHubService, HUB_SETTINGS } from '../hub/service.js';
import { createHubServer, type RunningHubServer } from '../hub/server.js';
import { startSyncLoop, type SyncLoop, type SyncLoopOptions } from './loop.js';
import { startQueueServices, type QueueServices } from '../queue/host-service.js';

/**
 * What the Electron main process (and the web harness) start once, beside the window:
 *
 *   const sync = startSyncServices(() => desk.core());   // after openDesk
 *   ...
 *   await sync.stop();                                     // before closing the desk
 *
 * - on a station: the sync loop (idle until a hub address is set in Sync settings);
 * - on a hub whose settings say so (Sync settings: port, address, enrolment): the hub's HTTP server, in this process;
 * - the queue's network work (queue/host-service.ts): the queue host's server where this machine is the host, a
 *   desk's unsent queue events sent where it uses one.
 * `sync.loop.syncNow()` is what a "Sync now" menu item calls.
 */

export interface SyncServices {
  loop: SyncLoop;
  /** The hub's server when this process serves one. */
  hubServer(): RunningHubServer | undefined;
  /** The queue host's server and a desk's sending of its queue events. */
  queue?: QueueServices;
  stop(): Promise<void>;
}

type CoreSource = Core | (() => Core | undefined);

export interface SyncServicesOptions extends SyncLoopOptions {
  /** Do not serve even when the hub's settings say so (tests, a second window). */
  noHubServer?: boolean;
  /** Do not serve the queue, nor send a desk's queue events (tests, a second window). */
  noQueue?: boolean;
}

function servingWanted(ctx: CoreContext): { host: string; port: number } | null {
  if (ctx.station.role !== 'hub') return null;
  const port = Number(readSetting(ctx.db, HUB_SETTINGS.servePort) ?? '');
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: readSetting(ctx.db, HUB_SETTINGS.serveHost) || '127.0.0.1', port };
}

export function startSyncServices(source: CoreSource, options: SyncServicesOptions = {}): SyncServices {
  const coreOf = typeof source === 'function' ? source : () => source;
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const loop = startSyncLoop(source, options);
  let server: RunningHubServer | undefined;
  let serving = '';
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  let watched: Core | undefined;
  let unsubscribe: (() => void) | undefined;

  /** Starts, moves or stops the hub's server to match the settings. */
  const reconcile = () => {
    pending = pending.then(async () => {
      const core = coreOf();
      if (!core || options.noHubServer) return;
      if (watched !== core) {
        unsubscribe?.();
        watched = core;
        unsubscribe = core.onChange((kinds) => {
          if (kinds.includes('settings')) reconcile();
        });
      }
      const wanted = stopped ? null : servingWanted(core.ctx);
      const key = wanted ? `${wanted.host}:${wanted.port}` : '';
      if (key === serving) return;
      if (server) {
        await server.close();
        log(`The hub stopped serving on ${server.url}.`);
        server = undefined;
      }
      serving = '';
      if (!wanted) return;
      try {
        server = await createHubServer(createHubService(core.ctx), { ...wanted, log: (line) => log(`hub: ${line}`) });
        serving = key;
        log(`The hub serves stations on ${server.url}.`);
      } catch (error) {
        log(`The hub could not serve on ${key}; check the address and port in Sync settings.`, error);
      }
    });
  };
  reconcile();
  const queue = options.noQueue ? undefined : startQueueServices(coreOf, log);
  // A desk set up after start (first run) gets its server once its core exists.
  const poll = setInterval(() => {
    if (coreOf() && watched !== coreOf()) reconcile();
  }, 2_000);
  poll.unref();

  return {
    loop,
    hubServer: () => server,
    ...(queue ? { queue } : {}),
    async stop() {
      stopped = true;
      clearInterval(poll);
      unsubscribe?.();
      reconcile();
      await Promise.all([loop.stop(), pending, queue?.stop()]);
    },
  };
}
