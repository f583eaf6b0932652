/**
 * Due dates counted in business days: weekends and the configured holidays are skipped. Dates
 * are calendar dates (`YYYY-MM-DD`) in the hospital's local time — the day of discharge as the
 * hospital wrote it — so no time zone moves a due date by a day.
 */

/** Which days are not business days. */
export interface BusinessCalendar {
  /** Days of the week that are weekend days (0 Sunday … 6 Saturday). */
  weekend: readonly number[];
  /** Public holidays (`YYYY-MM-DD`). */
  holidays: ReadonlySet<string>;
}

/** Saturday and Sunday off, no holidays. */
export const PLAIN_WEEK: BusinessCalendar = { weekend: [0, 6], holidays: new Set() };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new RangeError(`No such day: ${date}`);
  return d;
}

/** Whether `date` is a calendar date that exists (`2026-02-30` is not). */
export function isCalendarDate(date: string): boolean {
  try {
    toUtc(date);
    return true;
  } catch {
    return false;
  }
}

/** `date` plus `days` calendar days. */
export function addCalendarDays(date: string, days: number): string {
  return new Date(toUtc(date).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether people work on `date`: not a weekend day, not a holiday. */
export function isBusinessDay(date: string, calendar: BusinessCalendar): boolean {
  return !calendar.weekend.includes(toUtc(date).getUTCDay()) && !calendar.holidays.has(date);
}

/**
 * The date `n` business days after `date` (n ≥ 0): counting starts the day after, and only
 * business days count. Discharged on Friday, 2 business days → Tuesday; before a Monday
 * holiday → Wednesday.
 */
export function addBusinessDays(date: string, n: number, calendar: BusinessCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Business days must be ≥ 0: ${n}`);
  if (calendar.weekend.length >= 7) throw new RangeError('Every day of the week is a weekend day');
  let day = date;
  for (let left = n; left > 0;) {
    day = addCalendarDays(day, 1);
    if (isBusinessDay(day, calendar)) left -= 1;
  }
  return day;
}

/** `date` when it is a business day, else the last business day before it. */
export function onOrBeforeBusinessDay(date: string, calendar: BusinessCalendar): string {
  if (calendar.weekend.length >= 7) throw new RangeError('Every day of the week is a weekend day');
  let day = date;
  while (!isBusinessDay(day, calendar)) day = addCalendarDays(day, -1);
  return day;
}
