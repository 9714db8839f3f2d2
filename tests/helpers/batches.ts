import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { ensureHubKeys } from '../../electron/core/batch/keys.js';
import { SYSTEM_ACTOR, type Actor } from '../../electron/core/context.js';
import type { DB } from '../../electron/core/db/open.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { sequentialIds } from '../../electron/core/ids.js';
import { openCore, type Core } from '../../electron/core/index.js';

/** Stations and a hub on real SQLite files in one temporary folder, with a clock the test moves. */
export interface Desk {
  core: Core;
  dataDir: string;
  register(input: HouseholdInput): { id: string; registrationNumber: string; version: number };
}

export interface Site {
  root: string;
  clock: { now: Date; advance(minutes: number): void };
  actor: Actor;
  station(label: string, centreCode?: string): Desk;
  /** A hub with its key pair; `publicKey` is what stations install. */
  hub(label?: string): Desk & { publicKey: string };
  folder(name: string): string;
  dispose(): void;
}

let sites = 0;

export function site(start = '2024-09-26T10:00:00.000Z'): Site {
  const root = mkdtempSync(join(tmpdir(), 'intake-batches-'));
  const clock = {
    now: new Date(start),
    advance(minutes: number) {
      clock.now = new Date(clock.now.getTime() + minutes * 60_000);
    },
  };
  const cores: Core[] = [];
  let desks = 0;
  sites++;
  const open = (label: string, centreCode: string, role: 'station' | 'hub'): Desk => {
    desks++;
    const dataDir = join(root, `${role}-${desks}`);
    // Distinct id prefixes per desk: households from every desk must merge at the hub without colliding.
    const prefix = `00000000-0000-7000-8${String(sites % 10)}${String(desks).padStart(2, '0')}-`;
    const core = openCore({
      dataDir,
      setup: { centreCode, centreName: `Centre ${centreCode}`, stationLabel: label, role },
      now: () => clock.now,
      newId: sequentialIds(prefix),
    });
    cores.push(core);
    return { core, dataDir, register: (input) => registerHousehold(core.ctx, SYSTEM_ACTOR, HouseholdSchema.parse(input)) };
  };
  return {
    root,
    clock,
    actor: SYSTEM_ACTOR,
    station: (label, centreCode = 'GRS1') => open(label, centreCode, 'station'),
    hub(label = 'Hub') {
      const desk = open(label, 'HUB1', 'hub');
      return { ...desk, publicKey: ensureHubKeys(desk.dataDir).pair.publicKey };
    },
    folder(name) {
      return mkdtempSync(join(root, `${name}-`));
    },
    dispose() {
      for (const core of cores) core.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Row counts of every table an import may touch: equal before and after means nothing was applied. */
export function tableCounts(db: DB): Record<string, number> {
  const tables = [
    'households',
    'persons',
    'search_keys',
    'household_versions',
    'change_log',
    'audit_events',
    'received_batches',
    'known_stations',
    'station_events',
    'deleted_households',
    'hub_unchecked',
  ];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
}

export const family = (givenName: string, familyName: string, extra: Partial<HouseholdInput> = {}): HouseholdInput => ({
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Martakert',
  phone: '+374 77 123456',
  members: [
    { givenName, familyName, sex: 'F', birth: { kind: 'exact', date: '1985-03-14' }, relationship: 'head' },
    { givenName: 'Gor', familyName, sex: 'M', birth: { kind: 'exact', date: '2012-06-01' }, relationship: 'child' },
  ],
  ...extra,
});
