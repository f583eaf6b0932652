/** The instant range a FHIR date, dateTime, instant or Period covers, as ISO strings with ms and Z. */
export interface DateRange {
  low: string;
  high: string;
}

/** Lower bound of a Period without a start (FHIR years start at 0001). */
export const MIN_INSTANT = '0001-01-01T00:00:00.000Z';
/** Upper bound of an open Period (no end): still ongoing. */
export const MAX_INSTANT = '9999-12-31T23:59:59.999Z';

const MIN_MS = Date.parse(MIN_INSTANT);
const MAX_MS = Date.parse(MAX_INSTANT);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A 400-year Gregorian cycle has a fixed length, so shifting by it keeps calendar positions. */
const CYCLE_YEARS = 400;
const CYCLE_MS = 146_097 * DAY_MS;

// FHIR date / dateTime / instant, with the time and its parts optional from the right. Minutes
// without seconds are not valid FHIR but occur in the wild; they mean "the whole minute".
const DATE_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch of a UTC calendar time; `month` is 0-based and may overflow. */
function utcMs(
  year: number,
  month: number,
  day = 1,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  // Date.UTC maps years 0–99 to 1900–1999; shift such years by one cycle and back.
  if (year < 100) {
    return Date.UTC(year + CYCLE_YEARS, month, day, hour, minute, second, ms) - CYCLE_MS;
  }
  return Date.UTC(year, month, day, hour, minute, second, ms);
}

function daysInMonth(year: number, month1: number): number {
  return new Date(utcMs(year, month1, 0)).getUTCDate();
}

function toIso(ms: number): string {
  return new Date(Math.min(Math.max(ms, MIN_MS), MAX_MS)).toISOString();
}

/** Parses a FHIR date/dateTime/instant into [low, high] in epoch ms, or undefined when invalid. */
export function dateRangeMs(value: string): [number, number] | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) {
    return undefined;
  }
  const year = Number(m[1]);
  if (m[2] === undefined) {
    return [utcMs(year, 0), utcMs(year + 1, 0) - 1];
  }
  const month = Number(m[2]);
  if (month < 1 || month > 12) {
    return undefined;
  }
  if (m[3] === undefined) {
    // utcMs(year, month) is the first of the next month: handles December and leap years alike.
    return [utcMs(year, month - 1), utcMs(year, month) - 1];
  }
  const day = Number(m[3]);
  if (day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  if (m[4] === undefined) {
    const low = utcMs(year, month - 1, day);
    return [low, low + DAY_MS - 1];
  }
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  // A leap second (:60) is clamped into the last second of the minute.
  const second = m[6] === undefined ? 0 : Math.min(Number(m[6]), 59);
  if (hour > 23 || minute > 59) {
    return undefined;
  }
  const fraction = m[7];
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  let width: number;
  if (m[6] === undefined) {
    width = MINUTE_MS;
  } else if (fraction === undefined) {
    width = 1000;
  } else {
    width = 10 ** (3 - Math.min(fraction.length, 3));
  }
  // Without a zone (invalid FHIR for a time, but seen) the time is taken as UTC.
  const zone = m[8];
  let offsetMs = 0;
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * MINUTE_MS;
  }
  const low = utcMs(year, month - 1, day, hour, minute, second, ms) - offsetMs;
  return [low, low + width - 1];
}

/**
 * The range a FHIR date, dateTime or instant covers, honouring its precision: `2025` is the whole
 * year, `2025-02` the whole month (29 days in leap years), `2025-03-04` the whole UTC day,
 * `2025-03-04T10:00:00+02:00` the whole second, converted to UTC. Undefined for invalid input.
 */
export function dateRange(value: string): DateRange | undefined {
  const range = dateRangeMs(value);
  return range && { low: toIso(range[0]), high: toIso(range[1]) };
}

/**
 * The range a FHIR Period covers: from the start of `start` to the end of `end`. A missing end is
 * open (still ongoing) and a missing start unbounded; a Period with neither has no value.
 */
export function periodRange(
  start: string | undefined,
  end: string | undefined,
): DateRange | undefined {
  const startRange = start === undefined ? undefined : dateRangeMs(start);
  const endRange = end === undefined ? undefined : dateRangeMs(end);
  if (!startRange && !endRange) {
    return undefined;
  }
  const low = startRange ? startRange[0] : MIN_MS;
  const high = endRange ? endRange[1] : MAX_MS;
  return { low: toIso(low), high: toIso(Math.max(low, high)) };
}
