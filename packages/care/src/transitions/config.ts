/**
 * The settings of the transitions protocol. Defaults follow the HEDIS measures each rule cites;
 * a programme changes them with a JSON file (`CAREWEAVE_TRANSITIONS_CONFIG`) and adds holidays
 * with `CAREWEAVE_HOLIDAYS` (see README.md "Configuration").
 */
import { readFileSync } from 'node:fs';
import { type BusinessCalendar, isCalendarDate } from './business-days.js';

/** How a calendar-day deadline (day 7, day 30) that falls on a day off is shown. */
export type CalendarDeadline = 'exact' | 'previous-business-day';

export interface TransitionConfig {
  /** Off: Encounter writes create no transition work (the data is stored as always). */
  enabled: boolean;
  /**
   * The protocol acts on admissions and discharges at most this many days old (default 30), so
   * importing years of history raises no tasks for stays long over.
   */
  actOnDays: number;
  /** Contact the person within this many business days of discharge (default 2). */
  contactBusinessDays: number;
  /** Medication reconciliation by this day after discharge (HEDIS TRC: 30). */
  medicationReconciliationDays: number;
  /** Follow-up visit within this many days (HEDIS FUH 7-day; also the general 7-day follow-up). */
  followUpDays: number;
  /** Second follow-up after a mental-illness stay (HEDIS FUH 30-day). */
  mentalHealthFollowUpDays: number;
  /** A new admission this many days or fewer after a discharge is a readmission (30). */
  readmissionDays: number;
  /**
   * Day 7 and day 30 are calendar days, as the measures count them. `exact` (default) shows the
   * deadline as it falls; `previous-business-day` moves one on a weekend or holiday earlier, so
   * the work is not planned for a day nobody works and the measure's window is still met.
   */
  calendarDeadlines: CalendarDeadline;
  /** Days of the week off (0 Sunday … 6 Saturday; default Saturday and Sunday). */
  weekend: number[];
  /** Public holidays (`YYYY-MM-DD`), skipped like weekends. */
  holidays: string[];
  /** `Encounter.class` codes that are a hospital admission or ED arrival (v3 ActCode). */
  admissionClasses: string[];
  /** `Encounter.class` codes whose discharge starts the discharge protocol (inpatient stays). */
  dischargeClasses: string[];
}

export const DEFAULT_TRANSITION_CONFIG: TransitionConfig = {
  enabled: true,
  actOnDays: 30,
  contactBusinessDays: 2,
  medicationReconciliationDays: 30,
  followUpDays: 7,
  mentalHealthFollowUpDays: 30,
  readmissionDays: 30,
  calendarDeadlines: 'exact',
  weekend: [0, 6],
  holidays: [],
  admissionClasses: ['IMP', 'ACUTE', 'NONAC', 'OBSENC', 'EMER'],
  dischargeClasses: ['IMP', 'ACUTE', 'NONAC', 'OBSENC'],
};

/** The business calendar of a configuration. */
export function calendarOf(config: TransitionConfig): BusinessCalendar {
  return { weekend: config.weekend, holidays: new Set(config.holidays) };
}

/** A configuration that cannot be used, with what is wrong. */
export class TransitionConfigError extends Error {}

const NUMBER_KEYS = [
  'actOnDays',
  'contactBusinessDays',
  'medicationReconciliationDays',
  'followUpDays',
  'mentalHealthFollowUpDays',
  'readmissionDays',
] as const;

/** Checks and completes a partial configuration (unknown keys and bad values are refused, naming them). */
export function parseTransitionConfig(input: unknown, source = 'configuration'): TransitionConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new TransitionConfigError(`${source}: expected a JSON object`);
  const raw = input as Record<string, unknown>;
  const known = new Set(Object.keys(DEFAULT_TRANSITION_CONFIG));
  const unknown = Object.keys(raw).filter((k) => !known.has(k) && k !== '$comment');
  if (unknown.length > 0)
    throw new TransitionConfigError(`${source}: unknown setting ${unknown.join(', ')}`);
  const out: TransitionConfig = { ...DEFAULT_TRANSITION_CONFIG };
  if (raw['enabled'] !== undefined) {
    if (typeof raw['enabled'] !== 'boolean')
      throw new TransitionConfigError(`${source}: enabled must be true or false`);
    out.enabled = raw['enabled'];
  }
  for (const key of NUMBER_KEYS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 366)
      throw new TransitionConfigError(`${source}: ${key} must be a whole number of days (0–366)`);
    out[key] = v;
  }
  if (raw['calendarDeadlines'] !== undefined) {
    const v = raw['calendarDeadlines'];
    if (v !== 'exact' && v !== 'previous-business-day')
      throw new TransitionConfigError(
        `${source}: calendarDeadlines must be "exact" or "previous-business-day"`,
      );
    out.calendarDeadlines = v;
  }
  if (raw['weekend'] !== undefined) {
    const v = raw['weekend'];
    if (
      !Array.isArray(v) ||
      v.length > 6 ||
      !v.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 6)
    )
      throw new TransitionConfigError(
        `${source}: weekend must list at most 6 days of the week, 0 (Sunday) to 6 (Saturday)`,
      );
    out.weekend = v as number[];
  }
  if (raw['holidays'] !== undefined) out.holidays = parseHolidays(raw['holidays'], source);
  for (const key of ['admissionClasses', 'dischargeClasses'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every((c) => typeof c === 'string' && /^[A-Za-z]+$/.test(c)))
      throw new TransitionConfigError(`${source}: ${key} must list Encounter.class codes`);
    out[key] = v as string[];
  }
  return out;
}

function parseHolidays(v: unknown, source: string): string[] {
  const list =
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v;
  if (!Array.isArray(list))
    throw new TransitionConfigError(`${source}: holidays must be a list of dates`);
  const bad = list.filter((d) => typeof d !== 'string' || !isCalendarDate(d));
  if (bad.length > 0)
    throw new TransitionConfigError(
      `${source}: holidays must be YYYY-MM-DD dates; not ${bad.map(String).join(', ')}`,
    );
  return [...new Set(list as string[])].sort();
}

/**
 * The configuration from the environment: `CAREWEAVE_TRANSITIONS_CONFIG` names a JSON file of
 * settings (any subset of TransitionConfig); `CAREWEAVE_HOLIDAYS` (comma-separated dates) adds
 * holidays to the file's.
 */
export function transitionConfigFromEnv(env: NodeJS.ProcessEnv): TransitionConfig {
  const file = env['CAREWEAVE_TRANSITIONS_CONFIG'];
  let config = DEFAULT_TRANSITION_CONFIG;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new TransitionConfigError(
        `CAREWEAVE_TRANSITIONS_CONFIG: cannot read ${file} (${(err as Error).message})`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new TransitionConfigError(`${file}: not JSON (${(err as Error).message})`);
    }
    config = parseTransitionConfig(json, file);
  }
  const holidays = env['CAREWEAVE_HOLIDAYS'];
  if (holidays) {
    config = {
      ...config,
      holidays: [
        ...new Set([...config.holidays, ...parseHolidays(holidays, 'CAREWEAVE_HOLIDAYS')]),
      ].sort(),
    };
  }
  return config;
}
