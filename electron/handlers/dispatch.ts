import { methods, isMethodName, type EventName } from '../api/contract.js';
import { fail, ok, type Result } from '../api/result.js';
import type { Actor } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { Core } from '../core/index.js';
import { authorize } from '../core/permissions.js';
import type { HandlerEntry } from './handler.js';
import { handlers } from './registry.js';

/**
 * The one wrapper every renderer request passes through, under Electron's ipcMain and under the web harness alike:
 * known method, input parsed by its schema, errors turned into values. Unexpected errors are logged here and reach
 * the renderer as `internal`, without a stack.
 */
export interface Dispatcher {
  invoke(method: unknown, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

export type Log = (message: string, error?: unknown) => void;
const defaultLog: Log = (message, error) => console.error(message, error);

export function createDispatcher(core: Core, log: Log = defaultLog): Dispatcher {
  // Operators arrive with the protection work; until then the desk acts under its station's name.
  const actor: Actor = { id: 'desk', name: core.station.stationLabel, role: 'supervisor' };
  return {
    async invoke(method, input) {
      if (!isMethodName(method)) return fail('invalid_input', `Unknown method ${String(method).slice(0, 60)}`);
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        return fail(
          'invalid_input',
          'Some fields are missing or not in the expected form.',
          parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: `invalid.${issue.code}`, message: issue.message })),
        );
      }
      try {
        const entry = handlers[method] as HandlerEntry<typeof method>;
        authorize(actor, entry.roles);
        return ok(await entry.run(core.ctx, actor, parsed.data as never));
      } catch (error) {
        if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
        if (isDiskFull(error)) return fail('io_failed', 'The disk is full. Nothing was saved; free some space and save again.');
        log(`Method ${method} failed`, error);
        return fail('internal', 'Something went wrong inside the app. Nothing was saved. If it happens again, tell your supervisor.');
      }
    },
    onEvent(listener) {
      return core.onChange((kinds) => listener('data.changed', { kinds }));
    },
  };
}

const isDiskFull = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'SQLITE_FULL' || error.code === 'ENOSPC');
