import type { MethodName, MethodParsedInput, MethodResult } from '../api/contract.js';
import type { Actor, CoreContext } from '../core/context.js';
import type { Access } from '../core/permissions.js';
import type { Session } from '../core/session.js';

/**
 * One method bound to core, with the roles that may call it. The dispatcher asks core's `authorize` before running
 * it. `anyone` is for what the sign-in and lock screens need before an operator is known.
 */
export interface HandlerEntry<M extends MethodName> {
  /** Must agree with PERMISSIONS in core/permissions.ts (the dispatcher checks that table; a test checks both). */
  roles: Access;
  run: (ctx: CoreContext, actor: Actor, input: MethodParsedInput<M>, connection: Connection) => MethodResult<M> | Promise<MethodResult<M>>;
}

/** The caller's connection (the window, a browser of the harness): its session, for the sign-in and lock methods. */
export interface Connection {
  session: Session;
}
export type HandlerMap = { [M in MethodName]: HandlerEntry<M> };
export type DomainHandlers = Partial<HandlerMap>;

export { ADMINS, allowed, EVERYONE, SUPERVISORS } from '../core/permissions.js';
