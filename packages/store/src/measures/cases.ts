import type { AccessScope } from '../context.js';
import { scopeSql } from '../scope.js';
import type { SqlParams } from '../sql-params.js';

/** The measurement period, as calendar dates (`YYYY-MM-DD`), both days included. */
export interface MeasurePeriod {
  start: string;
  end: string;
}

/**
 * One case a set-based measure counted: an event (a discharge, an ED visit, a member-month…) of
 * one person. A proportion's case has denominator 1 and numerator 0 or 1; a ratio's case carries
 * its counts (ED visits over member-months); a continuous measure's case carries its observation.
 */
export interface MeasureCase {
  patientId: string;
  /** What was counted: `Encounter/<id>`, `Patient/<id>`, `Patient/<id>#2026-03`, `Goal/<id>`… */
  event: string;
  /** The index date (discharge, visit, month start…), `YYYY-MM-DD`: the month strata use it. */
  day: string;
  /** Removed from the denominator by the measure's exclusions. */
  excluded: boolean;
  numerator: number;
  denominator: number;
  /** A continuous measure's value for this case (e.g. days to first contact); else null. */
  observation: number | null;
}

/** The cases of several measures, by measure id. */
export type MeasureCases = Map<string, MeasureCase[]>;

/**
 * The calendar date of a FHIR date/dateTime as written (its first ten characters), or NULL when
 * it is less precise than a day. Day arithmetic on the written local date follows HEDIS, which
 * counts calendar days, and is independent of the server's time zone.
 */
export const day = (expr: string): string =>
  `(CASE WHEN length(${expr}) >= 10 THEN left(${expr}, 10)::date END)`;

/** `resource` rows of a type, current and visible to the scope, under `alias`. */
export function rows(alias: string, type: string, scope: AccessScope, params: SqlParams): string {
  return `resource ${alias} WHERE ${alias}.resource_type = '${type}' AND NOT ${alias}.deleted AND ${alias}.patient_id IS NOT NULL AND ${scopeSql(scope, alias, params)}`;
}

/** The columns every measure statement selects first (`day` as `to_char(…, 'YYYY-MM-DD')`). */
export interface CaseRow {
  patient_id: string;
  event: string;
  day: string;
  excluded: boolean;
}
