import { localDate } from '../../rules/age.js';
import { today, type Actor, type CoreContext, type Role } from '../context.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';

import { ADMINS, EVERYONE, ROLES_BY_METHOD, SUPERVISORS, type Access } from '../../api/roles.js';

/**
 * Who may do what: the one table is ROLES_BY_METHOD in electron/api/roles.ts, beside the methods and typed by them.
 * This file keeps the names core and older imports use (PERMISSIONS) and the checks themselves.
 */
export { ADMINS, EVERYONE, SUPERVISORS, type Access };
export const PERMISSIONS: Readonly<Record<string, Access>> = ROLES_BY_METHOD;

/** The methods a role may call (signed in), for the screens to offer only those. */
export const methodsFor = (role: Role): string[] =>
  Object.entries(PERMISSIONS)
    .filter(([, access]) => access === 'anyone' || access.includes(role))
    .map(([method]) => method)
    .sort();

/** The roles that may call a method: read from the table; nobody when it is missing. */
export const allowed = (method: string): Access => PERMISSIONS[method] ?? [];

/** The role check every method passes through, whichever door (window, harness) the request came in by. */
export function authorize(actor: Actor | undefined, roles: Access): void {
  if (roles === 'anyone') return;
  if (!actor) throw new CoreError('unauthenticated', 'Sign in first.');
  if (!roles.includes(actor.role)) throw new CoreError('forbidden', 'Your role does not allow this.');
}

/** A registrar corrects only the families they registered today; supervisors and administrators correct any. */
export function assertMayEditHousehold(ctx: CoreContext, actor: Actor, householdId: string): void {
  if (actor.role === 'supervisor' || actor.role === 'admin') return;
  // A greeter never reaches here (the roles table refuses it); were it to, it is held as a registrar is.
  const first = sql<{ operator_id: string; at: string }>(ctx.db, 'SELECT operator_id, at FROM household_versions WHERE household_id = ? AND version = 1').get(
    householdId,
  );
  // The desk's calendar day, as `today` counts it, not the UTC date of the timestamp.
  if (!first || first.operator_id !== actor.id || localDate(first.at) !== today(ctx)) {
    throw new CoreError('forbidden', 'A registrar corrects only the families they registered today. Ask a supervisor to correct this one.');
  }
}
