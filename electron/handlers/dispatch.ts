import { methods, isMethodName, type EventName } from '../api/contract.js';
import { fail, ok, type Result } from '../api/result.js';
import { fieldIssueOf } from '../api/schemas/text.js';
import { endSearch } from '../core/access-log.js';
import type { Actor } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { Core } from '../core/index.js';
import { authorize, PERMISSIONS } from '../core/permissions.js';
import { newSession, sessionActor, type Session } from '../core/session.js';
import type { HandlerEntry } from './handler.js';
import { handlers } from './registry.js';

/**
 * The one wrapper every renderer request passes through, under Electron's ipcMain and under the web harness alike:
 * known method, input parsed by its schema, errors turned into values. Unexpected errors are logged here and reach
 * the renderer as `internal`, without a stack.
 */
export interface Dispatcher {
  /** `connection` names the caller (the app's window, one browser of the harness): each has its own session. */
  invoke(method: unknown, input: unknown, connection?: string): Promise<Result<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Forgets a connection's session (its window closed). */
  disconnect(connection: string): void;
}

export const DEFAULT_CONNECTION = 'window';
/** The actor of an 'anyone' method (sign-in, the lock screen) before anyone is signed in. */
const NOBODY: Actor = { id: '', name: '(not signed in)', role: 'registrar' };
const MAX_CONNECTIONS = 64;

export type Log = (message: string, error?: unknown) => void;
const defaultLog: Log = (message, error) => console.error(message, error);

export function createDispatcher(core: Core, log: Log = defaultLog): Dispatcher {
  // Each connection's operator: sessions live in memory only, so restarting the app signs everyone out.
  const sessions = new Map<string, Session>();
  const sessionOf = (connection: string): Session => {
    let session = sessions.get(connection);
    if (session) {
      // Most recently used last: when full, the connection idle longest goes, never the window at work.
      sessions.delete(connection);
    } else {
      if (sessions.size >= MAX_CONNECTIONS) {
        const oldest = sessions.keys().next().value as string;
        const evicted = sessions.get(oldest);
        if (evicted) endSearch(evicted);
        sessions.delete(oldest);
      }
      session = newSession();
    }
    sessions.set(connection, session);
    return session;
  };
  return {
    async invoke(method, input, connection = DEFAULT_CONNECTION) {
      if (!isMethodName(method)) return fail('invalid_input', `Unknown method ${String(method).slice(0, 60)}`);
      // Who may call it comes first: someone not allowed learns nothing, not even what the input should be.
      const access = PERMISSIONS[method];
      if (!access) {
        log(`Method ${method} is not in PERMISSIONS (electron/core/permissions.ts); refused for everyone.`);
        return fail('forbidden', 'No role may do this yet.');
      }
      const session = sessionOf(connection);
      let actor: Actor;
      try {
        actor = access === 'anyone' ? (session.operator ?? NOBODY) : sessionActor(core.ctx, session);
        authorize(actor, access);
      } catch (error) {
        if (error instanceof CoreError) return fail(error.code, error.message, error.issues);
        log(`Method ${method}: the session check failed`, error);
        return fail('internal', 'Something went wrong inside the app. If it happens again, tell your supervisor.');
      }
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        return fail(
          'invalid_input',
          'Some fields are missing or not in the expected form.',
          parsed.error.issues.map(fieldIssueOf),
        );
      }
      try {
        const entry = handlers[method] as HandlerEntry<typeof method>;
        return ok(await entry.run(core.ctx, actor, parsed.data as never, { session }));
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
    disconnect(connection) {
      const session = sessions.get(connection);
      if (session) endSearch(session);
      sessions.delete(connection);
    },
  };
}

const isDiskFull = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && (error.code === 'SQLITE_FULL' || error.code === 'ENOSPC');
