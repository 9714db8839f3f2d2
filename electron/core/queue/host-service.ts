import { readSetting } from '../batch/settings.js';
import type { Core } from '../index.js';
import { createQueueHostServer, type RunningQueueHost } from './host-server.js';
import { flushOutbox, queueHostOf } from './lan-client.js';
import { QUEUE_LAN_SETTINGS } from './lan-host.js';

/**
 * The queue's network work beside the window (started with the sync services, sync/services.ts):
 * - on the queue host (its settings name an address to listen on): the host's server, moved or stopped when the
 *   settings change;
 * - on a desk that uses a queue host: every few seconds, the events the host has not acknowledged are sent, so a
 *   desk back on the network reconciles even before its next call.
 */

export interface QueueServices {
  server(): RunningQueueHost | undefined;
  stop(): Promise<void>;
}

/** "0.0.0.0:8470", "[::]:8470", "127.0.0.1:8470" → host and port; undefined when not an address. */
export function listenAddress(text: string): { host: string; port: number } | undefined {
  const match = /^\[?([0-9A-Za-z.:-]+?)\]?:(\d{1,5})$/.exec(text.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host: match[1]!, port };
}

export function startQueueServices(coreOf: () => Core | undefined, log: (message: string, error?: unknown) => void, flushEveryMs = 10_000): QueueServices {
  let server: RunningQueueHost | undefined;
  let serving = '';
  let stopped = false;
  let pending: Promise<void> = Promise.resolve();
  let watched: Core | undefined;
  let unsubscribe: (() => void) | undefined;
  let flushing = false;

  const reconcile = () => {
    pending = pending.then(async () => {
      const core = coreOf();
      if (!core) return;
      if (watched !== core) {
        unsubscribe?.();
        watched = core;
        unsubscribe = core.onChange((kinds) => {
          if (kinds.includes('settings')) reconcile();
        });
      }
      const wanted = stopped ? undefined : listenAddress(readSetting(core.ctx.db, QUEUE_LAN_SETTINGS.listen) ?? '');
      const key = wanted ? `${wanted.host}:${wanted.port}` : '';
      if (key === serving) return;
      if (server) {
        await server.close();
        log(`The queue host stopped serving on ${server.url}.`);
        server = undefined;
      }
      serving = '';
      if (!wanted) return;
      try {
        server = await createQueueHostServer(core, { ...wanted, log: (line) => log(`queue host: ${line}`) });
        serving = key;
        log(`The queue host serves the centre's desks on ${server.url}.`);
      } catch (error) {
        log(`The queue host could not serve on ${key}; check the address in the queue's settings.`, error);
      }
    });
  };
  reconcile();

  const timer = setInterval(() => {
    const core = coreOf();
    if (core && watched !== core) reconcile();
    const host = core ? queueHostOf(core.ctx) : undefined;
    if (!core || !host || flushing) return;
    flushing = true;
    flushOutbox(core.ctx, host)
      .catch((error: unknown) => log('The desk could not send its queue events to the host.', error))
      .finally(() => {
        flushing = false;
      });
  }, flushEveryMs);
  timer.unref();

  return {
    server: () => server,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      reconcile();
      await pending;
    },
  };
}
