import type { DB } from './open.js';

/**
 * Every transaction on this connection begins IMMEDIATE (takes the write lock at BEGIN, waiting as long as the busy
 * timeout). Two connections write to one file now, the core worker's and the job worker's: a DEFERRED transaction
 * that read first and writes after the other committed fails at once with SQLITE_BUSY_SNAPSHOT, with no wait and
 * no retry, and a clerk's save would be lost to a review's commit. Nested calls stay savepoints, as before.
 */
export function immediateByDefault(db: DB): void {
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn: Parameters<DB['transaction']>[0]) => {
    const made = transaction(fn);
    return Object.assign((...args: unknown[]) => made.immediate(...(args as [])), {
      default: made.immediate,
      deferred: made.deferred,
      immediate: made.immediate,
      exclusive: made.exclusive,
    });
  }) as DB['transaction'];
}
