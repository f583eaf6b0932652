/**
 * One person's stratification result: factors at the run date, the model's probability and
 * explanations, the tier (with a clinician's override if one stands), the RiskAssessments to
 * store and the row of the queue index.
 */
import type { RiskAssessment } from '@medplum/fhirtypes';
import type { AssessmentRow, RiskPatientRow } from '@careweave/store';
import { modelAssessment, modelAssessmentId } from './assessment.js';
import { SENSITIVE_GROUPS, SENSITIVE_NEEDS } from './conditions.js';
import { dischargeAssessments } from './discharge.js';
import { riskFactors } from './features.js';
import { predictAdmission, type AdmissionModel } from './model.js';
import { DAY, type PersonRecord } from './person.js';
import { assignTier, isTier, type Tier, type TierRules } from './tiers.js';

/** A person's result. */
export interface PersonResult {
  resources: RiskAssessment[];
  row: RiskPatientRow;
  overrideTier: Tier | undefined;
}

/** The standing override of a person: the latest override assessment that is not withdrawn. */
export function standingOverride(rows: readonly AssessmentRow[]): Tier | undefined {
  const live = rows.filter((r) => r.status !== 'cancelled' && r.status !== 'entered-in-error');
  live.sort(
    (a, b) =>
      (a.occurrence ?? '').localeCompare(b.occurrence ?? '') ||
      a.lastUpdated.getTime() - b.lastUpdated.getTime(),
  );
  const latest = live[live.length - 1];
  return latest && isTier(latest.risk) ? latest.risk : undefined;
}

/**
 * When the result goes stale with no new data: the first time a counted admission, ED visit or
 * discharge leaves its window — and at most 90 days on (age and lab windows move too).
 */
function dueAt(person: PersonRecord, asOf: number): number {
  let due = asOf + 90 * DAY;
  const consider = (t: number): void => {
    if (t > asOf && t < due) due = t;
  };
  for (const s of person.stays) {
    consider(s.start + 365 * DAY);
    consider(s.start + 182 * DAY);
    consider(s.end + 31 * DAY);
  }
  for (const v of person.edVisits) {
    consider(v.time + 365 * DAY);
    consider(v.time + 182 * DAY);
  }
  return due;
}

/** How to score: the run date, model, tier rules, and how far back discharges are scored. */
export interface ScoreSettings {
  asOf: number;
  model: AdmissionModel;
  rules: TierRules;
  /** Discharges before this time get no LACE/HOSPITAL assessment. */
  dischargesSince: number;
}

/** Scores one person. */
export function scorePerson(
  person: PersonRecord,
  settings: ScoreSettings,
  previousProbability: number | undefined,
  overrides: readonly AssessmentRow[],
): PersonResult {
  const { asOf, model, rules } = settings;
  const factors = riskFactors(person, asOf);
  const prediction = predictAdmission(model, factors);
  const tier = assignTier(
    {
      probability: prediction.probability,
      previousProbability,
      admissions12m: factors.admissions12m.length,
      chronicCount: factors.chronicCount,
      socialNeeds: factors.socialNeeds.size,
    },
    rules,
  );
  const assessment = modelAssessment({
    patientId: person.id,
    asOf,
    model,
    prediction,
    tier,
    factors,
  });
  const overrideTier = standingOverride(overrides);
  return {
    resources: [assessment, ...dischargeAssessments(person, asOf, settings.dischargesSince)],
    overrideTier,
    row: {
      patientId: person.id,
      assessmentId: modelAssessmentId(person.id),
      probability: Math.round(prediction.probability * 10_000) / 10_000,
      tier,
      overrideTier: overrideTier ?? null,
      computedAt: new Date(asOf),
      dueAt: new Date(dueAt(person, asOf)),
      birthDate:
        person.birth !== undefined ? new Date(person.birth).toISOString().slice(0, 10) : null,
      organization: person.organization,
      // The queue's index never names sensitive conditions or needs (see SENSITIVE_GROUPS).
      conditions: [...factors.groups].filter((g) => !SENSITIVE_GROUPS.has(g)).sort(),
      socialNeeds: [...factors.socialNeeds.keys()].filter((n) => !SENSITIVE_NEEDS.has(n)).sort(),
      enrolled:
        factors.enrolled || person.enrolments.some((e) => e.end > asOf && e.start <= asOf + DAY),
      factors: prediction.factors.map(({ key, text, weight }) => ({
        key,
        text,
        weight: Math.round(weight * 1000) / 1000,
      })),
      scores: {
        charlson1987: factors.charlson1987,
        quan2011: factors.charlsonQuan2011,
        laceStyle: factors.laceStyle,
        admissions12m: factors.admissions12m.length,
        edVisits12m: factors.edVisits12m.length,
      },
    },
  };
}
