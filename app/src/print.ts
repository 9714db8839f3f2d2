import { useUi } from './store';

/** Opens the family's slip, ready to print; the slip screen prints itself once shown. */
export async function printSlip(householdId: string): Promise<void> {
  useUi.getState().go('household', householdId);
}
