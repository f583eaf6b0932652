/** Long-term condition control: diabetes (HbA1c, CMS122) and blood pressure (CMS165). */
import type { Observation } from '@medplum/fhirtypes';
import { ACT_CODE_SYSTEM, CDS_LOINC, CONTACT_CLASSES, LOINC_SYSTEM } from '../codes.js';
import {
  calendarDate,
  daysBetween,
  hasCode,
  numericValue,
  observationDate,
  observationsOf,
  today,
  type PatientRecord,
} from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedGoal, suggestedTask } from '../suggest.js';

/** CMS122 "poor control": most recent HbA1c greater than 9.0%. */
export const HBA1C_POOR_CONTROL = 9;
/** No visit in this many days (a quarter: the usual review interval when not at goal, ADA 2024 §6). */
export const VISIT_DAYS = 90;
/** Readings older than a year do not describe control now (both measures' one-year period). */
const LOOKBACK_DAYS = 365;

function lastVisit(record: PatientRecord): string | undefined {
  return record.encounters
    .filter(
      (e) =>
        e.status === 'finished' &&
        e.class.system === ACT_CODE_SYSTEM &&
        (CONTACT_CLASSES as readonly string[]).includes(e.class.code ?? ''),
    )
    .map((e) => calendarDate(e.period?.start))
    .filter((d): d is string => d !== undefined)
    .sort()
    .pop();
}

export const hba1cNoVisit: DecisionRule = {
  id: 'hba1c-no-visit',
  title: 'HbA1c above 9% and no visit in 90 days',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['observations', 'encounters'],
  source: {
    label: 'CMS122 Diabetes: Hemoglobin A1c (HbA1c) Poor Control (> 9%)',
    url: 'https://ecqi.healthit.gov/ecqm/ec/2024/cms0122v12',
  },
  evaluate(record) {
    const a1c = observationsOf(record, LOINC_SYSTEM, CDS_LOINC.HBA1C)[0];
    const value = a1c && numericValue(a1c);
    const date = a1c && observationDate(a1c);
    if (!a1c || value === undefined || date === undefined || value <= HBA1C_POOR_CONTROL) {
      return undefined;
    }
    if (daysBetween(date, today(record)) > LOOKBACK_DAYS) return undefined;
    const visit = lastVisit(record);
    if (visit !== undefined && daysBetween(visit, today(record)) <= VISIT_DAYS) return undefined;
    return {
      indicator: 'warning',
      summary: `HbA1c ${value}% (${date}) and no visit in ${VISIT_DAYS} days`,
      detail: `The most recent HbA1c is **${value}%** on ${date}, above the ${HBA1C_POOR_CONTROL}% of CMS122's poor control. ${visit ? `The last visit was on ${visit}` : 'No visit is recorded'}, more than ${VISIT_DAYS} days ago.`,
      suggestions: [
        {
          label: 'Create a task to book a diabetes review',
          actions: [
            {
              description: 'Task: book a diabetes review visit',
              resource: suggestedTask(
                record,
                hba1cNoVisit,
                { code: 'diabetes-review', display: 'Diabetes review visit' },
                `Book a diabetes review: HbA1c ${value}% on ${date}`,
                'routine',
                a1c.id ? { reference: `Observation/${a1c.id}` } : undefined,
              ),
            },
          ],
        },
      ],
    };
  },
};

/** CMS165: controlled is systolic < 140 and diastolic < 90 mmHg. */
export const SYSTOLIC_LIMIT = 140;
export const DIASTOLIC_LIMIT = 90;

interface Reading {
  date: string;
  at: string;
  systolic: number;
  diastolic: number;
}

function component(o: Observation, code: string): number | undefined {
  const c = o.component?.find((x) => hasCode(x.code, LOINC_SYSTEM, [code]));
  return c ? numericValue(c) : undefined;
}

/** Blood pressure readings (panels with both components), newest first. */
export function bpReadings(record: PatientRecord): Reading[] {
  const out: Reading[] = [];
  for (const o of observationsOf(record, LOINC_SYSTEM, [CDS_LOINC.BP_PANEL])) {
    const systolic = component(o, CDS_LOINC.SYSTOLIC);
    const diastolic = component(o, CDS_LOINC.DIASTOLIC);
    const date = observationDate(o);
    if (systolic === undefined || diastolic === undefined || date === undefined) continue;
    out.push({ date, at: o.effectiveDateTime ?? date, systolic, diastolic });
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

const high = (r: Reading): boolean =>
  r.systolic >= SYSTOLIC_LIMIT || r.diastolic >= DIASTOLIC_LIMIT;

export const bpUncontrolled: DecisionRule = {
  id: 'bp-uncontrolled',
  title: 'Blood pressure at or above 140/90 at the last two readings',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['observations'],
  source: {
    label: 'CMS165 Controlling High Blood Pressure (< 140/90 mmHg)',
    url: 'https://ecqi.healthit.gov/ecqm/ec/2024/cms0165v12',
  },
  evaluate(record) {
    const [last, previous] = bpReadings(record);
    if (!last || !previous || !high(last) || !high(previous)) return undefined;
    if (daysBetween(last.date, today(record)) > LOOKBACK_DAYS) return undefined;
    const text = (r: Reading): string => `${r.systolic}/${r.diastolic} (${r.date})`;
    return {
      indicator: 'warning',
      summary: `Blood pressure ${text(last)} and ${text(previous)}: not controlled`,
      detail: `The last two readings are **${text(last)}** and **${text(previous)}** mmHg, both at or above ${SYSTOLIC_LIMIT}/${DIASTOLIC_LIMIT}. CMS165 counts blood pressure as controlled below ${SYSTOLIC_LIMIT}/${DIASTOLIC_LIMIT} mmHg.`,
      suggestions: [
        {
          label: 'Add a blood pressure goal',
          actions: [
            {
              description: 'Goal: blood pressure below 140/90 mmHg',
              resource: suggestedGoal(record, bpUncontrolled, 'Blood pressure below 140/90 mmHg', [
                {
                  measure: {
                    coding: [
                      { system: LOINC_SYSTEM, code: CDS_LOINC.SYSTOLIC, display: 'Systolic BP' },
                    ],
                  },
                  detailQuantity: {
                    value: SYSTOLIC_LIMIT,
                    comparator: '<',
                    unit: 'mm[Hg]',
                    system: 'http://unitsofmeasure.org',
                    code: 'mm[Hg]',
                  },
                },
              ]),
            },
          ],
        },
      ],
    };
  },
};
