import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HouseholdSchema, type HouseholdInput } from '../../electron/api/schemas/household.js';
import type { SyncReportView } from '../../electron/api/views-sync.js';
import { installHubKey } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { createHubService, type HubService } from '../../electron/core/hub/service.js';
import { createHubServer, type HubServerOptions, type RunningHubServer } from '../../electron/core/hub/server.js';
import { syncOnce, type SyncOptions } from '../../electron/core/sync/outbox.js';
import { outboxEntries } from '../../electron/core/sync/state.js';
import type { SyncTarget } from '../../electron/core/sync/target.js';
import { family } from './batches.js';

/**
 * A hub and stations on real SQLite files in one temporary folder, with the real clock (backoff and timeouts are
 * real time here). The hub can serve HTTP on 127.0.0.1, stop and start again on the same port.
 */

export interface Station {
  core: Core;
  dataDir: string;
  label: string;
  register(input?: HouseholdInput): string;
  /** Closes the core and opens it again from its files (a restart, or a kill: nothing in memory survives). */
  reopen(): void;
  waiting(): number;
  acknowledged(): number;
}

export interface Hub {
  core: Core;
  dataDir: string;
  publicKey: string;
  service: HubService;
  server?: RunningHubServer;
  /** The port it serves (or served) on; 0 before the first serve. */
  port(): number;
  /** Starts (or starts again, on the same port as before) the HTTP server on 127.0.0.1. */
  serve(options?: HubServerOptions): Promise<string>;
  stop(): Promise<void>;
  /** Households per registration number at the hub: every value must be 1. */
  registrations(): Map<string, number>;
  households(): number;
}

export interface SyncSite {
  root: string;
  hub(options?: { enrolmentOpen?: boolean }): Hub;
  station(label: string, hub: Hub, centreCode?: string): Station;
  dispose(): Promise<void>;
}

let families = 0;
const GIVEN = ['Anahit', 'Սոնա', 'Людмила', 'Gayane', 'Արամ', 'Тигран', 'Lilit', 'Նարեկ'];
const FAMILY = ['Hovhannisyan', 'Մկրտչյան', 'Григорян', 'Petrosyan', 'Սարգսյան', 'Аракелян'];

export function nextFamily(): HouseholdInput {
  families++;
  return family(GIVEN[families % GIVEN.length]!, FAMILY[families % FAMILY.length]!);
}

export function syncSite(): SyncSite {
  const root = mkdtempSync(join(tmpdir(), 'intake-sync-'));
  const cores = new Set<Core>();
  const servers = new Set<Hub>();
  let desks = 0;
  const open = (dataDir: string, setup?: Parameters<typeof openCore>[0]['setup']) => {
    const core = openCore({ dataDir, ...(setup ? { setup } : {}) });
    cores.add(core);
    return core;
  };
  return {
    root,
    hub(options = {}) {
      const dataDir = join(root, `hub-${++desks}`);
      const core = open(dataDir, { centreCode: 'HUB1', centreName: 'Hub', stationLabel: 'Hub', role: 'hub' });
      const service = createHubService(core.ctx, { enrolmentOpen: options.enrolmentOpen ?? true });
      let port = 0;
      const hub: Hub = {
        core,
        dataDir,
        service,
        publicKey: service.identity().hubKey,
        port: () => port,
        async serve(serverOptions = {}) {
          hub.server = await createHubServer(service, { port, ...serverOptions });
          port = hub.server.port;
          servers.add(hub);
          return hub.server.url;
        },
        async stop() {
          await hub.server?.close();
          hub.server = undefined;
        },
        registrations() {
          const rows = core.ctx.db.prepare('SELECT registration_number, count(*) AS n FROM households GROUP BY registration_number').raw().all() as [
            string,
            number,
          ][];
          return new Map(rows);
        },
        households: () => core.ctx.db.prepare('SELECT count(*) FROM households').pluck().get() as number,
      };
      return hub;
    },
    station(label, hub, centreCode = 'GRS1') {
      const dataDir = join(root, `station-${++desks}`);
      const station: Station = {
        core: open(dataDir, { centreCode, centreName: `Centre ${centreCode}`, stationLabel: label }),
        dataDir,
        label,
        register(input = nextFamily()) {
          return registerHousehold(station.core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(input)).registrationNumber;
        },
        reopen() {
          station.core.close();
          cores.delete(station.core);
          station.core = open(dataDir);
        },
        waiting: () => outboxEntries(station.core.ctx.db).length,
        acknowledged: () => station.core.ctx.db.prepare("SELECT count(*) FROM batches WHERE status = 'acknowledged'").pluck().get() as number,
      };
      installHubKey(station.core.ctx, SYSTEM_ACTOR, hub.publicKey);
      return station;
    },
    async dispose() {
      for (const hub of servers) await hub.stop();
      for (const core of cores) core.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface UntilDone {
  runs: number;
  reports: SyncReportView[];
}

/**
 * Syncs until nothing waits and nothing is left to cut (at most `limit` runs), as the loop would over time; each run
 * ignores backoff (force), so a test needs no waiting. Returns every report.
 */
export async function syncUntilDone(station: Station, target: SyncTarget, options: SyncOptions & { limit?: number } = {}): Promise<UntilDone> {
  const reports: SyncReportView[] = [];
  const limit = options.limit ?? 50;
  for (let run = 1; run <= limit; run++) {
    const report = await syncOnce(station.core.ctx, target, { force: true, ...options });
    reports.push(report);
    const pending = station.core.ctx.db
      .prepare('SELECT coalesce(max(seq), 0) > (SELECT coalesce(max(sequence_to), 0) FROM batches) FROM change_log')
      .pluck()
      .get() as number;
    if (report.reachable && station.waiting() === 0 && !pending) return { runs: run, reports };
  }
  throw new Error(`still ${station.waiting()} batches waiting after ${limit} syncs: ${JSON.stringify(reports.at(-1)?.error)}`);
}

/** Every registration number at the hub exactly once, and all of `expected` there. */
export function exactlyOnce(hub: Hub, expected: string[]): { missing: string[]; duplicated: string[] } {
  const counts = hub.registrations();
  return {
    missing: expected.filter((n) => !counts.has(n)),
    duplicated: [...counts].filter(([, n]) => n !== 1).map(([k]) => k),
  };
}
