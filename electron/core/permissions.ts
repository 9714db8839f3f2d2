import { localDate } from '../api/age.js';
import { today, type Actor, type CoreContext, type Role } from './context.js';
import { sql } from './db/statements.js';
import { CoreError } from './errors.js';

/**
 * Who may do what: the one table. The dispatcher refuses a method that is not listed here (deny by default), and
 * tests/unit/protection/roles.test.ts calls every method of the contract with every role against it, so a method
 * added without a line here fails that test until someone decides who may call it. Handler entries read their
 * `roles` from here (`allowed(method)`).
 *
 * registrar: registers, corrects their own day's work, prints the family's slip, searches.
 * supervisor: everything at the centre: voids, duplicates, plain exports, daily summaries, operators, the audit trail.
 * admin: all of that, and the station's settings, keys and retention.
 */
export type Access = readonly Role[] | 'anyone';

export const EVERYONE: readonly Role[] = ['registrar', 'supervisor', 'admin'];
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

export const PERMISSIONS: Readonly<Record<string, Access>> = {
  // Before anyone is known: the first run, signing in, the lock screen.
  'station.info': 'anyone',
  'session.status': 'anyone',
  'session.signIn': 'anyone',
  'session.lock': 'anyone',
  'session.signOut': 'anyone',
  'setup.create': 'anyone',
  'startup.unlock': 'anyone',

  // At the desk.
  'session.touch': EVERYONE,
  'operator.changeOwnSecret': EVERYONE,
  'household.register': EVERYONE,
  // Registrars: only households they registered today (checked in core, households/write.ts).
  'household.update': EVERYONE,
  'household.get': EVERYONE,
  'household.history': EVERYONE,
  'household.recent': EVERYONE,
  'search.query': EVERYONE,
  'stats.summary': EVERYONE,
  'draft.save': EVERYONE,
  'draft.load': EVERYONE,
  'draft.clear': EVERYONE,
  'names.transliterate': EVERYONE,
  // Likely duplicates of the person being typed, beside the intake form.
  'duplicates.check': EVERYONE,
  // Family tracing at the desk: only people whose family consented are ever answered; each search is audited.
  'tracing.search': EVERYONE,
  'slip.get': EVERYONE,
  'slip.print': EVERYONE,
  'slip.settings.get': EVERYONE,
  'batch.overview': EVERYONE,
  // Encrypted to the hub and signed: readable by the hub alone.
  'batch.export': EVERYONE,
  'hub.overview': EVERYONE,
  // The sync indicator and "Sync now": batches are sealed to the hub; sending them early changes nothing else.
  'sync.status': EVERYONE,
  'sync.now': EVERYONE,

  // The centre's supervisor.
  'household.void': SUPERVISORS,
  'household.record': SUPERVISORS,
  'household.erase': SUPERVISORS,
  // The slip's texts for the families (next steps, contacts) are the centre's to write.
  'slip.settings.save': SUPERVISORS,
  'report.daily': SUPERVISORS,
  'report.dashboard': SUPERVISORS,
  'batch.exportPlain': SUPERVISORS,
  'hub.import': SUPERVISORS,
  'hub.importFile': SUPERVISORS,
  'hub.enrol': SUPERVISORS,
  'operator.list': SUPERVISORS,
  'operator.create': SUPERVISORS,
  'operator.update': SUPERVISORS,
  'operator.setSecret': SUPERVISORS,
  'operator.clearLockout': SUPERVISORS,
  'audit.verify': SUPERVISORS,
  'audit.recent': SUPERVISORS,
  // The duplicate review: the queue of pairs across the file, merging (a new household version) or keeping apart.
  'duplicates.queue': SUPERVISORS,
  'duplicates.review': SUPERVISORS,
  'duplicates.resolve': SUPERVISORS,
  // Pre-registration lists from the authorities: previewed and taken in by a supervisor, all or nothing.
  'lists.preview': SUPERVISORS,
  'lists.import': SUPERVISORS,
  // Sending refused batches again (after the hub's administrator fixed the reason).
  'sync.retryRefused': SUPERVISORS,
  // Duplicates across centres at the hub (issue 14): the queue, links (the hub's own record) and their undoing.
  'hubDuplicates.queue': SUPERVISORS,
  'hubDuplicates.decide': SUPERVISORS,
  'hubDuplicates.undo': SUPERVISORS,

  // The station's administrator: settings, keys, retention.
  'settings.get': ADMINS,
  'settings.update': ADMINS,
  'retention.preview': ADMINS,
  'retention.purge': ADMINS,
  'batch.installHubKey': ADMINS,
  'batch.setSchedule': ADMINS,
  'station.setRole': ADMINS,
  // Sync settings: the hub's address and receipt key, the interval; on a hub, enrolment and serving.
  'sync.settings': ADMINS,
  'sync.configure': ADMINS,
  'sync.pinReceiptKey': ADMINS,
  'sync.forgetReceiptKey': ADMINS,
  'hub.configureServing': ADMINS,
  // The data file's key: where it is kept, the start-up passphrase, the recovery code.
  'keys.status': ADMINS,
  'keys.changePassphrase': ADMINS,
  'keys.newRecoveryCode': ADMINS,
  'keys.pendingRecoveryCode': ADMINS,
  'keys.recoveryCodeSeen': ADMINS,
};

/** The methods a role may call (signed in), for the screens to offer only those. */
export const methodsFor = (role: Role): string[] =>
  Object.entries(PERMISSIONS).filter(([, access]) => access === 'anyone' || access.includes(role)).map(([method]) => method).sort();

/** The roles a method's handler declares: read from the table; nobody when it is missing. */
export const allowed = (method: string): Access => PERMISSIONS[method] ?? [];

/** The role check every method passes through, whichever door (window, harness) the request came in by. */
export function authorize(actor: Actor | undefined, roles: Access): void {
  if (roles === 'anyone') return;
  if (!actor) throw new CoreError('unauthenticated', 'Sign in first.');
  if (!roles.includes(actor.role)) throw new CoreError('forbidden', 'Your role does not allow this.');
}

/** A registrar corrects only the families they registered today; supervisors and administrators correct any. */
export function assertMayEditHousehold(ctx: CoreContext, actor: Actor, householdId: string): void {
  if (actor.role !== 'registrar') return;
  const first = sql(ctx.db, 'SELECT operator_id, at FROM household_versions WHERE household_id = ? AND version = 1').get(householdId) as
    | { operator_id: string; at: string }
    | undefined;
  // The desk's calendar day, as `today` counts it, not the UTC date of the timestamp.
  if (!first || first.operator_id !== actor.id || localDate(first.at) !== today(ctx)) {
    throw new CoreError('forbidden', 'A registrar corrects only the families they registered today. Ask a supervisor to correct this one.');
  }
}
