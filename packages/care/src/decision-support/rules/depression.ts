/** Depression rules: PHQ-9 follow-up (CMS2 logic) and item 9 (thoughts of self-harm). */
import type { Observation } from '@medplum/fhirtypes';
import { ASSESSMENT_WORK_SYSTEM, WORK } from '../../assessments/codes.js';
import { DECISION_WORK_SYSTEM, LOINC, LOINC_SYSTEM, PHQ_ANSWER_POINTS } from '../codes.js';
import {
  calendarDate,
  daysBetween,
  hasCode,
  numericValue,
  observationDate,
  observationsOf,
  today,
  type PatientRecord,
} from '../record.js';
import type { DecisionRule } from '../rule.js';
import { suggestedTask } from '../suggest.js';

/** A PHQ-9 counts for a year: CMS2's measurement period. */
const LOOKBACK_DAYS = 365;
/** CMS2: a follow-up plan is documented on the date of, or up to 14 days after, the positive screen. */
export const FOLLOW_UP_DAYS = 14;
/** PHQ-9 total at or above which the screen is positive (Kroenke 2001: moderate depression). */
export const PHQ9_POSITIVE = 10;

function recentLatest(record: PatientRecord, code: string): Observation | undefined {
  const latest = observationsOf(record, LOINC_SYSTEM, [code])[0];
  const date = latest && observationDate(latest);
  return date && daysBetween(date, today(record)) <= LOOKBACK_DAYS ? latest : undefined;
}

const CLOSED = ['cancelled', 'rejected', 'entered-in-error', 'revoked'];

/**
 * Dates of what counts as a follow-up plan: a referral (ServiceRequest), a goal, or a task of the
 * team — not the assessment's own suggestion or re-screen tasks, which are prompts, not plans.
 */
function followUpDates(record: PatientRecord): string[] {
  const dates: (string | undefined)[] = [
    ...record.serviceRequests
      .filter((s) => !CLOSED.includes(s.status))
      .map((s) => calendarDate(s.authoredOn)),
    ...record.goals
      .filter((g) => !CLOSED.includes(g.lifecycleStatus))
      .map((g) => calendarDate(g.startDate ?? g.statusDate)),
    ...record.tasks
      .filter(
        (t) =>
          !CLOSED.includes(t.status) &&
          !hasCode(t.code, ASSESSMENT_WORK_SYSTEM, [WORK.SUGGESTION, WORK.RESCREEN]),
      )
      .map((t) => calendarDate(t.authoredOn)),
  ];
  return dates.filter((d): d is string => d !== undefined);
}

export const phq9FollowUp: DecisionRule = {
  id: 'phq9-follow-up',
  title: 'Positive depression screen without a follow-up plan',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['observations', 'serviceRequests', 'goals', 'tasks'],
  source: {
    label: 'CMS2 Preventive Care and Screening: Screening for Depression and Follow-Up Plan',
    url: 'https://ecqi.healthit.gov/ecqm/ec/2024/cms0002v13',
  },
  evaluate(record) {
    const phq = recentLatest(record, LOINC.PHQ9_TOTAL);
    const score = phq && numericValue(phq);
    const date = phq && observationDate(phq);
    if (!phq || score === undefined || date === undefined || score < PHQ9_POSITIVE) {
      return undefined;
    }
    const planned = followUpDates(record).some((d) => {
      const n = daysBetween(date, d);
      return n >= 0 && n <= FOLLOW_UP_DAYS;
    });
    if (planned) return undefined;
    const overdue = daysBetween(date, today(record)) > FOLLOW_UP_DAYS;
    return {
      indicator: 'warning',
      summary: `PHQ-9 of ${score} on ${date} and no follow-up plan${overdue ? ' within 14 days' : ' yet'}`,
      detail: `The latest PHQ-9 total is **${score}** (${date}); a score of ${PHQ9_POSITIVE} or more is a positive screen. CMS2 expects a follow-up plan (referral, goal or planned intervention) on the day of the screen or within ${FOLLOW_UP_DAYS} days after it; none is recorded${overdue ? ', and the 14 days have passed' : ''}.`,
      suggestions: [
        {
          label: 'Create a depression follow-up task',
          actions: [
            {
              description: 'Task: agree a depression follow-up plan with the person',
              resource: suggestedTask(
                record,
                phq9FollowUp,
                { code: 'depression-follow-up', display: 'Depression follow-up plan' },
                `Agree a follow-up plan for a positive PHQ-9 (${score} on ${date})`,
                'urgent',
                phq.id ? { reference: `Observation/${phq.id}` } : undefined,
              ),
            },
          ],
        },
      ],
    };
  },
};

/** The points of a PHQ-9 item observation (integer, quantity or LOINC answer code). */
export function itemPoints(o: Observation): number | undefined {
  const n = numericValue(o);
  if (n !== undefined) return n;
  const answer = o.valueCodeableConcept?.coding?.find((c) => c.system === LOINC_SYSTEM)?.code;
  return answer === undefined ? undefined : PHQ_ANSWER_POINTS[answer];
}

/**
 * Whether a safety assessment is already under way: a live task of this rule's kind, or the
 * assessment rules' own safety follow-up, written on or after the answer's date.
 */
function safetyWorkSince(record: PatientRecord, date: string): boolean {
  return record.tasks.some((t) => {
    const authored = calendarDate(t.authoredOn);
    return (
      !CLOSED.includes(t.status) &&
      authored !== undefined &&
      authored >= date &&
      (hasCode(t.code, ASSESSMENT_WORK_SYSTEM, [WORK.SAFETY_FOLLOW_UP]) ||
        hasCode(t.code, DECISION_WORK_SYSTEM, [SAFETY_ASSESSMENT]))
    );
  });
}

const SAFETY_ASSESSMENT = 'safety-assessment';

export const phq9Item9: DecisionRule = {
  id: 'phq9-item9',
  title: 'Thoughts of self-harm on the PHQ-9 (item 9)',
  version: '1.0.0',
  hooks: ['patient-view'],
  inputs: ['observations', 'tasks'],
  source: {
    label:
      'PHQ-9 item 9 (Kroenke 2001); Simon et al. 2013, item 9 response predicts suicide attempt',
    url: 'https://doi.org/10.1176/appi.ps.201200587',
  },
  evaluate(record) {
    const item = recentLatest(record, LOINC.PHQ9_ITEM9);
    const points = item && itemPoints(item);
    if (item === undefined || points === undefined || points <= 0) return undefined;
    const date = observationDate(item) ?? '';
    if (safetyWorkSince(record, date)) return undefined;
    return {
      indicator: 'critical',
      summary: `Thoughts of self-harm reported on the PHQ-9 (item 9 = ${points}, ${date})`,
      detail: `PHQ-9 item 9 ("thoughts that you would be better off dead, or of hurting yourself") was answered **${points}** on ${date}. Any answer above 0 needs a same-day safety assessment by a clinician.`,
      suggestions: [
        {
          label: 'Create a same-day safety assessment task',
          actions: [
            {
              description: 'Task: same-day suicide risk assessment',
              resource: suggestedTask(
                record,
                phq9Item9,
                { code: SAFETY_ASSESSMENT, display: 'Same-day safety assessment' },
                `Same-day safety assessment: PHQ-9 item 9 = ${points} on ${date}`,
                'stat',
                item.id ? { reference: `Observation/${item.id}` } : undefined,
              ),
            },
          ],
        },
      ],
      links: [
        {
          label: '988 Suicide & Crisis Lifeline',
          url: 'https://988lifeline.org/',
          type: 'absolute',
        },
      ],
    };
  },
};
