import { ROLES, type AuditChainReport, type Role } from '../api/views-protection.js';
import { verifyTrails } from '../core/batch/station-heads.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import { clearLockout, createOperator, foldOperatorName, listOperators } from '../core/access/operators.js';
import { need, optional, print, UsageError, withCore, type CommandGroup } from './common.js';

/** audit-verify, operator-add, operator-unlock: the protection work's face for scripts and for a locked-out centre. */
export const protectionCommands: CommandGroup = {
  options: {
    name: { type: 'string' },
    password: { type: 'string' },
  },
  commands: {
    async 'audit-verify'(flags) {
      const report = await withCore(flags, (core) => verifyTrails(core.ctx));
      const lines = auditReportLines(report);
      print(flags, report, lines.join('\n'));
      if (!report.ok) throw new CoreError('conflict', auditFailureLine(report));
    },
    async 'operator-add'(flags) {
      const role = (optional(flags, 'role') ?? 'registrar') as Role;
      if (!ROLES.includes(role)) throw new UsageError(`--role is one of ${ROLES.join(', ')}`);
      const name = need(flags, 'name');
      const secret = need(flags, 'password');
      const operator = await withCore(flags, (core) => createOperator(core.ctx, SYSTEM_ACTOR, { name, role, secret }));
      print(flags, operator, `Operator ${operator.name} (${operator.role}) can sign in.`);
    },
    async 'operator-unlock'(flags) {
      const key = foldOperatorName(need(flags, 'name'));
      const operator = await withCore(flags, (core) => {
        const found = listOperators(core.ctx.db).find((o) => foldOperatorName(o.name) === key);
        if (!found) throw new CoreError('not_found', 'No operator has this name.');
        return clearLockout(core.ctx, SYSTEM_ACTOR, { id: found.id });
      });
      print(flags, operator, `Operator ${operator.name} may sign in again.`);
    },
  },
};

const ANCHOR_PROBLEMS = {
  empty_with_registrations: 'the trail is empty while the file holds registrations',
  shorter_than_signed: 'the trail is shorter than a head signed with the station key',
  rewritten_since_signed: 'an event no longer has the hash signed with the station key',
  bad_signature: "a signed head was not signed by this station's key",
} as const;

/** The report as lines: the chain, the signed heads, and on a hub one line per station whose trail diverges. */
export function auditReportLines(report: AuditChainReport): string[] {
  const lines: string[] = [];
  const anchor = report.anchor;
  const signed = anchor && anchor.signedSeq > 0 ? `, signed up to event ${anchor.signedSeq} (${anchor.signedAt ?? ''})` : ', no head signed yet';
  if (report.brokenAt) {
    lines.push(`Audit trail BROKEN at event ${report.brokenAt.seq}: ${report.brokenAt.kind} (${report.events} events read, head at ${report.headSeq}).`);
  } else if (anchor?.problem) {
    lines.push(`Audit trail BROKEN at event ${anchor.problem.seq}: ${ANCHOR_PROBLEMS[anchor.problem.kind]} (${report.events} events${signed}).`);
  } else {
    lines.push(`Audit trail intact: ${report.events} events, head at ${report.headSeq}${anchor ? signed : ''}.`);
  }
  for (const s of report.stations ?? []) {
    const name = `${s.label} (${s.centreCode}-${s.stationCode}, ${s.stationId})`;
    lines.push(
      s.divergence
        ? `Station ${name} DIVERGES at event ${s.divergence.seq}: ${s.divergence.kind} (batch ${s.divergence.batchId}, received ${s.divergence.receivedAt}).`
        : `Station ${name}: ${s.events} events, ${s.heads} signed heads up to event ${s.signedSeq}, consistent.`,
    );
  }
  return lines;
}

/** The one line on stderr: the first thing that does not hold. */
function auditFailureLine(report: AuditChainReport): string {
  if (report.brokenAt) return `audit trail broken at event ${report.brokenAt.seq}: ${report.brokenAt.kind}`;
  const problem = report.anchor?.problem;
  if (problem) return `audit trail broken at event ${problem.seq}: ${ANCHOR_PROBLEMS[problem.kind]}`;
  const station = report.stations?.find((st) => st.divergence);
  return station?.divergence
    ? `station ${station.label} (${station.stationId}) diverges at event ${station.divergence.seq}: ${station.divergence.kind}`
    : 'audit trail broken';
}
