import type { MeasureScoring, SqlMeasureId } from '@careweave/contract';

/** What a SQL measure is, for its `Measure` resource and the dashboards. */
export interface SqlMeasureDefinition {
  id: SqlMeasureId;
  title: string;
  /** The published definition it follows, with its version. */
  source: string;
  description: string;
  scoring: MeasureScoring;
  improvement: 'increase' | 'decrease';
  unit: string;
  /** The multiplier of a ratio's score (per 1,000 member-months). */
  per?: number;
  /** Where Careweave's computation departs from the published definition. */
  simplifications: string[];
}

const HEDIS = 'NCQA HEDIS Measurement Year 2025, Volume 2 Technical Specifications';

const TRANSITION_DATA =
  'Follow-up visits are Encounters of class AMB, VR or HH; the provider type (mental-health provider, PCP) and the HEDIS visit value sets (CPT/HCPCS/UBREV codes) are not checked.';
const DAYS =
  'Days are the calendar dates written in the resources (the first ten characters of Encounter.period, Task.executionPeriod.end, …), not converted to a time zone.';
const STEPS =
  "Completed transition steps are Tasks with the transition-task codes, focus the stay, done on executionPeriod.end (else lastModified); HEDIS reads them from the outpatient record's documentation.";

export const SQL_MEASURES: Readonly<Record<SqlMeasureId, SqlMeasureDefinition>> = {
  'fuh-7': {
    id: 'fuh-7',
    title: 'Follow-up after hospitalisation for mental illness: 7 days',
    source: `${HEDIS}: Follow-Up After Hospitalization for Mental Illness (FUH), 7-day rate`,
    description:
      'Acute inpatient discharges (period start to 30 days before its end) of people aged 6 or over with a principal diagnosis of mental illness or intentional self-harm, followed up within 7 days after discharge (not on the discharge date).',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Mental illness and self-harm are read as ICD-10-CM prefixes (F20–F48, F50–F53, F59, F60–F69, F84, F90–F99, X71–X83, T14.91; the list the transitions protocol uses) of the principal diagnosis (Encounter.diagnosis of lowest rank, else the first reasonReference), not the full value sets.',
      TRANSITION_DATA,
      'A readmission or transfer within 30 days excludes the stay instead of replacing it by the later discharge.',
      'Hospice and death are read from the discharge disposition (exp, hosp) only; continuous enrolment is not checked.',
      STEPS,
      DAYS,
    ],
  },
  'fuh-30': {
    id: 'fuh-30',
    title: 'Follow-up after hospitalisation for mental illness: 30 days',
    source: `${HEDIS}: Follow-Up After Hospitalization for Mental Illness (FUH), 30-day rate`,
    description:
      'As the 7-day rate, followed up within 30 days after discharge (not on the discharge date).',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Mental illness and self-harm are read as ICD-10-CM prefixes of the principal diagnosis, not the full value sets.',
      TRANSITION_DATA,
      'A readmission or transfer within 30 days excludes the stay instead of replacing it by the later discharge.',
      'Hospice and death are read from the discharge disposition (exp, hosp) only; continuous enrolment is not checked.',
      STEPS,
      DAYS,
    ],
  },
  'trc-admission-notification': {
    id: 'trc-admission-notification',
    title: 'Transitions of care: notification of inpatient admission',
    source: `${HEDIS}: Transitions of Care (TRC), Notification of Inpatient Admission`,
    description:
      'Inpatient discharges (period start to 30 days before its end) of people aged 18 or over where the admission notification was received on the day of admission through 2 days after (3 days).',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      STEPS,
      'HEDIS TRC is specified for Medicare members; all payers are counted.',
      DAYS,
    ],
  },
  'trc-discharge-information': {
    id: 'trc-discharge-information',
    title: 'Transitions of care: receipt of discharge information',
    source: `${HEDIS}: Transitions of Care (TRC), Receipt of Discharge Information`,
    description:
      'Inpatient discharges of people aged 18 or over where discharge information was received on the day of discharge through 2 days after (3 days).',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      STEPS,
      'The content of the discharge information (practitioner, procedures, diagnoses, medications, tests, instructions) is not checked.',
      DAYS,
    ],
  },
  'trc-patient-engagement': {
    id: 'trc-patient-engagement',
    title: 'Transitions of care: patient engagement after discharge',
    source: `${HEDIS}: Transitions of Care (TRC), Patient Engagement After Inpatient Discharge`,
    description:
      'Inpatient discharges of people aged 18 or over with patient engagement (a visit, telephone or telehealth contact) within 30 days after discharge, not on the discharge date.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      TRANSITION_DATA,
      'Completed post-discharge-contact, patient-engagement and follow-up steps count as engagement.',
      DAYS,
    ],
  },
  'trc-medication-reconciliation': {
    id: 'trc-medication-reconciliation',
    title: 'Transitions of care: medication reconciliation post-discharge',
    source: `${HEDIS}: Transitions of Care (TRC), Medication Reconciliation Post-Discharge`,
    description:
      'Inpatient discharges of people aged 18 or over whose medications were reconciled on the date of discharge through 30 days after (31 days).',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Reconciliation is a completed medication-reconciliation step or a completed Procedure coded SNOMED CT 430193006 or CPT II 1111F; the HEDIS value sets hold more codes.',
      DAYS,
    ],
  },
  'pcr-readmissions-30': {
    id: 'pcr-readmissions-30',
    title: '30-day all-cause readmissions (observed)',
    source: `${HEDIS}: Plan All-Cause Readmissions (PCR), observed readmission rate`,
    description:
      'Inpatient discharges (period start to 30 days before its end) of people aged 18 or over followed by another inpatient admission 1 to 30 days after discharge. Lower is better.',
    scoring: 'proportion',
    improvement: 'decrease',
    unit: '%',
    simplifications: [
      'Observed rate only: no risk adjustment (expected rate), no outlier exclusion.',
      'Planned readmissions and pregnancy/perinatal index stays are not excluded.',
      'A same-day admission after a discharge is a direct transfer: the earlier stay is excluded rather than the two merged.',
      DAYS,
    ],
  },
  'fmc-7': {
    id: 'fmc-7',
    title: 'Follow-up after ED visit for multiple high-risk chronic conditions: 7 days',
    source: `${HEDIS}: Follow-Up After Emergency Department Visit for People With Multiple High-Risk Chronic Conditions (FMC)`,
    description:
      'ED visits (period start to 7 days before its end) of people aged 18 or over with two or more chronic condition groups (COPD/asthma, dementia, CKD, depression, heart failure, acute MI, atrial fibrillation, stroke/TIA), followed up within 7 days, the visit date included (8 days). Visits followed by an admission within 7 days are excluded.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Chronic conditions are Conditions with ICD-10-CM prefixes per group (J41–J45, F01–F03/G30, N18, F32–F33, I50, I21–I22, I48, I63/G45), onset on or before the visit and not resolved before the previous year; HEDIS counts diagnoses on claims in the year and the year before.',
      'Every ED visit counts; HEDIS counts only the first of several within 8 days.',
      TRANSITION_DATA,
      DAYS,
    ],
  },
  'ed-visits-per-1000-member-months': {
    id: 'ed-visits-per-1000-member-months',
    title: 'ED visits per 1,000 member-months',
    source:
      'Programme measure; member-months as in the HEDIS General Guidelines (enrolled on the 15th of the month); utilisation as HEDIS Ambulatory Care (AMB) ED visits',
    description:
      'Emergency-department encounters (class EMER) of programme members per 1,000 member-months. Lower is better.',
    scoring: 'ratio',
    improvement: 'decrease',
    unit: 'per 1,000 member-months',
    per: 1000,
    simplifications: [
      'Members are people with an active, on-hold or finished EpisodeOfCare covering the 15th of the month; ED visits resulting in admission are counted too.',
    ],
  },
  'admissions-per-1000-member-months': {
    id: 'admissions-per-1000-member-months',
    title: 'Admissions per 1,000 member-months',
    source:
      'Programme measure; member-months as in the HEDIS General Guidelines; admissions as HEDIS Inpatient Utilization (IPU) discharges',
    description:
      'Inpatient admissions (class IMP, ACUTE, NONAC) of programme members per 1,000 member-months, counted in the month they started. Lower is better.',
    scoring: 'ratio',
    improvement: 'decrease',
    unit: 'per 1,000 member-months',
    per: 1000,
    simplifications: ['Admissions are counted by admission date rather than discharge date.'],
  },
  'discharge-to-first-contact-days': {
    id: 'discharge-to-first-contact-days',
    title: 'Days from discharge to first contact',
    source: 'Programme measure',
    description:
      'For inpatient discharges of programme members, the days from discharge to the first contact (visit or completed contact, engagement, follow-up or reconciliation step), day 0 through day 30. The score is the mean; the numerator counts discharges with a contact within 30 days. Lower is better.',
    scoring: 'continuous-variable',
    improvement: 'decrease',
    unit: 'days',
    simplifications: ['Discharges without a contact within 30 days have no observation.'],
  },
  'high-risk-active-plan': {
    id: 'high-risk-active-plan',
    title: 'High-risk people with an active care plan',
    source: 'Programme measure',
    description:
      'People whose effective risk tier is high or very high who have an active CarePlan.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Tier and plan status are the current ones (risk stratification keeps no history), whatever the period.',
    ],
  },
  'referral-loop-closure': {
    id: 'referral-loop-closure',
    title: 'Referral loop closure',
    source:
      'Programme measure, after CMS50 (Closing the Referral Loop: Receipt of Specialist Report)',
    description:
      'Referrals (ServiceRequest) authored in the period that were completed. Drafts and entries in error are excluded.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: [
      'Closure is the ServiceRequest status completed; CMS50 reads the receipt of the consultant report.',
    ],
  },
  'goal-attainment': {
    id: 'goal-attainment',
    title: 'Goal attainment',
    source: 'Programme measure',
    description:
      'Care-plan goals with a target due in the period (not proposed, rejected, cancelled or in error) whose achievement status is achieved or sustaining.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: ['Goals without a target due date are not counted.'],
  },
  'assessment-completion': {
    id: 'assessment-completion',
    title: 'Assessment completion',
    source: 'Programme measure',
    description:
      'Re-screening assessments due in the period (the re-screening Tasks the assessments write) that were completed; cancelled or rejected ones are excluded.',
    scoring: 'proportion',
    improvement: 'increase',
    unit: '%',
    simplifications: ['Only re-screenings are tasks with a due date; first assessments are not.'],
  },
};
