import type { MethodName, MethodParsedInput, MethodResult } from '../api/contract.js';
import type { Actor, CoreContext } from '../core/context.js';
import type { JobBoard } from '../core/jobs.js';
import type { Session } from '../core/access/session.js';

/**
 * One method bound to core. Who may call it is the contract's table (electron/api/roles.ts), which the one runner
 * (run-method.ts) checks before the input is even parsed.
 */
export interface HandlerEntry<M extends MethodName> {
  run: (ctx: CoreContext, actor: Actor, input: MethodParsedInput<M>, connection: Connection) => MethodResult<M> | Promise<MethodResult<M>>;
}

/** The caller's connection (the window, a browser of the harness): its session, for the sign-in and lock methods. */
export interface Connection {
  session: Session;
  /** The core worker's long job, for `jobs.status` and `jobs.cancel`; absent where no job worker runs. */
  jobs?: JobBoard;
}
export type HandlerMap = { [M in MethodName]: HandlerEntry<M> };
export type DomainHandlers = Partial<HandlerMap>;
