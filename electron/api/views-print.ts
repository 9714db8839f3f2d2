import type { AgeBand } from '../rules/age.js';
import type { DESTINATIONS } from './schemas/household.js';
import type { NeedCategory } from './schemas/needs.js';
import type { SexCounts } from './views.js';

/** Views of the printed documents (the family's slip, the daily summary) and of the dashboard. */

export type Destination = (typeof DESTINATIONS)[number];

export const SLIP_LANGUAGES = ['en', 'hy', 'ru'] as const;
export type SlipLanguage = (typeof SLIP_LANGUAGES)[number];
export const SLIP_LAYOUTS = ['a4', 'receipt'] as const;
export type SlipLayout = (typeof SLIP_LAYOUTS)[number];

/** One member as the slip shows them: names, sex and age only. */
export interface SlipMember {
  name: string;
  nameLatin: string;
  sex: 'F' | 'M';
  age: number;
  ageEstimated: boolean;
  isHead: boolean;
}

export interface SlipSettings {
  /** What happens next, per language; empty means the built-in text. */
  nextSteps: Record<SlipLanguage, string>;
  /** The centre's contact (phone, where to ask); empty means the built-in text. */
  contact: string;
}

export interface SlipView {
  householdId: string;
  registrationNumber: string;
  arrivedAt: string;
  registeredAt: string;
  /** When this print is made (ISO), so the slip carries its own date. */
  printedAt: string;
  centreCode: string;
  centreName: string;
  stationLabel: string;
  members: SlipMember[];
  settings: SlipSettings;
  /** 1 for the first print; a slip with a higher number says REPRINT. For a preview: the number the next print gets. */
  printNumber: number;
}

export interface OriginCount {
  district: string;
  settlement: string;
  households: number;
  persons: number;
}

export interface Figures {
  households: number;
  persons: number;
  bySex: SexCounts;
  byAgeBand: Record<AgeBand, SexCounts>;
  /** Persons with at least one need of the category. */
  bySpecificNeed: Record<NeedCategory, number>;
  /** Origins as spelled in Latin letters, largest first; spellings in other scripts are counted together. */
  byOrigin: OriginCount[];
  byDestination: Record<Destination, { households: number; persons: number }>;
}

export interface StationCount {
  stationId: string;
  stationCode: string;
  stationLabel: string;
  households: number;
  persons: number;
}

export interface DailyReport {
  date: string;
  centreCode: string;
  centreName: string;
  generatedAt: string;
  /** First arrival date at this centre, or '' when nobody has arrived yet. */
  openedOn: string;
  day: Figures;
  /** Everybody registered at this centre up to and including the day. */
  total: Figures;
  byStation: StationCount[];
  /** The queue at the door that day (issue 17), when tickets were issued; waits in minutes, no personal data. */
  queue: QueueDayFigures | null;
}

export interface QueueDayFigures {
  issued: number;
  medianWaitMinutes: number | null;
  p95WaitMinutes: number | null;
  priorityMedianWaitMinutes: number | null;
  priorityP95WaitMinutes: number | null;
}

export interface DashboardView {
  date: string;
  centreCode: string;
  centreName: string;
  today: Figures;
  total: Figures;
  byDay: { date: string; households: number; persons: number }[];
  /** On a hub (whose dashboard shows every centre): likely pairs across centres not decided yet; null on a station. */
  pendingAcrossCentres: number | null;
}
