import type { Observation } from '@medplum/fhirtypes';
import { LOINC, LOINC_CODES } from '../../../lib/codes';
import { hasCode } from '../../../lib/format';

/** One point of a trend: time (ms), ISO date, value(s) and the observation it came from. */
export interface TrendPoint {
  t: number;
  date: string;
  id: string;
  [series: string]: number | string;
}

/** A chartable result: which observations, which series, and the threshold worth drawing. */
export interface TrendSpec {
  key: string;
  title: string;
  unit: string;
  code: string;
  /** Series: the observation's own value (`value`) or a component's LOINC code. */
  series: { name: string; label: string; component?: string; dashed?: boolean }[];
  reference?: { y: number; label: string };
}

/**
 * The trends the summary charts, with the thresholds clinicians read them against:
 * HbA1c 7 % (ADA Standards of Care, glycaemic target for most adults), BP 140/90 mmHg (NICE NG136
 * clinic threshold for hypertension), eGFR 60 (KDIGO 2012: CKD stage 3 below 60), PHQ-9 10
 * (Kroenke et al. 2001: moderate depression from 10).
 */
export const TRENDS: readonly TrendSpec[] = [
  {
    key: 'hba1c',
    title: 'HbA1c',
    unit: '%',
    code: LOINC_CODES.HBA1C,
    series: [{ name: 'value', label: 'HbA1c' }],
    reference: { y: 7, label: 'Target 7 %' },
  },
  {
    key: 'bp',
    title: 'Blood pressure',
    unit: 'mmHg',
    code: LOINC_CODES.BP_PANEL,
    series: [
      { name: 'systolic', label: 'Systolic', component: LOINC_CODES.SYSTOLIC },
      { name: 'diastolic', label: 'Diastolic', component: LOINC_CODES.DIASTOLIC, dashed: true },
    ],
    reference: { y: 140, label: 'Systolic 140' },
  },
  {
    key: 'egfr',
    title: 'eGFR',
    unit: 'mL/min/1.73m²',
    code: LOINC_CODES.EGFR,
    series: [{ name: 'value', label: 'eGFR' }],
    reference: { y: 60, label: 'CKD stage 3 below 60' },
  },
  {
    key: 'phq9',
    title: 'PHQ-9',
    unit: 'score',
    code: LOINC_CODES.PHQ9_TOTAL,
    series: [{ name: 'value', label: 'PHQ-9 total' }],
    reference: { y: 10, label: 'Moderate from 10' },
  },
];

/** The numeric value of an observation or of one of its components. */
export function numericValue(obs: Observation, component?: string): number | undefined {
  if (component) {
    const c = obs.component?.find((k) => hasCode(k.code, component, LOINC));
    return c?.valueQuantity?.value ?? c?.valueInteger;
  }
  return obs.valueQuantity?.value ?? obs.valueInteger;
}

/** When an observation was made (effective, else issued). */
export function observedAt(obs: Observation): string | undefined {
  return obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.effectiveInstant ?? obs.issued;
}

/** The points of one trend, oldest first. */
export function trendPoints(observations: readonly Observation[], spec: TrendSpec): TrendPoint[] {
  const points: TrendPoint[] = [];
  for (const obs of observations) {
    const when = observedAt(obs);
    if (!when || !hasCode(obs.code, spec.code, LOINC) || obs.status === 'entered-in-error') {
      continue;
    }
    const point: TrendPoint = { t: Date.parse(when), date: when.slice(0, 10), id: obs.id ?? '' };
    let any = false;
    for (const s of spec.series) {
      const v = numericValue(obs, s.component);
      if (v !== undefined) {
        point[s.name] = v;
        any = true;
      }
    }
    if (any) {
      points.push(point);
    }
  }
  return points.sort((a, b) => a.t - b.t);
}

/** The latest observation of each code (ignoring survey instruments, which Assessments shows). */
export function latestByCode(observations: readonly Observation[]): Observation[] {
  const latest = new Map<string, Observation>();
  for (const obs of observations) {
    if (hasCode(obs.category, 'survey')) {
      continue;
    }
    const code = obs.code.coding?.[0]?.code ?? obs.code.text ?? '';
    const prev = latest.get(code);
    if (!prev || (observedAt(obs) ?? '') > (observedAt(prev) ?? '')) {
      latest.set(code, obs);
    }
  }
  return [...latest.values()];
}
