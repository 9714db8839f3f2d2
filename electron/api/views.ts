import type { AgeBand } from '../rules/age.js';
import type { Household, Person } from './schemas/household.js';

/** What the handlers answer: plain, serialisable views of the domain. */

export interface StationInfo {
  stationId: string;
  stationCode: string;
  stationLabel: string;
  centreCode: string;
  centreName: string;
  role: 'station' | 'hub';
}

export interface HouseholdSummary {
  id: string;
  registrationNumber: string;
  headName: string;
  headNameLatin: string;
  size: number;
  arrivedAt: string;
  status: 'active' | 'voided';
  centreCode: string;
  stationId: string;
}

export interface MemberView extends Person {
  id: string;
  age: number;
  dateOfBirth: string;
}

export interface HouseholdDetail {
  id: string;
  registrationNumber: string;
  version: number;
  status: 'active' | 'voided';
  voidReason: string;
  registeredAt: string;
  updatedAt: string;
  centreCode: string;
  stationId: string;
  household: Omit<Household, 'members'> & { arrivedAt: string };
  members: MemberView[];
}

export interface FieldChange {
  /** The member it concerns (name as typed), when the field is a member's. */
  member?: string;
  /** The field's name in the data set, e.g. `phone`, `givenName`; the UI shows its label. */
  field: string;
  before: string;
  after: string;
}

export interface HistoryEntry {
  version: number;
  at: string;
  operator: string;
  action: 'registered' | 'edited' | 'voided' | 'purged';
  reason: string;
  changes: FieldChange[];
}

export type MatchReason = 'name' | 'name_variant' | 'other_script' | 'registration_number' | 'phone' | 'document';

export interface SearchHit {
  personId: string;
  householdId: string;
  registrationNumber: string;
  name: string;
  nameLatin: string;
  sex: 'F' | 'M';
  age: number;
  /** The date of birth as held (YYYY-MM-DD) and whether it is known or estimated from a year or an age. */
  dateOfBirth: string;
  birthKind: 'exact' | 'year' | 'age';
  isHead: boolean;
  /** Who heads the family, and where it came from: what tells two namesakes apart in a list of results. */
  headName: string;
  originSettlement: string;
  originDistrict: string;
  householdStatus: 'active' | 'voided';
  score: number;
  reasons: MatchReason[];
}

export interface SexCounts {
  F: number;
  M: number;
}

export interface Stats {
  households: number;
  persons: number;
  bySex: SexCounts;
  byAgeBand: Record<AgeBand, SexCounts>;
  bySpecificNeed: Record<string, number>;
  byDay: { date: string; households: number; persons: number }[];
  /** At a hub only: likely pairs across centres not decided yet (the hub's review queue). */
  pendingAcrossCentres?: number;
}

export interface SavedHousehold {
  id: string;
  registrationNumber: string;
  version: number;
}
