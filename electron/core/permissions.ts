import type { Actor, Role } from './context.js';
import { CoreError } from './errors.js';

/** The role check every method passes through, whichever door (window, harness) the request came in by. */
export function authorize(actor: Actor | undefined, roles: readonly Role[] | 'anyone'): void {
  if (roles === 'anyone') return;
  if (!actor) throw new CoreError('unauthenticated', 'Sign in first.');
  if (!roles.includes(actor.role)) throw new CoreError('forbidden', 'Your role does not allow this.');
}
