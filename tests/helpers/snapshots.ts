import { HouseholdSchema } from '../../electron/api/schemas/household.js';
import { fillLatinNames } from '../../electron/core/households/index-person.js';
import type { HouseholdSnapshot } from '../../electron/core/households/snapshot.js';
import { syntheticHousehold } from '../../electron/core/seed/seed.js';

/**
 * A household's first version at Goris, registered and arrived at `at`: the input parsed as the core parses it, each
 * member with Latin names filled and the id `memberId` gives it.
 */
export function firstVersion(
  id: string,
  registrationNumber: string,
  stationId: string,
  at: string,
  input: unknown,
  memberId: (i: number) => string,
): HouseholdSnapshot {
  const parsed = HouseholdSchema.parse(input);
  return {
    id,
    registrationNumber,
    stationId,
    centreCode: 'GRS1',
    version: 1,
    status: 'active',
    voidReason: '',
    registeredAt: at,
    updatedAt: at,
    household: { ...parsed, arrivedAt: at, members: parsed.members.map((m, i) => ({ ...fillLatinNames(m), id: memberId(i) })) },
  };
}

/**
 * The n-th synthetic household as a first version of station-1 at Goris, with ids and a number that follow n: what
 * the history's tests store, read back and migrate (`fullNotes`: every free-text field filled to its limit).
 */
export function syntheticSnapshot(n: number, rand: () => number, at: string, fullNotes = false): HouseholdSnapshot {
  const id = `0190${String(n).padStart(8, '0')}-h`;
  return firstVersion(id, `KQ7M-${String(n).padStart(5, '0')}-X`, 'station-1', at, syntheticHousehold(rand, at, { fullNotes }), (i) => `${id}-p${i}`);
}
