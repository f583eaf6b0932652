/**
 * RiskAssessment resources for the model's prediction (one current assessment per person, with
 * its tier, explanations and the published scores) and for LACE and HOSPITAL at each discharge.
 * Ids are derived from the subject, so a re-run updates the same resource (and an unchanged
 * discharge score is not rewritten).
 */
import type { Coding, RiskAssessment } from '@medplum/fhirtypes';
import { createHash } from 'node:crypto';
import {
  EMERGENCY_ADMISSION,
  RISK_METHOD,
  RISK_METHOD_SYSTEM,
  RISK_SCORE_URL,
  RISK_TIER_SYSTEM,
} from './codes.js';
import type { RiskFactors } from './features.js';
import type { HospitalScoreResult } from './hospital-score.js';
import type { LaceResult } from './lace.js';
import type { AdmissionModel, AdmissionPrediction } from './model.js';
import { TIER_LABEL, type Tier } from './tiers.js';

/** A UUID-shaped id derived from a name (stable across runs and databases). */
export function derivedId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The id of a person's current model assessment. */
export function modelAssessmentId(patientId: string): string {
  return derivedId(`risk/${RISK_METHOD.ADMISSION_12M}/${patientId}`);
}

/** Coding of a tier. */
export function tierCoding(tier: Tier): Coding {
  return { system: RISK_TIER_SYSTEM, code: tier, display: TIER_LABEL[tier] };
}

const method = (code: string, display: string): RiskAssessment['method'] => ({
  coding: [{ system: RISK_METHOD_SYSTEM, code, display }],
  text: display,
});
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;
const iso = (t: number): string => new Date(t).toISOString();

/** Everything a person's model assessment shows. */
export interface ModelAssessmentInput {
  patientId: string;
  asOf: number;
  model: AdmissionModel;
  prediction: AdmissionPrediction;
  tier: Tier;
  factors: RiskFactors;
}

/** The person's current RiskAssessment of a 12-month emergency admission. */
export function modelAssessment(input: ModelAssessmentInput): RiskAssessment {
  const { prediction, factors: f } = input;
  const basis = [...new Set(prediction.factors.flatMap((x) => x.basis))].slice(0, 12);
  const words = prediction.factors.map((x) => x.text);
  return {
    resourceType: 'RiskAssessment',
    id: modelAssessmentId(input.patientId),
    // Kept lean (every person has one; validation and indexing cost grows with every element):
    // the explanations are the rationale, their evidence the basis, the published scores the note.
    status: 'final',
    method: method(
      RISK_METHOD.ADMISSION_12M,
      `Careweave 12-month emergency admission model (${input.model.version})`,
    ),
    code: { coding: [EMERGENCY_ADMISSION], text: 'Risk of emergency hospital admission' },
    subject: { reference: `Patient/${input.patientId}` },
    occurrenceDateTime: iso(input.asOf),
    ...(basis.length > 0 ? { basis: basis.map((reference) => ({ reference })) } : {}),
    prediction: [
      {
        outcome: {
          coding: [EMERGENCY_ADMISSION],
          text: 'Emergency hospital admission within 12 months',
        },
        probabilityDecimal: round(prediction.probability),
        qualitativeRisk: { coding: [tierCoding(input.tier)] },
        whenPeriod: { start: iso(input.asOf), end: iso(input.asOf + 365 * 86_400_000) },
        ...(words.length > 0 ? { rationale: words.join('; ') } : {}),
      },
    ],
    note: [
      {
        text: `${prediction.withheld ? 'Factors from records with restricted access also contributed. ' : ''}Charlson comorbidity index ${f.charlson1987} (Charlson 1987 weights; ${f.charlsonQuan2011} with Quan 2011 weights). LACE-style score ${f.laceStyle}. ${f.admissions12m.length} admissions and ${f.edVisits12m.length} ED visits in 12 months; ${f.chronicCount} long-term conditions.`,
      },
    ],
  };
}

/**
 * A discharge score. It has no `prediction`: the published scores give bands, not probabilities,
 * and a prediction without a probability trips @medplum/core's evaluation of invariant ras-2
 * (an empty result is taken as a failure). The band is in the score extension and the note.
 */
function dischargeScore(
  code: string,
  display: string,
  outcome: string,
  patientId: string,
  encounterId: string,
  discharge: number,
  score: number,
  band: string,
  rationale: string,
  basis: string[],
): RiskAssessment {
  return {
    resourceType: 'RiskAssessment',
    id: derivedId(`risk/${code}/${encounterId}`),
    extension: [
      {
        url: RISK_SCORE_URL,
        extension: [
          { url: 'method', valueCode: code },
          { url: 'value', valueDecimal: score },
          { url: 'band', valueCode: band },
        ],
      },
    ],
    status: 'final',
    method: method(code, display),
    code: { text: outcome },
    subject: { reference: `Patient/${patientId}` },
    encounter: { reference: `Encounter/${encounterId}` },
    occurrenceDateTime: iso(discharge),
    basis: [`Encounter/${encounterId}`, ...basis].map((reference) => ({ reference })),
    note: [{ text: `${rationale} (${band} risk of ${outcome.toLowerCase()})` }],
  };
}

/** LACE at one discharge. */
export function laceAssessment(
  patientId: string,
  encounterId: string,
  discharge: number,
  lace: LaceResult,
  basis: string[],
): RiskAssessment {
  const p = lace.points;
  return dischargeScore(
    RISK_METHOD.LACE,
    'LACE index (van Walraven, CMAJ 2010)',
    'Death or unplanned readmission within 30 days of discharge',
    patientId,
    encounterId,
    discharge,
    lace.score,
    lace.band,
    `LACE ${lace.score}: L ${p.l}, A ${p.a}, C ${p.c}, E ${p.e}`,
    basis,
  );
}

/** HOSPITAL score at one discharge. */
export function hospitalAssessment(
  patientId: string,
  encounterId: string,
  discharge: number,
  score: HospitalScoreResult,
  basis: string[],
): RiskAssessment {
  const p = score.points;
  return dischargeScore(
    RISK_METHOD.HOSPITAL,
    'HOSPITAL score (Donzé, JAMA Intern Med 2013)',
    'Potentially avoidable readmission within 30 days of discharge',
    patientId,
    encounterId,
    discharge,
    score.score,
    score.band,
    `HOSPITAL ${score.score}: H ${p.h}, O ${p.o}, S ${p.s}, P ${p.p}, IT ${p.it}, A ${p.a}, L ${p.l}`,
    basis,
  );
}
