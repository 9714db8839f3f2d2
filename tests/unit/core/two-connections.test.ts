import { afterEach, describe, expect, it } from 'vitest';
import { auditedSearch } from '../../../electron/core/audit/access-log.js';
import { verifyAuditChain } from '../../../electron/core/audit/trail.js';
import { SYSTEM_ACTOR } from '../../../electron/core/context.js';
import { openCore, type Core } from '../../../electron/core/index.js';
import { cleanupTemp, makeTempCore } from '../../helpers/core.js';

/**
 * The core worker and the job worker hold two connections to one file. A search made while the other holds the
 * write lock (a hub import's transaction) is answered from its snapshot, its audit event following once the lock
 * is free; transactions begin IMMEDIATE, so one that read before the other's commit is not refused when it writes.
 */

const others: Core[] = [];
afterEach(() => {
  for (const core of others.splice(0)) core.close();
  cleanupTemp();
});

const searches = (core: Core) => core.ctx.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'search'").pluck().get() as number;

describe('two connections to one file', () => {
  it('answers a search while the other connection holds the write lock, and audits it right after', async () => {
    const t = makeTempCore();
    t.register();
    const jobs = openCore({ dataDir: t.dataDir });
    others.push(jobs);
    jobs.ctx.db.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    const hits = auditedSearch(t.ctx, SYSTEM_ACTOR, 'Sargsyan', 10);
    // Not the busy timeout's five seconds, and not an error.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(hits.length).toBeGreaterThan(0);
    expect(searches(t.core)).toBe(0);
    jobs.ctx.db.exec('COMMIT');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(searches(t.core)).toBe(1);
    expect(verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('takes the write lock when a transaction begins, so a read-then-write is never refused after the other commits', () => {
    const t = makeTempCore();
    const jobs = openCore({ dataDir: t.dataDir });
    others.push(jobs);
    jobs.ctx.db.pragma('busy_timeout = 0');
    let otherCouldWrite = true;
    t.db.transaction(() => {
      t.db.prepare('SELECT count(*) FROM households').pluck().get();
      try {
        jobs.ctx.db.exec('BEGIN IMMEDIATE');
        jobs.ctx.db.exec('ROLLBACK');
      } catch {
        otherCouldWrite = false;
      }
    })();
    expect(otherCouldWrite).toBe(false);
  });
});
