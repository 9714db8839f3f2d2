import { z } from 'zod';
import { Empty, Id, method } from '../method.js';
import {
  RETENTION_CATEGORIES,
  ROLES,
  type AuditChainReport,
  type AuditEventView,
  type HouseholdRecordView,
  type OperatorView,
  type KeyCustodyView,
  type ProtectionSettings,
  type PurgeReport,
  type RetentionCategory,
  type SessionView,
} from '../views-protection.js';

/** Protection: first run, sessions, operators, the audit trail, settings, retention and the family's rights. */

const operatorName = z.string().trim().min(2).max(60);
/** A password (8 or more characters) or a PIN (6 or more digits); core checks which and how long. */
const secret = z.string().min(1).max(200);
const role = z.enum(ROLES as [(typeof ROLES)[number], ...(typeof ROLES)[number][]]);
const centreCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,10}$/, 'Use 2 to 10 letters or digits, for example GRS1');
const days = z.number().int().min(1).max(3650).nullable();

export const ProtectionSettingsSchema = z
  .object({
    lockAfterSeconds: z.number().int().min(30).max(3600),
    retentionDays: z.object(Object.fromEntries(RETENTION_CATEGORIES.map((c) => [c, days])) as Record<RetentionCategory, typeof days>).strict(),
  })
  .strict();

/** A start-up passphrase (10 or more characters; core says so at the field) or a recovery code as typed from paper. */
const passphrase = z.string().min(1).max(200);
export const UnlockSchema = z
  .object({
    passphrase: passphrase.optional(),
    /** Set a passphrase now: a computer whose key store keeps no secrets, at the first start. */
    newPassphrase: passphrase.optional(),
    recoveryCode: z.string().trim().min(1).max(64).optional(),
  })
  .strict();

export const FirstRunSchema = z
  .object({
    centreCode: centreCode.optional(),
    centreName: z.string().trim().max(120).default(''),
    stationLabel: z.string().trim().max(60).default(''),
    adminName: operatorName,
    secret,
  })
  .strict();

export const protectionMethods = {
  'session.status': method(Empty).returns<SessionView>(),
  'setup.create': method(FirstRunSchema).returns<SessionView>(),
  'session.signIn': method(z.object({ name: operatorName, secret }).strict()).returns<SessionView>(),
  'session.lock': method(Empty).returns<SessionView>(),
  'session.signOut': method(Empty).returns<SessionView>(),
  /** The renderer saw the operator at work (keys, pointer): the idle clock starts again. */
  'session.touch': method(Empty).returns<null>(),
  'operator.changeOwnSecret': method(z.object({ current: secret, secret }).strict()).returns<null>(),
  'operator.list': method(Empty).returns<OperatorView[]>(),
  'operator.create': method(z.object({ name: operatorName, role, secret }).strict()).returns<OperatorView>(),
  'operator.update': method(
    z.object({ id: z.string().min(1).max(64), role: role.optional(), active: z.boolean().optional() }).strict(),
  ).returns<OperatorView>(),
  'operator.setSecret': method(z.object({ id: z.string().min(1).max(64), secret }).strict()).returns<OperatorView>(),
  'operator.clearLockout': method(Id).returns<OperatorView>(),
  'audit.verify': method(Empty).returns<AuditChainReport>(),
  'audit.recent': method(z.object({ limit: z.number().int().min(1).max(500).default(100), beforeSeq: z.number().int().min(1).optional() }).strict()).returns<
    AuditEventView[]
  >(),
  'settings.get': method(Empty).returns<ProtectionSettings>(),
  'settings.update': method(ProtectionSettingsSchema).returns<ProtectionSettings>(),
  'retention.preview': method(Empty).returns<PurgeReport>(),
  'retention.purge': method(Empty).returns<PurgeReport>(),
  /** Everything held about one family, for them to read; recorded as a print in the audit trail. */
  'household.record': method(Id).returns<HouseholdRecordView>(),
  /** Erasure on request: the family's personal data removed for good, here and (as a deletion) at the hub. */
  'household.erase': method(z.object({ id: z.string().min(1).max(64), reason: z.string().trim().min(3).max(500) }).strict()).returns<{
    id: string;
    registrationNumber: string;
  }>(),

  // The data file's key (issue 12). `startup.unlock` answers before the file is open (the app's start-up screen);
  // once it is open it only reports the session.
  'startup.unlock': method(UnlockSchema).returns<SessionView>(),
  'keys.status': method(Empty).returns<KeyCustodyView>(),
  'keys.changePassphrase': method(z.object({ current: passphrase, next: passphrase }).strict()).returns<KeyCustodyView>(),
  'keys.newRecoveryCode': method(Empty).returns<{ code: string }>(),
  /** The recovery code made at start-up, shown once to an administrator; `keys.recoveryCodeSeen` forgets it. */
  'keys.pendingRecoveryCode': method(Empty).returns<{ code: string | null }>(),
  'keys.recoveryCodeSeen': method(Empty).returns<SessionView>(),
};
