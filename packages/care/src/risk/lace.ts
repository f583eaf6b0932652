/**
 * LACE index for death or unplanned readmission within 30 days of discharge.
 *
 * Source: van Walraven C, Dhalla IA, Bell C, et al. "Derivation and validation of an index to
 * predict early death or unplanned readmission after discharge from hospital to the community".
 * CMAJ 2010;182(6):551–7, Table 3 (points) — scores range 0–19 (0 → 2.0%, 19 → 43.7% expected risk).
 *
 * - L, length of stay in days: <1 → 0, 1 → 1, 2 → 2, 3 → 3, 4–6 → 4, 7–13 → 5, ≥14 → 7
 * - A, acute (emergent) admission → 3
 * - C, Charlson comorbidity index score: 0–3 → the same number of points, ≥4 → 5
 * - E, emergency department visits in the 6 months before admission: 0–3 → that number, ≥4 → 4
 *
 * Bands: van Walraven publishes no bands. "High risk" at LACE ≥ 10 is the threshold of Gruneir A,
 * Dhalla IA, van Walraven C, et al., Open Med 2011;5(2):e104–11; the split of the rest into low
 * (0–4) and moderate (5–9) is the usual convention of LACE implementations. They are configurable.
 */

/** Inputs of LACE at one discharge. */
export interface LaceInput {
  /** Length of stay in days (whole or fractional; < 1 means same-day). */
  losDays: number;
  /** Emergent (acute) admission, as opposed to elective. */
  acute: boolean;
  /** Charlson comorbidity index score (van Walraven used the Charlson 1987 weights). */
  charlson: number;
  /** Emergency department visits in the 6 months before admission. */
  edVisits6m: number;
}

/** LACE points per component and in total. */
export interface LaceResult {
  score: number;
  band: LaceBand;
  points: { l: number; a: number; c: number; e: number };
}

/** LACE risk band. */
export type LaceBand = 'low' | 'moderate' | 'high';

/** Lower bounds of the moderate and high bands (defaults: 5 and 10). */
export interface LaceBands {
  moderate: number;
  high: number;
}

/** Default bands: low 0–4, moderate 5–9, high ≥ 10 (see the module comment). */
export const DEFAULT_LACE_BANDS: LaceBands = { moderate: 5, high: 10 };

/** L points (van Walraven 2010, Table 3). */
export function lacePointsL(losDays: number): number {
  const days = Math.floor(losDays);
  if (days < 1) return 0;
  if (days <= 3) return days;
  if (days <= 6) return 4;
  if (days <= 13) return 5;
  return 7;
}

/** C points: Charlson 0–3 score the same, ≥ 4 scores 5. */
export function lacePointsC(charlson: number): number {
  return charlson >= 4 ? 5 : Math.max(0, Math.floor(charlson));
}

/** E points: ED visits in the previous 6 months, capped at 4. */
export function lacePointsE(edVisits6m: number): number {
  return Math.min(4, Math.max(0, Math.floor(edVisits6m)));
}

/** The band of a LACE score. */
export function laceBand(score: number, bands: LaceBands = DEFAULT_LACE_BANDS): LaceBand {
  return score >= bands.high ? 'high' : score >= bands.moderate ? 'moderate' : 'low';
}

/** Computes the LACE index. Throws a RangeError for negative or non-finite inputs. */
export function laceIndex(input: LaceInput, bands: LaceBands = DEFAULT_LACE_BANDS): LaceResult {
  for (const [name, value] of [
    ['losDays', input.losDays],
    ['charlson', input.charlson],
    ['edVisits6m', input.edVisits6m],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`${name} must be a number ≥ 0 (got ${value})`);
    }
  }
  const points = {
    l: lacePointsL(input.losDays),
    a: input.acute ? 3 : 0,
    c: lacePointsC(input.charlson),
    e: lacePointsE(input.edVisits6m),
  };
  const score = points.l + points.a + points.c + points.e;
  return { score, band: laceBand(score, bands), points };
}
