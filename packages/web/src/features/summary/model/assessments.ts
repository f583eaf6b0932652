import type { Observation } from '@medplum/fhirtypes';
import { LOINC, LOINC_CODES, OBSERVATION_CATEGORY } from '../../../lib/codes';
import { hasCode } from '../../../lib/format';
import { observedAt } from './results';

/**
 * Severity bands of the standard instruments, as published:
 * PHQ-9 (Kroenke, Spitzer, Williams, J Gen Intern Med 2001): 0–4 minimal, 5–9 mild, 10–14
 * moderate, 15–19 moderately severe, 20–27 severe. GAD-7 (Spitzer et al., Arch Intern Med 2006):
 * 0–4 minimal, 5–9 mild, 10–14 moderate, 15–21 severe. AHC-HRSN safety (HITS) total: > 10 positive
 * (CMS Accountable Health Communities screening tool guide, 2021).
 */
export function severityBand(code: string, score: number): string | undefined {
  switch (code) {
    case LOINC_CODES.PHQ9_TOTAL:
      return score >= 20
        ? 'Severe'
        : score >= 15
          ? 'Moderately severe'
          : score >= 10
            ? 'Moderate'
            : score >= 5
              ? 'Mild'
              : 'Minimal';
    case LOINC_CODES.GAD7_TOTAL:
      return score >= 15 ? 'Severe' : score >= 10 ? 'Moderate' : score >= 5 ? 'Mild' : 'Minimal';
    case LOINC_CODES.HRSN_SAFETY_TOTAL:
      return score > 10 ? 'Positive' : 'Negative';
    default:
      return undefined;
  }
}

/** The latest assessment of each kind (survey observations), newest first. */
export function latestAssessments(observations: readonly Observation[]): Observation[] {
  const latest = new Map<string, Observation>();
  for (const obs of observations) {
    if (!hasCode(obs.category, OBSERVATION_CATEGORY.SURVEY)) {
      continue;
    }
    const code = obs.code.coding?.find((c) => c.system === LOINC)?.code ?? obs.code.text ?? '';
    const prev = latest.get(code);
    if (!prev || (observedAt(obs) ?? '') > (observedAt(prev) ?? '')) {
      latest.set(code, obs);
    }
  }
  return [...latest.values()].sort((a, b) =>
    (observedAt(b) ?? '').localeCompare(observedAt(a) ?? ''),
  );
}
