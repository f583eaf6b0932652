/**
 * The hidden truth file, truth.csv (CSV so that FHIR importers, which read *.ndjson and *.json,
 * skip it). One row per person per period with a constant true admission probability: each history
 * year, split at the enrolment date for enrolled people, plus a `forecast` row for the 12 months
 * after asOf. Columns:
 *
 * - patient_id, period_start, period_end (ISO dates, end exclusive), kind (history | forecast)
 * - p_admission: true annual probability of >= 1 emergency admission in force during the period
 * - p_admission_without_programme: the same before the programme effect (equal unless after_enrolment)
 * - ed_rate: true expected ED visits per year (not leading to admission)
 * - enrolled (person ever enrolled), enrolment_date, after_enrolment (period after enrolment)
 * - programme_effect: the effect applied in this period (p_admission = p_without × (1 − effect))
 * - admissions, ed_visits: what actually happened in the period (history rows)
 */
import type { History } from './history.js';
import { formatDate } from './time.js';

/** The CSV header line. */
export const TRUTH_HEADER =
  'patient_id,period_start,period_end,kind,p_admission,p_admission_without_programme,ed_rate,enrolled,enrolment_date,after_enrolment,programme_effect,admissions,ed_visits\n';

/** The CSV lines of one person. */
export function truthRows(patientId: string, history: History): string {
  const enrolled = history.enrolmentDay !== undefined;
  const enrolmentDate = history.enrolmentDay !== undefined ? formatDate(history.enrolmentDay) : '';
  let text = '';
  for (const p of history.periods) {
    const cells = [
      patientId,
      formatDate(p.start),
      formatDate(p.end),
      p.kind,
      p.p.toFixed(6),
      p.pWithoutProgramme.toFixed(6),
      p.edRate.toFixed(4),
      enrolled,
      enrolmentDate,
      p.afterEnrolment,
      p.programmeEffect,
      p.admissions,
      p.edVisits,
    ];
    text += cells.join(',') + '\n';
  }
  return text;
}
