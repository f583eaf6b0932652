import type { RiskAssessment } from '@medplum/fhirtypes';

const RISK_METHOD_SYSTEM = 'https://careweave.org/fhir/CodeSystem/risk-method';
/** The risk methods the summary asks for (a search token list). */
export const RISK_TIER_METHODS = `${RISK_METHOD_SYSTEM}|admission-12m,${RISK_METHOD_SYSTEM}|clinician-override`;

/**
 * The tier to show from the risk query: the model's newest assessment, with a standing clinician
 * override (the newest `clinician-override` not withdrawn) taking precedence for the tier.
 */
export function effectiveRisk(assessments: readonly RiskAssessment[]): {
  model?: RiskAssessment;
  override?: RiskAssessment;
} {
  const method = (r: RiskAssessment): string | undefined =>
    r.method?.coding?.find((c) => c.system === RISK_METHOD_SYSTEM)?.code;
  const model = assessments.find((r) => method(r) === 'admission-12m');
  const latestOverride = assessments.find((r) => method(r) === 'clinician-override');
  const override =
    latestOverride &&
    latestOverride.status !== 'cancelled' &&
    latestOverride.status !== 'entered-in-error'
      ? latestOverride
      : undefined;
  return { ...(model ? { model } : {}), ...(override ? { override } : {}) };
}
