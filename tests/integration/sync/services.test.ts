import { createServer } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { saveQueueLanSettings } from '../../../electron/core/queue/lan-settings.js';
import { startSyncServices } from '../../../electron/core/sync/services.js';
import { configureHubServing, configureSync } from '../../../electron/core/sync/state.js';
import { exactlyOnce, syncSite, type SyncSite } from '../../helpers/sync.js';

/** The hub role in the app: its own process serves when its settings say so, and stops when they no longer do. */

let site: SyncSite;
beforeEach(() => {
  site = syncSite();
});
afterEach(() => site.dispose());

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('a hub serves stations from its own process when set to, and a station syncs to it by itself', async () => {
  const hub = site.hub();
  const port = await freePort();
  const services = startSyncServices(hub.core, { noHubServer: false, minDelayMs: 20 });
  const station = site.station('Desk 1', hub);
  const stationServices = startSyncServices(station.core, { minDelayMs: 20, intervalMs: 200 });
  try {
    expect(services.hubServer()).toBeUndefined();
    configureHubServing(hub.core.ctx, SYSTEM_ACTOR, { enrolmentOpen: true, servePort: port, serveHost: '127.0.0.1' });
    await until('the hub serving', () => services.hubServer()?.port === port);
    expect(services.hubServer()!.host).toBe('127.0.0.1');

    const numbers = [station.register(), station.register()];
    configureSync(station.core.ctx, SYSTEM_ACTOR, { hubUrl: `http://127.0.0.1:${port}`, intervalSeconds: 60 });
    await until('the families acknowledged', () => station.acknowledged() === 1 && station.waiting() === 0);
    expect(exactlyOnce(hub, numbers)).toEqual({ missing: [], duplicated: [] });

    configureHubServing(hub.core.ctx, SYSTEM_ACTOR, { enrolmentOpen: true, servePort: null, serveHost: '127.0.0.1' });
    await until('the hub no longer serving', () => services.hubServer() === undefined);
    await until('the port free again', () =>
      fetch(`http://127.0.0.1:${port}/hub`).then(
        () => false,
        () => true,
      ),
    );
  } finally {
    await stationServices.stop();
    await services.stop();
  }
});

it('the queue host serves the centre’s desks when its settings say so, and stops when they no longer do', async () => {
  const host = site.station('Queue host', site.hub());
  const port = await freePort();
  const services = startSyncServices(host.core, { minDelayMs: 20 });
  const settings = { hostUrl: '', hostFingerprint: '', leaseSize: 3, leaseMinutes: 30 };
  try {
    expect(services.queue?.server()).toBeUndefined();
    saveQueueLanSettings(host.core.ctx, SYSTEM_ACTOR, { ...settings, listen: `127.0.0.1:${port}` });
    await until('the queue host serving', () => services.queue?.server()?.port === port);
    const board = await fetch(`http://127.0.0.1:${port}/queue/board`);
    expect(board.status).toBe(200);
    saveQueueLanSettings(host.core.ctx, SYSTEM_ACTOR, { ...settings, listen: '' });
    await until('the queue host no longer serving', () => services.queue?.server() === undefined);
  } finally {
    await services.stop();
  }
});
