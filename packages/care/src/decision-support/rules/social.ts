/** Social needs: a positive screening with no referral (Gravity Project closed-loop referral). */
import type { Condition } from '@medplum/fhirtypes';
import { US_CORE_CATEGORY_SYSTEM } from '../../assessments/codes.js';
import { ICD10CM_SYSTEM } from '../codes.js';
import { calendarDate, daysBetween, hasCode, today, type PatientRecord } from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedReferral } from '../suggest.js';

/** A need counts for a year after it was recorded (AHC HRSN screening is yearly). */
const LOOKBACK_DAYS = 365;

/** ICD-10-CM Z55–Z65: persons with potential health hazards related to socioeconomic circumstances. */
function isSdohCode(c: Condition): boolean {
  return (c.code?.coding ?? []).some(
    (x) => x.system === ICD10CM_SYSTEM && /^Z(5[5-9]|6[0-5])/.test(x.code ?? ''),
  );
}

/** A current social need: an active Condition categorised SDOH or coded Z55–Z65. */
export function isSocialNeed(c: Condition): boolean {
  const active = hasCode(
    c.clinicalStatus,
    'http://terminology.hl7.org/CodeSystem/condition-clinical',
    ['active', 'recurrence', 'relapse'],
  );
  const sdoh =
    (c.category ?? []).some((cat) => hasCode(cat, US_CORE_CATEGORY_SYSTEM, ['sdoh'])) ||
    isSdohCode(c);
  return active && sdoh && c.verificationStatus?.coding?.[0]?.code !== 'entered-in-error';
}

function recorded(c: Condition): string | undefined {
  return calendarDate(c.recordedDate ?? c.onsetDateTime ?? c.meta?.lastUpdated);
}

/** Whether a live referral addresses the need: it names it as its reason, or shares a code with it. */
function referred(record: PatientRecord, need: Condition): boolean {
  const ref = need.id ? `Condition/${need.id}` : undefined;
  const codes = (need.code?.coding ?? []).map((c) => `${c.system}|${c.code}`);
  return record.serviceRequests.some(
    (s) =>
      !['revoked', 'entered-in-error'].includes(s.status) &&
      ((ref !== undefined && (s.reasonReference ?? []).some((r) => r.reference === ref)) ||
        (s.code?.coding ?? []).some((c) => codes.includes(`${c.system}|${c.code}`))),
  );
}

const SDOH_CATEGORY = {
  coding: [{ system: US_CORE_CATEGORY_SYSTEM, code: 'sdoh', display: 'SDOH' }],
};

export const socialNeedReferral: DecisionRule = {
  id: 'social-need-referral',
  title: 'Positive social-need screening with no referral',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['conditions', 'serviceRequests'],
  source: {
    label: 'Gravity Project SDOH Clinical Care; CMS AHC Health-Related Social Needs screening',
    url: 'https://hl7.org/fhir/us/sdoh-clinicalcare/',
  },
  evaluate(record) {
    const now = today(record);
    const open = record.conditions.filter((c) => {
      const d = recorded(c);
      return isSocialNeed(c) && d !== undefined && daysBetween(d, now) <= LOOKBACK_DAYS;
    });
    const unreferred = open.filter((c) => !referred(record, c));
    const first = unreferred[0];
    if (!first) return undefined;
    const names = unreferred.map((c) => c.code?.text ?? c.code?.coding?.[0]?.display ?? 'need');
    return {
      indicator: 'warning',
      summary: `Social need without a referral: ${names.join(', ')}`.slice(0, 140),
      detail: `A social-needs screening recorded **${names.join(', ')}**, and no referral to a community service addresses ${unreferred.length === 1 ? 'it' : 'them'}. The Gravity Project's closed-loop pattern pairs each need with a referral (ServiceRequest) whose outcome is reported back.`,
      suggestions: unreferred.map((need) => ({
        label: `Start a referral for ${need.code?.text ?? 'this need'}`,
        actions: [
          {
            description: `ServiceRequest: community referral for ${need.code?.text ?? 'the need'}`,
            resource: suggestedReferral(
              record,
              socialNeedReferral,
              need.code ?? { text: 'Social need' },
              need.id ? { reference: `Condition/${need.id}` } : undefined,
              SDOH_CATEGORY,
            ),
          },
        ],
      })),
    };
  },
};
