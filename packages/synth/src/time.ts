/**
 * Time in the generator is a number of days since 1970-01-01 (UTC), fractional for times of day,
 * so that arithmetic stays cheap; these helpers convert at the edges.
 */

const MS_PER_DAY = 86_400_000;

/** Parses an ISO date (YYYY-MM-DD) into a day number. */
export function parseDay(isoDate: string): number {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) {
    throw new Error(`Invalid date: ${isoDate}`);
  }
  return ms / MS_PER_DAY;
}

/** Adds whole calendar years (used for the 3-year window and ages). */
export function addYears(day: number, years: number): number {
  const d = new Date(Math.round(day * MS_PER_DAY));
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime() / MS_PER_DAY;
}

/** Formats a day number as an ISO date (YYYY-MM-DD). */
export function formatDate(day: number): string {
  return new Date(Math.floor(day) * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Formats a fractional day as a FHIR dateTime with seconds and a Z offset. Rounded to the minute so
 * that values are stable and readable.
 */
export function formatDateTime(day: number): string {
  const ms = Math.round((day * MS_PER_DAY) / 60_000) * 60_000;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** The reporting window: three years of history ending (exclusive) at `asOf`. */
export interface Window {
  /** First day of the history. */
  start: number;
  /** The day the history ends (exclusive); "today" for the generated data. */
  asOf: number;
  /** Start days of the three history years followed by asOf. */
  yearStarts: readonly [number, number, number, number];
}

/** Builds the 3-year window that ends at `asOf` (ISO date). */
export function makeWindow(asOf: string): Window {
  const end = parseDay(asOf);
  const start = addYears(end, -3);
  return { start, asOf: end, yearStarts: [start, addYears(end, -2), addYears(end, -1), end] };
}

/** Age in whole years on `day` for someone born on `birthDay`. */
export function ageOn(birthDay: number, day: number): number {
  const b = new Date(Math.floor(birthDay) * MS_PER_DAY);
  const d = new Date(Math.floor(day) * MS_PER_DAY);
  let age = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  ) {
    age--;
  }
  return age;
}
