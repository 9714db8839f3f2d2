import { recentAuditEvents } from '../core/audit/trail.js';
import { verifyTrails } from '../core/batch/station-heads.js';
import { householdRecord } from '../core/audit/access-log.js';
import type { CoreContext } from '../core/context.js';
import { CoreError } from '../core/errors.js';
import type { KeyCustody } from '../core/protection/key-custody.js';
import { changeOwnSecret, clearLockout, createOperator, listOperators, setOperatorSecret, updateOperator } from '../core/access/operators.js';
import { readProtectionSettings, updateProtectionSettings } from '../core/protection/settings.js';
import { eraseHousehold, previewPurge, purgeExpired } from '../core/protection/retention.js';
import { closeSession, lockSession, openSession, sessionView, touchSession } from '../core/access/session.js';
import { createFirstAdmin } from '../core/setup.js';
import type { DomainHandlers } from './handler.js';

const custodyOf = (ctx: CoreContext): KeyCustody => {
  if (!ctx.keys) throw new CoreError('not_configured', 'This data file has no key to manage.');
  return ctx.keys;
};

/** Sessions, operators, the audit trail, settings, retention and the family's rights, bound to core. */
export const protectionHandlers = {
  'session.status': { run: (ctx, _actor, _input, { session }) => sessionView(ctx, session) },
  'setup.create': {
    // With a station already here (made by `init`), the first run only adds the administrator; then signs them in.
    async run(ctx, _actor, input, { session }) {
      if (input.centreCode && input.centreCode !== ctx.station.centreCode) {
        throw new CoreError('conflict', `This data folder belongs to centre ${ctx.station.centreCode} already.`);
      }
      await createFirstAdmin(ctx, { adminName: input.adminName, secret: input.secret });
      return openSession(ctx, session, { name: input.adminName, secret: input.secret });
    },
  },
  'session.signIn': { run: (ctx, _actor, input, { session }) => openSession(ctx, session, input) },
  'session.lock': { run: (ctx, _actor, _input, { session }) => lockSession(ctx, session, 'shortcut') },
  'session.signOut': { run: (ctx, _actor, _input, { session }) => closeSession(ctx, session) },
  'session.touch': { run: (ctx, _actor, _input, { session }) => (touchSession(ctx, session), null) },
  'operator.changeOwnSecret': { run: async (ctx, actor, input) => (await changeOwnSecret(ctx, actor, input), null) },
  'operator.list': { run: (ctx) => listOperators(ctx.db) },
  'operator.create': { run: (ctx, actor, input) => createOperator(ctx, actor, input) },
  'operator.update': { run: (ctx, actor, input) => updateOperator(ctx, actor, input) },
  'operator.setSecret': { run: (ctx, actor, input) => setOperatorSecret(ctx, actor, input) },
  'operator.clearLockout': { run: (ctx, actor, input) => clearLockout(ctx, actor, input) },
  'audit.verify': { run: (ctx) => verifyTrails(ctx) },
  'audit.recent': { run: (ctx, _actor, input) => recentAuditEvents(ctx.db, input.limit, input.beforeSeq) },
  'settings.get': { run: (ctx) => readProtectionSettings(ctx.db) },
  'settings.update': { run: (ctx, actor, input) => updateProtectionSettings(ctx, actor, input) },
  'retention.preview': { run: (ctx) => previewPurge(ctx) },
  'retention.purge': { run: (ctx, actor) => purgeExpired(ctx, actor) },
  'household.record': { run: (ctx, actor, input) => householdRecord(ctx, actor, input.id) },
  'household.erase': { run: (ctx, actor, input) => eraseHousehold(ctx, actor, input) },
  // Answered by the desk before the file opens; once open, there is nothing left to unlock.
  'startup.unlock': { run: (ctx, _actor, _input, { session }) => sessionView(ctx, session) },
  'keys.status': { run: (ctx) => custodyOf(ctx).view() },
  'keys.changePassphrase': {
    run: (ctx, actor, input) => (custodyOf(ctx).changePassphrase(ctx, actor, input), custodyOf(ctx).view()),
  },
  'keys.newRecoveryCode': { run: (ctx, actor) => custodyOf(ctx).newRecoveryCode(ctx, actor) },
  'keys.pendingRecoveryCode': { run: (ctx) => ({ code: custodyOf(ctx).pendingCode() ?? null }) },
  'keys.recoveryCodeSeen': {
    run: (ctx, actor, _input, { session }) => (custodyOf(ctx).dismiss(ctx, actor), sessionView(ctx, session)),
  },
} satisfies DomainHandlers;
