import type { Household } from '../../api/schemas/household.js';
import { checkHouseholdRules } from '../../rules/household.js';
import { birthDate, localDate } from '../../rules/age.js';
import type { SavedHousehold } from '../../api/views.js';
import { appendAudit } from '../audit/trail.js';
import { today, type Actor, type CoreContext } from '../context.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { formatRegistrationNumber } from '../intake/registration-number.js';
import { normalisePhone } from '../names/keys.js';
import { assertMayEditHousehold } from '../access/permissions.js';
import { fileBlocks, filedPersonsOf, nextPersonNumber, personNumbersGivenUpTo, sameFiling, unfileBlocks, type FiledPerson } from '../duplicates/blocks.js';
import { dropPairsOf } from '../duplicates/hub.js';
import { recordIntakeDecisions } from '../duplicates/intake-decisions.js';
import { SCORER_SOURCE_COLUMNS, writeScorerRow, type ScorerSource } from '../duplicates/scorer-copy.js';
import { fillLatinNames, indexPerson } from './index-person.js';
import { tallyFor, untallyHousehold } from './tally.js';
import type { HouseholdAction, HouseholdSnapshot, SnapshotRow } from './snapshot.js';
import { decodeSnapshot, storeSnapshot } from './stored-snapshot.js';

/**
 * The one write path: every change to a household goes through `commitSnapshot`, in one transaction with its
 * members, its search keys, its version history, an audit event and a change-log row.
 */

function enforceRules(household: Household, onDate: string): void {
  const issues = checkHouseholdRules(household, onDate);
  if (issues.length > 0) {
    throw new CoreError('rule_broken', issues.map((i) => i.message).join(' '), issues);
  }
}

function nextRegistrationNumber(ctx: CoreContext): string {
  const row = ctx.db
    .prepare<unknown[], { n: number }>('UPDATE station SET next_number = next_number + 1 WHERE id = ? RETURNING next_number - 1 AS n')
    .get(ctx.station.stationId)!;
  return formatRegistrationNumber(ctx.station.stationCode, row.n);
}

const headOf = (s: HouseholdSnapshot) => s.household.members.find((m) => m.relationship === 'head') ?? s.household.members[0];
const fullName = (...parts: string[]) => parts.filter(Boolean).join(' ');

/**
 * Keeps a snapshot as a version of its household (compressed: stored-snapshot.ts). `OR IGNORE`: a version the file
 * already has is kept as it is (a hub filling a gap in a history with an older copy).
 */
export function insertVersion(
  db: DB,
  s: HouseholdSnapshot,
  meta: { at: string; operator: string; operatorId?: string; action: HouseholdAction; reason: string },
  options: { orIgnore?: boolean } = {},
): void {
  const stored = storeSnapshot(s);
  sql(
    db,
    `INSERT ${options.orIgnore ? 'OR IGNORE ' : ''}INTO household_versions
       (household_id, version, at, operator, action, reason, operator_id, snapshot, json_bytes, members, holds)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.id,
    s.version,
    meta.at,
    meta.operator,
    meta.action,
    meta.reason,
    meta.operatorId ?? '',
    stored.snapshot,
    stored.jsonBytes,
    stored.members,
    stored.holds,
  );
}

/** Writes the household's current state from a snapshot and keeps the snapshot as a version. */
export function writeSnapshot(
  db: DB,
  s: HouseholdSnapshot,
  meta: { at: string; operator: string; operatorId?: string; action: HouseholdAction; reason: string },
): void {
  const h = s.household;
  const head = headOf(s);
  // The counts (figures, name vocabulary) lose what the household counted before and gain what it counts now.
  const { tally, own } = tallyFor(db);
  untallyHousehold(db, tally, s.id);
  const arrivalDate = localDate(h.arrivedAt);
  const active = s.status === 'active';
  const householdPhone = normalisePhone(h.phone);
  if (active) tally.figure(arrivalDate, s.centreCode, 'h', '', 1);
  sql(
    db,
    `INSERT INTO households (id, registration_number, station_id, centre_code, arrived_at, arrival_date, registered_at,
       updated_at, mode, origin_settlement, origin_district, arrival_means, destination, destination_details, phone,
       phone_normalised, consent_tracing, consent_basis, notes, declared_size, size, head_name, head_name_latin,
       status, void_reason, version)
     VALUES (@id, @registrationNumber, @stationId, @centreCode, @arrivedAt, @arrivalDate, @registeredAt, @updatedAt,
       @mode, @originSettlement, @originDistrict, @arrivalMeans, @destination, @destinationDetails, @phone,
       @phoneNormalised, @consentTracing, @consentBasis, @notes, @declaredSize, @size, @headName, @headNameLatin,
       @status, @voidReason, @version)
     ON CONFLICT (id) DO UPDATE SET arrived_at = excluded.arrived_at, arrival_date = excluded.arrival_date,
       updated_at = excluded.updated_at, mode = excluded.mode, origin_settlement = excluded.origin_settlement,
       origin_district = excluded.origin_district, arrival_means = excluded.arrival_means,
       destination = excluded.destination, destination_details = excluded.destination_details, phone = excluded.phone,
       phone_normalised = excluded.phone_normalised, consent_tracing = excluded.consent_tracing,
       consent_basis = excluded.consent_basis, notes = excluded.notes, declared_size = excluded.declared_size,
       size = excluded.size, head_name = excluded.head_name, head_name_latin = excluded.head_name_latin,
       status = excluded.status, void_reason = excluded.void_reason, version = excluded.version`,
  ).run({
    id: s.id,
    registrationNumber: s.registrationNumber,
    stationId: s.stationId,
    centreCode: s.centreCode,
    arrivedAt: h.arrivedAt,
    arrivalDate,
    registeredAt: s.registeredAt,
    updatedAt: s.updatedAt,
    mode: h.mode,
    originSettlement: h.originSettlement,
    originDistrict: h.originDistrict,
    arrivalMeans: h.arrivalMeans,
    destination: h.destination,
    destinationDetails: h.destinationDetails,
    phone: h.phone,
    phoneNormalised: householdPhone,
    consentTracing: h.consentTracing ? 1 : 0,
    consentBasis: h.consentBasis,
    notes: h.notes,
    declaredSize: h.declaredSize ?? null,
    size: h.members.filter((m) => !m.mergedInto).length,
    headName: head ? fullName(head.givenName, head.familyName) : '',
    headNameLatin: head ? fullName(head.givenNameLatin, head.familyNameLatin) : '',
    status: s.status,
    voidReason: s.voidReason,
    version: s.version,
  });
  // The persons as filed in the duplicate blocks: each keeps their number, and their keys when no name or birth
  // changed; the keys of the others are deleted as worked out from the rows that filed them (there is no index by
  // person to find them).
  const before = new Map(filedPersonsOf(db, s.id).map((p) => [p.id, p]));
  // Numbers for new members, looked up only when the version brings one (most versions bring none).
  let first: number | undefined;
  let next = 0;
  const newNumber = () => {
    if (first === undefined) next = first = nextPersonNumber(db);
    return next++;
  };
  const filing = new Map<string, FiledPerson>();
  for (const m of h.members) {
    if (m.mergedInto) continue;
    filing.set(m.id, {
      givenName: m.givenName,
      familyName: m.familyName,
      givenNameLatin: m.givenNameLatin,
      familyNameLatin: m.familyNameLatin,
      birthDate: birthDate(m.birth, arrivalDate),
      exact: m.birth.kind === 'exact',
    });
  }
  const keepsKeys = new Set<string>();
  const gone: number[] = [];
  for (const [id, old] of before) {
    const now = filing.get(id);
    if (now && sameFiling(old, now)) keepsKeys.add(id);
    else unfileBlocks(db, old.n, old);
    if (!now) gone.push(old.n);
  }
  // A member taken out or merged keeps no pair at the hub (their number is never given again).
  dropPairsOf(db, gone);
  sql(db, 'DELETE FROM persons WHERE household_id = ?').run(s.id);
  const insertPerson = sql(
    db,
    `INSERT INTO persons (id, household_id, position, relationship, given_name, family_name, patronymic,
       given_name_latin, family_name_latin, patronymic_latin, sex, birth_kind, birth_value, birth_date, nationality,
       documents, specific_needs, phone, phone_normalised, notes, ref, n)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  h.members.forEach((m, position) => {
    // A person merged into their record elsewhere stays in this household's history only: not counted, not found twice.
    const filed = filing.get(m.id);
    if (m.mergedInto || !filed) return;
    const birthValue = m.birth.kind === 'exact' ? m.birth.date : String(m.birth.kind === 'year' ? m.birth.year : m.birth.years);
    const dob = filed.birthDate;
    const n = before.get(m.id)?.n ?? newNumber();
    const needs = JSON.stringify(m.specificNeeds);
    insertPerson.run(
      m.id,
      s.id,
      position,
      m.relationship,
      m.givenName,
      m.familyName,
      m.patronymic,
      m.givenNameLatin,
      m.familyNameLatin,
      m.patronymicLatin,
      m.sex,
      m.birth.kind,
      birthValue,
      dob,
      m.nationality,
      JSON.stringify(m.documents),
      needs,
      m.phone,
      normalisePhone(m.phone),
      m.notes,
      m.ref ?? null,
      n,
    );
    if (active) tally.person(arrivalDate, s.centreCode, m.sex, dob, needs, 1);
    indexPerson(db, n, m, s.registrationNumber, h.phone, tally);
    if (!keepsKeys.has(m.id)) fileBlocks(db, n, filed);
  });
  // What the duplicate scorer reads of each active person, with their household's fields and whether it has anyone
  // else (migrations 024 to 026), made from the rows just written; a voided household's persons have none.
  if (active) {
    const rows = sql<Omit<ScorerSource, 'alone'>>(
      db,
      `SELECT ${SCORER_SOURCE_COLUMNS} FROM persons p JOIN households h ON h.id = p.household_id WHERE p.household_id = ? ORDER BY p.n`,
    ).all(s.id);
    for (const row of rows) writeScorerRow(db, { ...row, alone: rows.length === 1 });
  }
  if (first !== undefined) personNumbersGivenUpTo(db, next - 1);
  if (own) tally.flush(db);
  insertVersion(db, s, meta);
  sql(db, 'INSERT INTO change_log (at, entity, entity_id, version, op) VALUES (?, ?, ?, ?, ?)').run(meta.at, 'household', s.id, s.version, meta.action);
  recordIntakeDecisions(db, s, meta);
}

function commit(ctx: CoreContext, actor: Actor, s: HouseholdSnapshot, action: HouseholdAction, reason = ''): SavedHousehold {
  const at = ctx.now().toISOString();
  writeSnapshot(ctx.db, s, { at, operator: actor.name, operatorId: actor.id, action, reason });
  appendAudit(ctx.db, {
    at,
    operator: actor.name,
    action: `household.${action}`,
    entity: 'household',
    entityId: s.id,
    detail: { version: s.version, registrationNumber: s.registrationNumber, ...(reason ? { reason } : {}) },
  });
  return { id: s.id, registrationNumber: s.registrationNumber, version: s.version };
}

function withMemberIds(ctx: CoreContext, household: Household, arrivedAt: string, keepIds: Set<string>) {
  return {
    ...household,
    arrivedAt,
    members: household.members.map((m) => ({
      ...fillLatinNames(m),
      id: m.id && keepIds.has(m.id) ? m.id : ctx.newId(),
    })),
  };
}

export function registerHousehold(ctx: CoreContext, actor: Actor, household: Household): SavedHousehold {
  const saved = ctx.db.transaction(() => {
    const now = ctx.now().toISOString();
    const arrivedAt = household.arrivedAt ? new Date(household.arrivedAt).toISOString() : now;
    enforceRules(household, today(ctx));
    const snapshot: HouseholdSnapshot = {
      id: ctx.newId(),
      registrationNumber: nextRegistrationNumber(ctx),
      stationId: ctx.station.stationId,
      centreCode: ctx.station.centreCode,
      version: 1,
      status: 'active',
      voidReason: '',
      registeredAt: now,
      updatedAt: now,
      household: withMemberIds(ctx, household, arrivedAt, new Set()),
    };
    return commit(ctx, actor, snapshot, 'registered');
  })();
  ctx.changed(['households']);
  return saved;
}

export function loadSnapshot(db: DB, id: string): HouseholdSnapshot {
  const row = sql<SnapshotRow>(db, 'SELECT snapshot FROM household_versions WHERE household_id = ? ORDER BY version DESC LIMIT 1').get(id);
  if (!row) throw new CoreError('not_found', 'This household is not in the file.');
  return decodeSnapshot(row.snapshot);
}

function nextVersion(current: HouseholdSnapshot, expectedVersion: number): number {
  if (current.version !== expectedVersion) {
    throw new CoreError('conflict', `Someone saved this family after you opened it (now version ${current.version}). Reopen it and make your change again.`);
  }
  return current.version + 1;
}

/** JSON with keys in one order, so two equal households give one text whatever order their fields were built in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The arrival as corrected. A form shows times to the minute: the same minute sent back keeps the time on file to
 * the millisecond (17:00:04.275 stays), any other time is taken as typed.
 */
function sameMinute(typed: string | undefined, onFile: string): string {
  if (!typed) return onFile;
  const at = new Date(typed).getTime();
  return at === Math.floor(new Date(onFile).getTime() / 60_000) * 60_000 ? onFile : new Date(at).toISOString();
}

export function updateHousehold(ctx: CoreContext, actor: Actor, input: { id: string; expectedVersion: number; household: Household }): SavedHousehold {
  const saved = ctx.db.transaction(() => {
    const current = loadSnapshot(ctx.db, input.id);
    assertMayEditHousehold(ctx, actor, input.id);
    if (current.status === 'voided') throw new CoreError('conflict', 'A voided household cannot be edited.');
    const version = nextVersion(current, input.expectedVersion);
    enforceRules(input.household, today(ctx));
    const keep = new Set(current.household.members.map((m) => m.id));
    const arrivedAt = sameMinute(input.household.arrivedAt, current.household.arrivedAt);
    const household = withMemberIds(ctx, input.household, arrivedAt, keep);
    // Saving what is already on file writes nothing: no version, no audit event, nothing for the next batch.
    if (canonical(household) === canonical(current.household)) {
      return { id: current.id, registrationNumber: current.registrationNumber, version: current.version };
    }
    const snapshot: HouseholdSnapshot = { ...current, version, updatedAt: ctx.now().toISOString(), household };
    return commit(ctx, actor, snapshot, 'edited');
  })();
  ctx.changed(['households']);
  return saved;
}

export function voidHousehold(ctx: CoreContext, actor: Actor, input: { id: string; expectedVersion: number; reason: string }): SavedHousehold {
  const saved = ctx.db.transaction(() => {
    const current = loadSnapshot(ctx.db, input.id);
    if (current.status === 'voided') throw new CoreError('conflict', 'This household is already voided.');
    const version = nextVersion(current, input.expectedVersion);
    const snapshot: HouseholdSnapshot = {
      ...current,
      version,
      status: 'voided',
      voidReason: input.reason,
      updatedAt: ctx.now().toISOString(),
    };
    return commit(ctx, actor, snapshot, 'voided', input.reason);
  })();
  ctx.changed(['households']);
  return saved;
}
