import { auditedSearch } from '../core/audit/access-log.js';
import { verifyAuditChain } from '../core/audit/trail.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { createOperator, signIn } from '../core/access/operators.js';
import { cleanFile, eraseHousehold } from '../core/protection/retention.js';
import { percentile, round, type BenchSection } from './index.js';
import { typedNames } from './search.js';

/**
 * What protection costs at the desk: a search that writes its audit event (one insert, one committed transaction),
 * a sign-in (scrypt), checking the whole audit trail, and the file clean-up (VACUUM, TRUNCATE checkpoint) that a
 * retention purge or an erasure ends with. Runs last: the erasure removes one household.
 */
export const protectionBench: BenchSection = async ({ core, report }) => {
  const { ctx } = core;
  const actor = { id: 'bench', name: 'Bench', role: 'supervisor' as const };
  const times: number[] = [];
  for (const name of typedNames(300, 11)) {
    const started = performance.now();
    auditedSearch(ctx, actor, name, 50);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  report('audited_search_p50_ms', round(percentile(times, 50)));
  report('audited_search_p95_ms', round(percentile(times, 95)));

  await createOperator(ctx, SYSTEM_ACTOR, { name: 'Bench operator', role: 'registrar', secret: 'bench-secret-1' });
  let started = performance.now();
  await signIn(ctx, { name: 'Bench operator', secret: 'bench-secret-1' });
  report('signin_ms', round(performance.now() - started));

  started = performance.now();
  const chain = verifyAuditChain(ctx.db);
  report('audit_verify_s', round((performance.now() - started) / 1000));
  report('audit_events', chain.events);

  started = performance.now();
  cleanFile(ctx.db);
  report('file_clean_s', round((performance.now() - started) / 1000));

  const id = ctx.db.prepare('SELECT id FROM households ORDER BY registered_at LIMIT 1').pluck().get() as string;
  started = performance.now();
  eraseHousehold(ctx, actor, { id, reason: 'bench' });
  report('erase_s', round((performance.now() - started) / 1000));
};
