import type { Condition } from '@medplum/fhirtypes';
import { CONDITION_CATEGORY, ICD10CM } from '../../../lib/codes';
import { codingIn, hasCode } from '../../../lib/format';

/** The integrated-care domains a problem belongs to. */
export type Domain = 'physical' | 'mental' | 'social';

/** Labels shown in text beside every domain colour (colour is never the only signal). */
export const DOMAIN_LABELS: Readonly<Record<Domain, string>> = {
  physical: 'Physical',
  mental: 'Mental',
  social: 'Social',
};
/** Badge colours (light variant; main.tsx draws light-variant text in shade 9 for WCAG AA contrast). */
export const DOMAIN_COLORS: Readonly<Record<Domain, string>> = {
  physical: 'blue',
  mental: 'grape',
  social: 'orange',
};

/**
 * Classifies a Condition by domain: social when categorised `sdoh`/`health-concern` or coded in
 * ICD-10-CM Z55–Z65 ("persons with potential health hazards related to socioeconomic and
 * psychosocial circumstances") or Z91.41 (personal history of abuse); mental when coded in ICD-10-CM
 * chapter 5, F01–F99 ("Mental, behavioral and neurodevelopmental disorders", which includes
 * substance use); physical otherwise. Dementia (F01–F03) counts as mental here, as in the chapter.
 */
export function domainOf(condition: Condition): Domain {
  if (hasCode(condition.category, CONDITION_CATEGORY.SDOH) || isSocialCode(condition)) {
    return 'social';
  }
  const icd = codingIn(condition.code, ICD10CM)?.code ?? '';
  if (/^F\d/.test(icd)) {
    return 'mental';
  }
  if (hasCode(condition.category, CONDITION_CATEGORY.HEALTH_CONCERN) && !icd) {
    return 'social';
  }
  return 'physical';
}

function isSocialCode(condition: Condition): boolean {
  const icd = codingIn(condition.code, ICD10CM)?.code ?? '';
  return /^Z(5[5-9]|6[0-5])/.test(icd) || /^Z91\.41/.test(icd);
}

/** True for conditions still active (clinicalStatus active, recurrence or relapse; or unstated). */
export function isActive(condition: Condition): boolean {
  const status = condition.clinicalStatus?.coding?.[0]?.code;
  return (
    status === undefined || status === 'active' || status === 'recurrence' || status === 'relapse'
  );
}

/** Counts active problems per domain. */
export function countByDomain(conditions: readonly Condition[]): Record<Domain, number> {
  const counts: Record<Domain, number> = { physical: 0, mental: 0, social: 0 };
  for (const c of conditions) {
    if (isActive(c)) {
      counts[domainOf(c)]++;
    }
  }
  return counts;
}
