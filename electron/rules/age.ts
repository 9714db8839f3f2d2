import type { Birth } from '../api/schemas/household.js';

/** One reading of a birth record, shared by rules, statistics and display. */

const isRealDate = (iso: string): boolean => {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
};

export const isValidIsoDate = isRealDate;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * The calendar date of an instant where the desk is (this computer's time zone), so a family arriving at 01:30 in
 * Armenia is counted on that day, not on the previous UTC day.
 */
export function localDate(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Best-estimate date of birth: estimated ages and bare years are placed on 1 July, UNHCR's convention for unknown days. */
export function birthDate(birth: Birth, onDate: string): string {
  switch (birth.kind) {
    case 'exact':
      return birth.date;
    case 'year':
      return `${String(birth.year).padStart(4, '0')}-07-01`;
    case 'age': {
      const year = Number(onDate.slice(0, 4)) - birth.years;
      // Counted back from 29 February, a year without one gives 28 February (never a date that does not exist).
      const monthDay = onDate.slice(5, 10) === '02-29' && !isLeapYear(year) ? '02-28' : onDate.slice(5, 10);
      return `${String(year).padStart(4, '0')}-${monthDay}`;
    }
  }
}

export function birthPrecision(birth: Birth): 'exact' | 'year' | 'estimated' {
  return birth.kind === 'exact' ? 'exact' : birth.kind === 'year' ? 'year' : 'estimated';
}

/** Whole years between a YYYY-MM-DD birth date and another date. */
export function ageInYears(dateOfBirth: string, onDate: string): number {
  const by = Number(dateOfBirth.slice(0, 4));
  const bmd = dateOfBirth.slice(5, 10);
  const y = Number(onDate.slice(0, 4));
  const md = onDate.slice(5, 10);
  return y - by - (md < bmd ? 1 : 0);
}

export const AGE_BANDS = ['0-4', '5-11', '12-17', '18-59', '60+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export function ageBand(age: number): AgeBand {
  if (age < 5) return '0-4';
  if (age < 12) return '5-11';
  if (age < 18) return '12-17';
  if (age < 60) return '18-59';
  return '60+';
}
