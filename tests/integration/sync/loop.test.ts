import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { createHttpTarget } from '../../../electron/core/hub/http-target.js';
import { startSyncLoop } from '../../../electron/core/sync/loop.js';
import { syncOnce } from '../../../electron/core/sync/outbox.js';
import { configureSync, syncStatus } from '../../../electron/core/sync/state.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { exactlyOnce, syncSite, type SyncSite } from '../../helpers/sync.js';

/** The scheduler: by itself, with the hub going away and coming back; never two syncs at once. */

let site: SyncSite;
let proxy: FaultProxy | undefined;
beforeEach(() => {
  site = syncSite();
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await site.dispose();
});

/** Waits for a condition (the loop runs on its own time); fails with `what` after `ms`. */
async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the sync loop', () => {
  it('syncs by itself from the configured address, keeps trying while the hub is away, and sends as soon as it is back', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    configureSync(a.core.ctx, SYSTEM_ACTOR, { hubUrl: url, intervalSeconds: 60 });
    const numbers = [a.register()];
    const changes: string[][] = [];
    a.core.onChange((kinds) => changes.push(kinds));
    const loop = startSyncLoop(a.core, { intervalMs: 150, minDelayMs: 20, backoff: { baseMs: 40, maxMs: 150 }, timeoutMs: 1_000 });
    try {
      await until('the first batch acknowledged', () => a.acknowledged() === 1);
      expect(changes.some((k) => k.includes('sync'))).toBe(true);

      await hub.stop();
      numbers.push(a.register());
      await until('the hub seen as offline', () => syncStatus(a.core.ctx).online === false);
      expect(a.acknowledged()).toBe(1);
      expect(syncStatus(a.core.ctx).lastError?.code).toBe('unreachable');

      await hub.serve();
      await until('everything acknowledged after the hub came back', () => a.acknowledged() === 2 && a.waiting() === 0);
      expect(syncStatus(a.core.ctx)).toMatchObject({ online: true, lastError: null, waiting: 0 });
      expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });
    } finally {
      await loop.stop();
    }
  });

  it('idles without a hub address, and starts when one is set', async () => {
    const hub = site.hub();
    const url = await hub.serve();
    const a = site.station('Desk 1', hub);
    a.register();
    const loop = startSyncLoop(a.core, { intervalMs: 100, minDelayMs: 20 });
    try {
      expect(await loop.syncNow()).toBeNull();
      configureSync(a.core.ctx, SYSTEM_ACTOR, { hubUrl: url, intervalSeconds: 60 });
      await until('acknowledged once the address is set', () => a.acknowledged() === 1);
    } finally {
      await loop.stop();
    }
  });

  it('never runs two syncs at once: a second call while one runs gets the same report, one upload', async () => {
    const hub = site.hub();
    await hub.serve();
    proxy = await startFaultProxy(() => hub.port());
    const a = site.station('Desk 1', hub);
    a.register();
    const target = createHttpTarget(proxy.url);
    const [one, two] = await Promise.all([syncOnce(a.core.ctx, target), syncOnce(a.core.ctx, target)]);
    expect(two).toBe(one);
    expect(one.acknowledged).toHaveLength(1);
    expect(proxy.counts.uploads).toBe(1);
  });
});
