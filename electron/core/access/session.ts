import type { SessionView } from '../../api/views-protection.js';
import { endSearch, type SearchHolder } from '../audit/access-log.js';
import type { AuditAction } from '../../api/audit-actions.js';
import { appendAudit } from '../audit/trail.js';
import { methodsFor } from './permissions.js';
import type { Actor, CoreContext } from '../context.js';
import { CoreError } from '../errors.js';
import { countOperators, currentOperator, signIn } from './operators.js';
import { lockAfterSeconds } from '../protection/settings.js';

/**
 * Who is at the desk, per connection (the app's window; a browser of the harness). The dispatcher keeps one Session
 * per connection and asks `sessionActor` before every method that is not for 'anyone'. The screen locks itself
 * after the idle time; the renderer reports activity (`touchSession`), and a session left idle past the idle time
 * and a grace period is locked here too, so a renderer that stopped counting cannot keep it open.
 */
export interface Session extends SearchHolder {
  operator: Actor | null;
  locked: boolean;
  /** Last activity reported by the renderer (ms since the epoch, from ctx.now()). */
  lastActiveAt: number;
}

/** Allows for the renderer reporting activity at most every few seconds. */
export const IDLE_GRACE_SECONDS = 30;

export const newSession = (): Session => ({ operator: null, locked: false, lastActiveAt: 0 });

const audit = (ctx: CoreContext, actor: Actor, action: AuditAction, detail: Record<string, unknown> = {}) =>
  ctx.db.transaction(() =>
    appendAudit(ctx.db, { at: ctx.now().toISOString(), operator: actor.name, action, entity: 'operator', entityId: actor.id, detail }),
  )();

export function sessionView(ctx: CoreContext, session: Session): SessionView {
  return {
    setup: countOperators(ctx.db) === 0 ? 'admin' : null,
    station: ctx.station,
    operator: session.operator && {
      id: session.operator.id,
      name: session.operator.name,
      role: session.operator.role,
      may: methodsFor(session.operator.role),
    },
    locked: session.operator !== null && session.locked,
    lockAfterSeconds: lockAfterSeconds(ctx.db),
    unlock: null,
    // Only an administrator is told (and shown) the code that opens the file anywhere.
    recoveryCodePending: session.operator?.role === 'admin' && !session.locked && ctx.keys?.pendingCode() !== undefined,
  };
}

/** Signs an operator in on this connection; another operator's locked session ends (their draft stays theirs). */
export async function openSession(ctx: CoreContext, session: Session, input: { name: string; secret: string }): Promise<SessionView> {
  const actor = await signIn(ctx, input);
  const previous = session.operator;
  if (previous?.id !== actor.id) endSearch(session);
  if (previous && previous.id !== actor.id) audit(ctx, previous, 'session.signed_out', { reason: 'next_operator' });
  Object.assign(session, { operator: actor, locked: false, lastActiveAt: ctx.now().getTime() });
  return sessionView(ctx, session);
}

export function lockSession(ctx: CoreContext, session: Session, reason: 'shortcut' | 'idle'): SessionView {
  endSearch(session);
  if (session.operator && !session.locked) {
    session.locked = true;
    audit(ctx, session.operator, 'session.locked', { reason });
  }
  return sessionView(ctx, session);
}

export function closeSession(ctx: CoreContext, session: Session): SessionView {
  endSearch(session);
  if (session.operator) audit(ctx, session.operator, 'session.signed_out', { reason: 'sign_out' });
  Object.assign(session, newSession());
  return sessionView(ctx, session);
}

export function touchSession(ctx: CoreContext, session: Session): void {
  session.lastActiveAt = ctx.now().getTime();
}

/**
 * The operator a request acts as: signed in, not locked, not idle past the limit, still active, with the role the
 * file gives them now (a supervisor may have changed it since they signed in).
 */
export function sessionActor(ctx: CoreContext, session: Session): Actor {
  const operator = session.operator;
  if (!operator) throw new CoreError('unauthenticated', 'Sign in first.');
  if (session.locked) throw new CoreError('locked', 'The screen is locked. Sign in again to go on.');
  const idleMs = ctx.now().getTime() - session.lastActiveAt;
  if (idleMs > (lockAfterSeconds(ctx.db) + IDLE_GRACE_SECONDS) * 1000) {
    lockSession(ctx, session, 'idle');
    throw new CoreError('locked', 'The screen locked itself after a while without activity. Sign in again to go on.');
  }
  const now = currentOperator(ctx.db, operator.id);
  if (!now || !now.active) {
    closeSession(ctx, session);
    throw new CoreError('unauthenticated', 'This operator is no longer active. Sign in again.');
  }
  session.operator = { id: now.id, name: now.name, role: now.role };
  return session.operator;
}
