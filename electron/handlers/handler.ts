import type { MethodName, MethodParsedInput, MethodResult } from '../api/contract.js';
import type { Actor, CoreContext, Role } from '../core/context.js';

/**
 * One method bound to core, with the roles that may call it. The dispatcher asks core's `authorize` before running
 * it. `anyone` is for what the sign-in and lock screens need before an operator is known.
 */
export interface HandlerEntry<M extends MethodName> {
  roles: readonly Role[] | 'anyone';
  run: (ctx: CoreContext, actor: Actor, input: MethodParsedInput<M>) => MethodResult<M> | Promise<MethodResult<M>>;
}
export type HandlerMap = { [M in MethodName]: HandlerEntry<M> };
export type DomainHandlers = Partial<HandlerMap>;

export const EVERYONE: readonly Role[] = ['registrar', 'supervisor', 'admin'];
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];
