import type { Household, Person } from '../../api/schemas/household.js';

/**
 * One household at one version, whole: what the history keeps, what batches carry and what a hub applies.
 */
export interface HouseholdSnapshot {
  id: string;
  registrationNumber: string;
  stationId: string;
  centreCode: string;
  version: number;
  status: 'active' | 'voided';
  voidReason: string;
  registeredAt: string;
  updatedAt: string;
  household: Omit<Household, 'members'> & { arrivedAt: string; members: (Person & { id: string })[] };
}

/** A `household_versions` row read for its snapshot: a HouseholdSnapshot's JSON as stored-snapshot.ts keeps it. */
export interface SnapshotRow {
  snapshot: Buffer;
}

/** `purged`: fields removed when their retention period ran out (the reason names the categories). */
export type HouseholdAction = 'registered' | 'edited' | 'voided' | 'purged';
