import type { MethodInput } from '../../../electron/api/contract';
import type { AppError } from '../../../electron/api/result';
import { bridge } from '../bridge';
import type { HouseholdForm } from '../intake/form';
import { useUi } from '../store';
import { useSession } from './store';

/** What the session screens and the top bar do: each asks core, then shows what core answers. */

const hasContent = (form: HouseholdForm): boolean => form.members.some((m) => m.givenName || m.familyName || m.birthText) || Boolean(form.phone || form.notes);

export async function refreshSession(): Promise<void> {
  const result = await bridge.invoke('session.status', {});
  if (result.ok) useSession.getState().setView(result.value);
}

/** The family being typed is saved as this operator's draft before the screen goes, whatever happens next. */
async function saveDraftNow(): Promise<void> {
  const { form, editing } = useUi.getState();
  if (!editing && hasContent(form)) await bridge.invoke('draft.save', { payload: JSON.stringify(form) });
}

let locking = false;
export async function lockScreen(): Promise<void> {
  const { view } = useSession.getState();
  if (locking || !view?.operator || view.locked) return;
  locking = true;
  try {
    await saveDraftNow();
    useSession.getState().putAway(true);
    const result = await bridge.invoke('session.lock', {});
    if (result.ok) useSession.getState().setView(result.value);
    else await refreshSession();
  } finally {
    locking = false;
  }
}

export async function signOut(): Promise<void> {
  await saveDraftNow();
  useSession.getState().putAway(false);
  const result = await bridge.invoke('session.signOut', {});
  if (result.ok) useSession.getState().setView(result.value);
}

export async function signIn(name: string, secret: string): Promise<AppError | null> {
  const result = await bridge.invoke('session.signIn', { name, secret });
  if (!result.ok) return result.error;
  useSession.getState().setView(result.value);
  return null;
}

export async function setUp(input: MethodInput<'setup.create'>): Promise<AppError | null> {
  const result = await bridge.invoke('setup.create', input);
  if (!result.ok) return result.error;
  useSession.getState().setView(result.value);
  return null;
}

/** The start-up screen: the data file opens with the passphrase (or a new one) or the recovery code. */
export async function unlockDataFile(input: MethodInput<'startup.unlock'>): Promise<AppError | null> {
  const result = await bridge.invoke('startup.unlock', input);
  if (!result.ok) return result.error;
  useSession.getState().setView(result.value);
  return null;
}

/** The administrator has written the recovery code down: it is forgotten, and the app opens. */
export async function recoveryCodeSeen(): Promise<void> {
  const result = await bridge.invoke('keys.recoveryCodeSeen', {});
  if (result.ok) useSession.getState().setView(result.value);
  else await refreshSession();
}
