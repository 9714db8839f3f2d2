import { appendAudit, type NewAuditEvent as AuditEvent } from './trail.js';
import type { CoreContext } from '../context.js';
import type { DB } from '../db/open.js';

/**
 * A read that leaves an audit event, made while another connection holds the write lock (the job worker's hub
 * import commits a whole batch in one transaction, for seconds): the read is answered at once from its WAL snapshot,
 * and its event is appended, in order, as soon as the lock is free, instead of the clerk's search waiting for the
 * import. Without a long write elsewhere, the read and its event are one transaction, as before.
 */

const RETRY_MS = 50;
const waiting = new WeakMap<DB, { events: AuditEvent[]; timer?: ReturnType<typeof setTimeout> }>();

const isBusy = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_BUSY');

/** Runs `body` in an immediate transaction without waiting for a lock another connection holds; throws busy errors. */
function withoutWaiting<T>(db: DB, body: () => T): T {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return db.transaction(body).immediate();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/** Appends the waiting events if the lock is free now; true when none wait any more. */
function flushNow(db: DB): boolean {
  const queue = waiting.get(db);
  if (!queue || queue.events.length === 0) return true;
  try {
    withoutWaiting(db, () => {
      for (const event of queue.events) appendAudit(db, event);
    });
    queue.events = [];
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
}

function schedule(db: DB): void {
  const queue = waiting.get(db);
  if (!queue || queue.timer) return;
  queue.timer = setTimeout(() => {
    queue.timer = undefined;
    if (db.open && !flushNow(db)) schedule(db);
  }, RETRY_MS);
}

/** `read` and the event `trace` makes of its result: together when the lock is free, else the event soon after. */
export function tracedRead<T>(ctx: CoreContext, read: () => T, trace: (result: T) => AuditEvent): T {
  const db = ctx.db;
  try {
    // Earlier events first: the chain keeps the order reads were made in.
    if (flushNow(db))
      return withoutWaiting(db, () => {
        const result = read();
        appendAudit(db, trace(result));
        return result;
      });
  } catch (error) {
    if (!isBusy(error)) throw error;
  }
  const result = read();
  const queue = waiting.get(db) ?? { events: [] };
  queue.events.push(trace(result));
  waiting.set(db, queue);
  schedule(db);
  return result;
}

/** An event that reads nothing first (a search session's one event): appended now if the lock is free, else soon. */
export function appendWhenFree(ctx: CoreContext, event: AuditEvent): void {
  tracedRead(
    ctx,
    () => undefined,
    () => event,
  );
}

/** Before the database closes: the waiting events, waiting for the lock as long as the connection's busy timeout. */
export function flushDeferredAudit(db: DB): void {
  const queue = waiting.get(db);
  if (!queue || queue.events.length === 0) return;
  clearTimeout(queue.timer);
  db.transaction(() => {
    for (const event of queue.events) appendAudit(db, event);
  }).immediate();
  queue.events = [];
}
