import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HouseholdInput } from '../../electron/api/schemas/household.js';
import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import type { Actor, Role } from '../../electron/core/context.js';
import { SYSTEM_ACTOR } from '../../electron/core/context.js';
import { registerHousehold } from '../../electron/core/households/write.js';
import { openCore, type Core } from '../../electron/core/index.js';
import { createOperator } from '../../electron/core/access/operators.js';

/** A station in a temporary folder with a clock the test moves, for the protection tests. */
export interface ProtectedStation {
  core: Core;
  dataDir: string;
  clock: { now: Date; advance(seconds: number): void };
  /** Creates an operator with this role (password `<name>-secret-1`) and returns them as an actor. */
  operator(name: string, role: Role): Promise<Actor>;
  register(input?: HouseholdInput, actor?: Actor): { id: string; registrationNumber: string; version: number };
  dispose(): void;
}

export const secretOf = (name: string): string => `${name}-secret-1`;

export function protectedStation(now = '2024-09-26T10:00:00.000Z'): ProtectedStation {
  const dataDir = mkdtempSync(join(tmpdir(), 'intake-protect-'));
  const clock = {
    now: new Date(now),
    advance(seconds: number) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  const core = openCore({ dataDir, setup: { centreCode: 'GRS1', centreName: 'Goris', stationLabel: 'Desk 3' }, now: () => clock.now });
  return {
    core,
    dataDir,
    clock,
    async operator(name, role) {
      const view = await createOperator(core.ctx, SYSTEM_ACTOR, { name, role, secret: secretOf(name) });
      return { id: view.id, name: view.name, role: view.role };
    },
    register: (input = FAMILY, actor = SYSTEM_ACTOR) => registerHousehold(core.ctx, actor, HouseholdSchema.parse(input)),
    dispose() {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const CANARY_PHONE = '+374 99 731 845';

export const FAMILY: HouseholdInput = {
  arrivedAt: '2024-09-26T08:15:00.000Z',
  originSettlement: 'Martakert',
  phone: CANARY_PHONE,
  notes: 'Needs insulin every morning',
  members: [
    {
      givenName: 'Anahit',
      familyName: 'Hovhannisyan',
      sex: 'F',
      birth: { kind: 'exact', date: '1985-03-14' },
      relationship: 'head',
      phone: '+374 98 112 233',
      notes: 'Speaks Russian',
    },
    {
      givenName: 'Gor',
      familyName: 'Hovhannisyan',
      sex: 'M',
      birth: { kind: 'exact', date: '2012-06-01' },
      relationship: 'child',
      documents: [{ type: 'birth_certificate', number: 'BC-998877' }],
    },
  ],
};
