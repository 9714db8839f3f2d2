import { ROLES, type Role } from '../api/views-protection.js';
import { verifyAuditChain } from '../core/audit.js';
import { SYSTEM_ACTOR } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import { clearLockout, createOperator, foldOperatorName, listOperators } from '../core/operators.js';
import { need, optional, print, UsageError, withCore, type CommandGroup } from './common.js';

/** audit-verify, operator-add, operator-unlock: the protection work's face for scripts and for a locked-out centre. */
export const protectionCommands: CommandGroup = {
  options: {
    name: { type: 'string' },
    password: { type: 'string' },
  },
  commands: {
    async 'audit-verify'(flags) {
      const report = await withCore(flags, (core) => verifyAuditChain(core.ctx.db));
      if (report.ok) {
        print(flags, report, `Audit trail intact: ${report.events} events, head at ${report.headSeq}.`);
        return;
      }
      const where = `event ${report.brokenAt?.seq ?? '?'}: ${report.brokenAt?.kind ?? 'changed'}`;
      print(flags, report, `Audit trail BROKEN at ${where} (${report.events} events read, head at ${report.headSeq}).`);
      throw new CoreError('conflict', `audit trail broken at ${where}`);
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
