import { fail, ok, type Result } from '../api/result.js';
import type { SessionView } from '../api/views-protection.js';
import { UnlockSchema } from '../api/methods/protection.js';
import { fieldIssueOf } from '../api/schemas/text.js';
import type { KeyProvider } from '../core/db/key-provider.js';
import { CoreError } from '../core/errors.js';
import type { KeyGate } from '../core/protection/app-keys.js';
import { MIN_PASSPHRASE_LENGTH } from '../core/protection/database-keys.js';
// Types only: the side that holds the key store loads nothing of the desk's core.
import type { Dispatcher, Log } from '../handlers/dispatch.js';

/**
 * The app's start-up, on the side that holds the OS key store (Electron's main process, or the harness): until the
 * data file's key is unwrapped, only `session.status` (saying what the start-up screen must ask) and
 * `startup.unlock` (the passphrase, a new one, or the recovery code) answer; then the desk is opened with the key and
 * every call goes to it. A recovery code made on the way is handed to the desk, to be shown once to an administrator.
 */
export interface GateOptions {
  gate: KeyGate;
  /** Opens the desk with the unwrapped key's provider; `takeRecoveryCode` gives the code made meanwhile, if any. */
  open(keys: KeyProvider, takeRecoveryCode: () => string | undefined): Promise<Dispatcher>;
  log?: Log;
}

// Nobody is signed in while the file is locked: there is no idle lock to time yet.
const LOCKED: SessionView = { setup: null, station: null, operator: null, locked: false, lockAfterSeconds: 0 };

export function gateDesk(options: GateOptions): Dispatcher & { opened(): Promise<Dispatcher | undefined> } {
  const { gate } = options;
  const log = options.log ?? ((message, error) => console.error(message, error));
  const listeners = new Set<Parameters<Dispatcher['onEvent']>[0]>();
  let desk: Dispatcher | undefined;
  let opening: Promise<Dispatcher> | undefined;
  let code: string | undefined;
  const take = () => {
    const made = code;
    code = undefined;
    return made;
  };

  const open = (keys: KeyProvider): Promise<Dispatcher> => {
    opening = options.open(keys, take).then((opened) => {
      desk = opened;
      opened.onEvent((event, payload) => {
        for (const listener of listeners) listener(event, payload);
      });
      return opened;
    });
    opening.catch(() => (opening = undefined));
    return opening;
  };
  if (gate.state() === 'ready') void open(gate.provider({}, (made) => (code = made))).catch((error: unknown) => log('The desk could not be opened', error));

  const short = (field: string): Result<never> =>
    fail('invalid_input', `A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.`, [
      { path: field, code: 'keys.passphrase.short', message: 'Passphrase too short', params: { min: MIN_PASSPHRASE_LENGTH } },
    ]);
  const required = (field: string, message: string): Result<never> =>
    fail('invalid_input', message, [{ path: field, code: 'invalid.too_small', message: 'Required' }]);

  /** Checks what was typed against the file's key before anything opens; a refusal names its field. */
  async function unlock(input: unknown, connection: string | undefined): Promise<Result<unknown>> {
    const parsed = UnlockSchema.safeParse(input ?? {});
    if (!parsed.success) return fail('invalid_input', 'Some fields are missing or not in the expected form.', parsed.error.issues.map(fieldIssueOf));
    const typed = parsed.data;
    const state = gate.state();
    if (typed.newPassphrase !== undefined && typed.newPassphrase.normalize('NFC').length < MIN_PASSPHRASE_LENGTH) return short('newPassphrase');
    if (!typed.recoveryCode) {
      if (state === 'set-passphrase' && typed.newPassphrase === undefined) return short('newPassphrase');
      if (state === 'passphrase' && !typed.passphrase) return required('passphrase', 'Type the start-up passphrase.');
      if (state === 'recovery') return required('recoveryCode', 'Type the recovery code.');
    } else if (!gate.storeUsable() && state !== 'passphrase' && typed.newPassphrase === undefined) {
      // No key store here and no passphrase on the file yet: opening by recovery code also sets one.
      return short('newPassphrase');
    }
    const provider = gate.provider(typed, (made) => (code = made));
    try {
      // A wrong passphrase or code fails here (its wrap does not open), before any worker starts.
      provider.load();
      await open(provider);
    } catch (error) {
      if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
      log('The data file could not be opened', error);
      return fail('internal', 'The data file could not be opened.');
    }
    return desk!.invoke('session.status', {}, connection);
  }

  return {
    async invoke(method, input, connection) {
      if (!desk && opening) await opening.catch(() => undefined);
      if (desk) return desk.invoke(method, input, connection);
      // The key store opened the key, yet the desk did not open (a damaged file, a worker that failed): said as such.
      if (gate.state() === 'ready') return fail('internal', 'The data file could not be opened. Close the app and open it again.');
      if (method === 'session.status') return ok({ ...LOCKED, unlock: gate.state(), keyStore: gate.storeUsable() });
      if (method === 'startup.unlock') return unlock(input, connection);
      return fail('locked', 'The data file is locked: type the start-up passphrase or the recovery code.');
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    disconnect(connection) {
      desk?.disconnect(connection);
    },
    opened: () => opening ?? Promise.resolve(desk),
  };
}
