import { ageInYears, birthDate, localDate } from '../../rules/age.js';
import type { FieldChange, HistoryEntry, HouseholdDetail, HouseholdSummary } from '../../api/views.js';
import type { DB } from '../db/open.js';
import { sql } from '../db/statements.js';
import { CoreError } from '../errors.js';
import { loadSnapshot } from './write.js';
import type { HouseholdSnapshot, SnapshotRow } from './snapshot.js';
import { decodeSnapshot } from './stored-snapshot.js';

export function getHousehold(db: DB, id: string, onDate: string): HouseholdDetail {
  const s = loadSnapshot(db, id);
  const { members, ...household } = s.household;
  return {
    id: s.id,
    registrationNumber: s.registrationNumber,
    version: s.version,
    status: s.status,
    voidReason: s.voidReason,
    registeredAt: s.registeredAt,
    updatedAt: s.updatedAt,
    centreCode: s.centreCode,
    stationId: s.stationId,
    household,
    members: members.map((m) => {
      const dateOfBirth = birthDate(m.birth, localDate(household.arrivedAt));
      return { ...m, dateOfBirth, age: Math.max(0, ageInYears(dateOfBirth, onDate)) };
    }),
  };
}

interface SummaryRow {
  id: string;
  registration_number: string;
  head_name: string;
  head_name_latin: string;
  size: number;
  arrived_at: string;
  status: 'active' | 'voided';
  centre_code: string;
  station_id: string;
}

export const toSummary = (r: SummaryRow): HouseholdSummary => ({
  id: r.id,
  registrationNumber: r.registration_number,
  headName: r.head_name,
  headNameLatin: r.head_name_latin,
  size: r.size,
  arrivedAt: r.arrived_at,
  status: r.status,
  centreCode: r.centre_code,
  stationId: r.station_id,
});

export function recentHouseholds(db: DB, limit: number, offset: number): { total: number; items: HouseholdSummary[] } {
  const total = sql(db, 'SELECT count(*) FROM households').pluck<number>().get()!;
  const rows = sql<SummaryRow>(
    db,
    `SELECT id, registration_number, head_name, head_name_latin, size, arrived_at, status, centre_code, station_id
     FROM households ORDER BY registered_at DESC, id DESC LIMIT ? OFFSET ?`,
  ).all(limit, offset);
  return { total, items: rows.map(toSummary) };
}

/** Flattens a household into field → text, members keyed by their id so reordering is not a change. */
function flatten(s: HouseholdSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  const { members, ...household } = s.household;
  for (const [k, v] of Object.entries(household) as [string, unknown][]) out.set(k, v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  out.set('status', s.status);
  if (s.voidReason) out.set('voidReason', s.voidReason);
  for (const m of members) {
    for (const [k, v] of Object.entries(m)) {
      if (k === 'id') continue;
      out.set(`members.${m.id}.${k}`, typeof v === 'string' ? v : JSON.stringify(v));
    }
  }
  return out;
}

const memberLabel = (s: HouseholdSnapshot, id: string): string => {
  const m = s.household.members.find((x) => x.id === id);
  return m ? [m.givenName, m.familyName].filter(Boolean).join(' ') : id;
};

export function diffSnapshots(before: HouseholdSnapshot | undefined, after: HouseholdSnapshot): FieldChange[] {
  if (!before) return [];
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? '';
    const y = b.get(key) ?? '';
    if (x === y) continue;
    const m = /^members\.([^.]+)\.(.+)$/.exec(key);
    const memberId = m?.[1];
    if (memberId && m[2]) {
      const source = b.has(`members.${memberId}.givenName`) ? after : before;
      changes.push({ member: memberLabel(source, memberId), field: m[2], before: x, after: y });
    } else {
      changes.push({ field: key, before: x, after: y });
    }
  }
  return changes;
}

/** One row of `household_versions` as the history reads it. */
interface VersionRow {
  version: number;
  at: string;
  operator: string;
  action: HistoryEntry['action'];
  reason: string;
  snapshot: Buffer;
}

export function householdHistory(db: DB, id: string): HistoryEntry[] {
  const rows = sql<VersionRow>(
    db,
    'SELECT version, at, operator, action, reason, snapshot FROM household_versions WHERE household_id = ? ORDER BY version',
  ).all(id);
  if (rows.length === 0) throw new CoreError('not_found', 'This household is not in the file.');
  let previous: HouseholdSnapshot | undefined;
  return rows.map((row) => {
    const snapshot = decodeSnapshot(row.snapshot);
    const entry: HistoryEntry = {
      version: row.version,
      at: row.at,
      operator: row.operator,
      action: row.action,
      reason: row.reason,
      changes: diffSnapshots(previous, snapshot),
    };
    previous = snapshot;
    return entry;
  });
}

/** A household as it was at one version, for reading an earlier version in the history. */
export function householdAtVersion(db: DB, id: string, version: number): HouseholdSnapshot {
  const row = sql<SnapshotRow>(db, 'SELECT snapshot FROM household_versions WHERE household_id = ? AND version = ?').get(id, version);
  if (!row) throw new CoreError('not_found', 'That version of the household is not in the file.');
  return decodeSnapshot(row.snapshot);
}
