import { isMethodName, type EventName, type MethodName } from '../api/contract.js';
import { fail, type Result } from '../api/result.js';
import type { Access } from '../api/roles.js';
import { endSearch } from '../core/audit/access-log.js';
import type { Actor } from '../core/context.js';
import type { Core } from '../core/index.js';
import type { JobBoard } from '../core/jobs.js';
import { newSession, sessionActor, type Session } from '../core/access/session.js';
import { admit, execute, type Admitted, type Log } from './run-method.js';

/**
 * The one wrapper every renderer request passes through, in the core's worker, for Electron's window and the web
 * harness alike: each connection's session, then run-method.ts (known method, role, input parsed by its schema,
 * errors turned into values). Unexpected errors are logged here and reach
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

export type { Log };
const defaultLog: Log = (message, error) => console.error(message, error);

/** Where admitted long methods go instead of running here (the core worker's job worker). */
export interface Offload {
  handles(method: MethodName): boolean;
  run(call: Admitted): Promise<Result<unknown>>;
  /** The running job, for `jobs.status` and `jobs.cancel`. */
  board?: JobBoard;
}

export function createDispatcher(core: Core, log: Log = defaultLog, offload?: Offload): Dispatcher {
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
      const session = sessionOf(connection);
      const caller = { actor: (access: Access) => (access === 'anyone' ? (session.operator ?? NOBODY) : sessionActor(core.ctx, session)) };
      const admitted = admit(method, input, caller, log);
      if (!admitted.ok) return admitted;
      // Long work runs elsewhere (the job worker) once admitted here, where the sessions live.
      if (offload?.handles(method)) return offload.run(admitted.call);
      return execute(core.ctx, admitted.call, { session, jobs: offload?.board }, log);
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
