/** Risk stratification: high or rising risk and not enrolled in care coordination. */
import { TIER_LABEL, isTier, type Tier } from '@careweave/contract';
import type { RiskAssessment } from '@medplum/fhirtypes';
import { RISK_METHOD, RISK_METHOD_SYSTEM, RISK_TIER_SYSTEM } from '../../risk/codes.js';
import { calendarDate, hasCode, type PatientRecord } from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedTask } from '../suggest.js';

/** The tiers care coordination is for (the top of the population pyramid). */
export const ENROL_TIERS: readonly Tier[] = ['very-high', 'high', 'rising'];

/** The tier of the person's current model assessment (an override wins, as in the risk index). */
export function currentTier(record: PatientRecord): { tier: Tier; date: string } | undefined {
  const current = record.riskAssessments
    .filter(
      (r: RiskAssessment) =>
        ['final', 'amended', 'corrected'].includes(r.status) &&
        hasCode(r.method, RISK_METHOD_SYSTEM, [RISK_METHOD.ADMISSION_12M]),
    )
    .sort((a, b) => (b.occurrenceDateTime ?? '').localeCompare(a.occurrenceDateTime ?? ''))[0];
  const code = current?.prediction?.[0]?.qualitativeRisk?.coding?.find(
    (c) => c.system === RISK_TIER_SYSTEM,
  )?.code;
  return current && isTier(code)
    ? { tier: code, date: calendarDate(current.occurrenceDateTime) ?? '' }
    : undefined;
}

export const riskNotEnrolled: DecisionRule = {
  id: 'risk-not-enrolled',
  title: 'High or rising risk, not enrolled in care coordination',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['riskAssessments', 'episodes'],
  source: {
    label: 'NHS England 2015, risk stratification for case finding (Kaiser Permanente pyramid)',
    url: 'https://www.england.nhs.uk/wp-content/uploads/2015/01/2015-01-20-CFRS.pdf',
  },
  evaluate(record) {
    const risk = currentTier(record);
    if (!risk || !ENROL_TIERS.includes(risk.tier)) return undefined;
    if (record.episodes.some((e) => e.status === 'active' || e.status === 'onhold')) {
      return undefined;
    }
    const label = TIER_LABEL[risk.tier].toLowerCase();
    return {
      indicator: risk.tier === 'rising' ? 'info' : 'warning',
      summary: `${TIER_LABEL[risk.tier]} risk of admission and not enrolled in care coordination`,
      detail: `Risk stratification on ${risk.date} placed the person in the **${label}** risk tier, and they have no active care-coordination episode. People at the top of the pyramid are the ones integrated care programmes enrol.`,
      suggestions: [
        {
          label: 'Create a task to offer enrolment',
          actions: [
            {
              description: 'Task: offer enrolment in care coordination',
              resource: suggestedTask(
                record,
                riskNotEnrolled,
                { code: 'offer-enrolment', display: 'Offer enrolment in care coordination' },
                `Offer enrolment in care coordination (${label} risk)`,
              ),
            },
          ],
        },
      ],
    };
  },
};
