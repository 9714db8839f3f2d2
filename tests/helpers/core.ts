import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HouseholdInput, PersonInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import type { SavedHousehold } from '../../electron/api/views.js';
import { SYSTEM_ACTOR, type Actor, type CoreContext } from '../../electron/core/context.js';
import type { DB } from '../../electron/core/db/open.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { sequentialIds } from '../../electron/core/ids.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { databasePath } from '../../electron/core/station.js';

/**
 * Core on a real SQLite file in a temporary folder, with a clock the test sets and sequential ids. Every folder and
 * core made here is closed and removed by `cleanupTemp()`, which each test file calls in afterEach.
 */

export const FIXED_NOW = '2026-11-20T09:00:00.000Z';
export const ID_PREFIX = '00000000-0000-7000-8000-';

const openCores: Core[] = [];
const folders: string[] = [];

/** A fresh temporary folder, removed by `cleanupTemp()`. */
export function tempDir(prefix = 'intake-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** Closes every core opened by the helpers and removes every temporary folder. */
export function cleanupTemp(): void {
  for (const core of openCores.splice(0)) {
    try {
      core.close();
    } catch {
      // A test may have closed (or broken) the connection on purpose; the folder goes anyway.
    }
  }
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface Clock {
  now: Date;
  set(iso: string): void;
  advance(seconds: number): void;
}

export interface TempCore {
  core: Core;
  ctx: CoreContext;
  db: DB;
  dataDir: string;
  file: string;
  clock: Clock;
  /** Parses the input with the contract's schema (as the dispatcher does) and registers it through the write path. */
  register(input?: HouseholdInput, actor?: Actor): SavedHousehold;
}

export interface TempCoreOptions {
  now?: string;
  newId?: () => string;
  centreCode?: string;
}

export function makeTempCore(options: TempCoreOptions = {}): TempCore {
  const dataDir = tempDir();
  const clock: Clock = {
    now: new Date(options.now ?? FIXED_NOW),
    set(iso) {
      clock.now = new Date(iso);
    },
    advance(seconds) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  const core = openCore({
    dataDir,
    setup: { centreCode: options.centreCode ?? 'GRS1', centreName: 'Goris', stationLabel: 'Desk 2' },
    now: () => clock.now,
    newId: options.newId ?? sequentialIds(ID_PREFIX),
  });
  openCores.push(core);
  return {
    core,
    ctx: core.ctx,
    db: core.ctx.db,
    dataDir,
    file: databasePath(dataDir),
    clock,
    register: (input = familyOfFour(), actor = SYSTEM_ACTOR) => registerHousehold(core.ctx, actor, HouseholdSchema.parse(input)),
  };
}

/** The Sargsyan family as a clerk types it in Armenian: father (head), mother, son and daughter. */
export function familyOfFour(overrides: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    mode: 'full',
    arrivedAt: '2026-11-20T08:30:00.000Z',
    originSettlement: 'Ստեփանակերտ',
    arrivalMeans: 'car',
    destination: 'relatives',
    phone: '+374 91 123456',
    consentTracing: true,
    members: [
      {
        givenName: 'Արամ',
        familyName: 'Սարգսյան',
        patronymic: 'Գևորգի',
        sex: 'M',
        birth: { kind: 'exact', date: '1980-05-12' },
        relationship: 'head',
        documents: [{ type: 'passport', number: 'AM 1234567' }],
      },
      { givenName: 'Անի', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'exact', date: '1983-09-02' }, relationship: 'spouse' },
      { givenName: 'Դավիթ', familyName: 'Սարգսյան', sex: 'M', birth: { kind: 'exact', date: '2012-03-15' }, relationship: 'child' },
      { givenName: 'Մարիամ', familyName: 'Սարգսյան', sex: 'F', birth: { kind: 'age', years: 6 }, relationship: 'child' },
    ],
    ...overrides,
  };
}

/** A one-line person for tests that build their own families. */
export const person = (
  givenName: string,
  familyName: string,
  sex: 'F' | 'M',
  date: string,
  relationship: PersonInput['relationship'] = 'head',
  extra: Partial<PersonInput> = {},
): PersonInput => ({ givenName, familyName, sex, birth: { kind: 'exact', date }, relationship, ...extra });

/** Row counts of the tables one registration writes to. */
export const WRITE_TABLES = ['households', 'persons', 'search_keys', 'household_versions', 'audit_events', 'change_log'] as const;

export function rowCounts(db: DB, tables: readonly string[] = WRITE_TABLES): Record<string, number> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]));
}
