import type { MethodName } from './contract.js';
import type { Role } from './views-protection.js';

/**
 * Who may call which method: the one table, beside the methods it names and typed by them, so a method added to
 * the contract without a line here is a compile error. The dispatcher checks it before a method's input is even
 * parsed; screens ask it (`mayCall`) which controls to show. Registrars: only households they registered today for
 * corrections (checked in core, households/write.ts).
 *
 * greeter: at the door, issues queue tickets (and reprints or cancels them); sees no registration.
 * registrar: registers, corrects their own day's work, prints the family's slip, searches.
 * supervisor: everything at the centre: voids, duplicates, plain exports, daily summaries, operators, the audit trail.
 * admin: all of that, and the station's settings, keys and retention.
 */
export type Access = readonly Role[] | 'anyone';

export const EVERYONE: readonly Role[] = ['registrar', 'supervisor', 'admin'];
/** Every operator, the greeter too: their own session and secret, and issuing tickets. */
export const ANY_OPERATOR: readonly Role[] = ['greeter', ...EVERYONE];
export const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];
export const ADMINS: readonly Role[] = ['admin'];

export const ROLES_BY_METHOD = {
  // Before anyone is known: the first run, signing in, the lock screen.
  'station.info': 'anyone',
  'session.status': 'anyone',
  'session.signIn': 'anyone',
  'session.lock': 'anyone',
  'session.signOut': 'anyone',
  'setup.create': 'anyone',
  'startup.unlock': 'anyone',

  // At the desk.
  'session.touch': ANY_OPERATOR,
  'operator.changeOwnSecret': ANY_OPERATOR,
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
  'hub.importFolder': SUPERVISORS,
  // Hub trust (issue 11): enrol a station that tried, after confirming its fingerprint with the desk.
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
  'hubDuplicates.checkNow': SUPERVISORS,

  // Long work (issue 15): anyone sees how far a job is; core lets only a role that may start a job stop it.
  'jobs.status': EVERYONE,
  'jobs.cancel': EVERYONE,

  // The crowd at the door (issue 17). The waiting area's display shows numbers and desks, no names: anyone.
  'queue.board': 'anyone',
  'queue.watch': 'anyone',
  'queue.issue': ANY_OPERATOR,
  'queue.ticket': ANY_OPERATOR,
  'queue.cancel': ANY_OPERATOR,
  'queue.doorRefused': ANY_OPERATOR,
  'queue.callNext': EVERYONE,
  'queue.current': EVERYONE,
  'queue.recall': EVERYONE,
  'queue.skip': EVERYONE,
  'queue.noShow': EVERYONE,
  'queue.finish': EVERYONE,
  'queue.sendToDesk': SUPERVISORS,
  // On a desk that uses a queue host, these read the host's queue over the network. The host can check only that an
  // admitted desk asks (its station key), not who is signed in there: this line is what keeps them the supervisors'.
  'queue.overview': SUPERVISORS,
  'queue.waiting': SUPERVISORS,
  'queue.endDay': SUPERVISORS,
  'queue.settings': SUPERVISORS,
  'queue.saveSettings': SUPERVISORS,
  // One centre, many desks: where the queue is kept, and the queue host's members.
  'queue.lanSettings': SUPERVISORS,
  'queue.saveLanSettings': SUPERVISORS,
  'queue.members': SUPERVISORS,
  'queue.admitMember': SUPERVISORS,
  'queue.revokeMember': SUPERVISORS,
  'queue.hostStatus': SUPERVISORS,

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
} as const satisfies { readonly [M in MethodName]: Access };

/** Whether a role (or nobody yet: `undefined`) may call a method; an unknown method: nobody. */
export function mayCall(method: string, role: Role | undefined): boolean {
  const access: Access | undefined = (ROLES_BY_METHOD as Readonly<Record<string, Access>>)[method];
  if (access === undefined) return false;
  return access === 'anyone' || (role !== undefined && access.includes(role));
}
