/**
 * HOSPITAL score for potentially avoidable 30-day readmission.
 *
 * Source: Donzé J, Aujesky D, Williams D, Schnipper JL. "Potentially avoidable 30-day hospital
 * readmissions in medical patients: derivation and validation of a prediction model".
 * JAMA Intern Med 2013;173(8):632–8 (points and the three risk classes low 0–4, intermediate 5–6,
 * high ≥ 7); externally validated with the same classes in Donzé JD et al., JAMA Intern Med
 * 2016;176(4):496–502 (C-statistic 0.72).
 *
 * - H, haemoglobin at discharge < 12 g/dL → 1
 * - O, discharge from an oncology service → 2
 * - S, sodium at discharge < 135 mmol/L → 1
 * - P, any ICD-coded procedure during the stay → 1
 * - IT, index admission type urgent → 1
 * - A, admissions in the previous 12 months: 0–1 → 0, 2–5 → 2, > 5 → 5
 * - L, length of stay ≥ 5 days → 2
 */

/** Inputs of the HOSPITAL score at one discharge. */
export interface HospitalScoreInput {
  /** Haemoglobin at discharge, g/dL (undefined when not measured: no point). */
  hemoglobinGdl?: number | undefined;
  oncology: boolean;
  /** Sodium at discharge, mmol/L (undefined when not measured: no point). */
  sodiumMmolL?: number | undefined;
  procedure: boolean;
  urgent: boolean;
  /** Hospital admissions in the 12 months before this one. */
  admissions12m: number;
  losDays: number;
}

/** HOSPITAL risk class (Donzé 2013). */
export type HospitalBand = 'low' | 'intermediate' | 'high';

/** A HOSPITAL score and its points. */
export interface HospitalScoreResult {
  score: number;
  band: HospitalBand;
  points: { h: number; o: number; s: number; p: number; it: number; a: number; l: number };
}

/** A points: 0–1 → 0, 2–5 → 2, > 5 → 5. */
export function hospitalPointsA(admissions12m: number): number {
  return admissions12m > 5 ? 5 : admissions12m >= 2 ? 2 : 0;
}

/** Risk class: low 0–4, intermediate 5–6, high ≥ 7. */
export function hospitalBand(score: number): HospitalBand {
  return score >= 7 ? 'high' : score >= 5 ? 'intermediate' : 'low';
}

/** Computes the HOSPITAL score. Throws a RangeError for impossible inputs. */
export function hospitalScore(input: HospitalScoreInput): HospitalScoreResult {
  const checks: [string, number | undefined][] = [
    ['hemoglobinGdl', input.hemoglobinGdl],
    ['sodiumMmolL', input.sodiumMmolL],
    ['admissions12m', input.admissions12m],
    ['losDays', input.losDays],
  ];
  for (const [name, value] of checks) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new RangeError(`${name} must be a number ≥ 0 (got ${value})`);
    }
  }
  const points = {
    h: input.hemoglobinGdl !== undefined && input.hemoglobinGdl < 12 ? 1 : 0,
    o: input.oncology ? 2 : 0,
    s: input.sodiumMmolL !== undefined && input.sodiumMmolL < 135 ? 1 : 0,
    p: input.procedure ? 1 : 0,
    it: input.urgent ? 1 : 0,
    a: hospitalPointsA(Math.floor(input.admissions12m)),
    l: input.losDays >= 5 ? 2 : 0,
  };
  const score = points.h + points.o + points.s + points.p + points.it + points.a + points.l;
  return { score, band: hospitalBand(score), points };
}
