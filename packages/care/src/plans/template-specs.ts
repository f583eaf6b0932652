import type { Coding } from '@medplum/fhirtypes';
import type { TeamRole } from '../roster/codes.js';
import type { CareDomain, GoalPriority } from './codes.js';

const SCT = 'http://snomed.info/sct';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOINC = 'http://loinc.org';
const sct = (code: string, display: string): Coding => ({ system: SCT, code, display });
const icd = (code: string, display: string): Coding => ({ system: ICD, code, display });

/** A goal of a template; `addresses` are condition codes matched against the patient's problems. */
export interface TemplateGoalSpec {
  key: string;
  domain: CareDomain;
  text: string;
  priority: GoalPriority;
  addresses?: Coding[];
  target?: {
    measure?: Coding;
    detail:
      { value: number; unit: string; code: string; comparator?: '<' | '<=' | '>=' | '>' } | string;
    dueDays: number;
  };
}

/** An action of a template: who (a team role, or the patient) does what, by when, towards which goals. */
export interface TemplateActionSpec {
  title: string;
  description: string;
  domain: CareDomain;
  role: TeamRole;
  dueDays: number;
  goals: string[];
  priority?: 'routine' | 'urgent' | 'asap';
}

/** A care-plan template before it becomes a PlanDefinition. */
export interface TemplateSpec {
  id: string;
  name: string;
  title: string;
  description: string;
  citation: string;
  goals: TemplateGoalSpec[];
  actions: TemplateActionSpec[];
}

const DIABETES = [
  sct('44054006', 'Diabetes mellitus type 2'),
  icd('E11.9', 'Type 2 diabetes mellitus without complications'),
  sct('127013003', 'Disorder of kidney due to diabetes mellitus'),
  icd('E11.22', 'Type 2 diabetes mellitus with diabetic chronic kidney disease'),
];
const DEPRESSION = [
  sct('370143000', 'Major depressive disorder'),
  sct('35489007', 'Depressive disorder'),
  icd('F32.9', 'Major depressive disorder, single episode, unspecified'),
];
const HEART_FAILURE = [
  sct('84114007', 'Heart failure'),
  icd('I50.9', 'Heart failure, unspecified'),
];
const COPD = [
  sct('13645005', 'Chronic obstructive lung disease'),
  icd('J44.9', 'Chronic obstructive pulmonary disease, unspecified'),
];
const FOOD = [sct('733423003', 'Food insecurity'), icd('Z59.41', 'Food insecurity')];
const HOUSING = [
  sct('32911000', 'Homeless'),
  icd('Z59.00', 'Homelessness, unspecified'),
  sct('1156191002', 'Housing instability'),
  icd('Z59.811', 'Housing instability, housed, with risk of homelessness'),
];
const FRAILTY = [
  sct('248279007', 'Frailty'),
  sct('52448006', 'Dementia'),
  icd('F03.90', 'Unspecified dementia without behavioral disturbance'),
];

/**
 * The care-plan templates that ship with Careweave, each citing the published programme or
 * guideline its goals and actions follow. They become PlanDefinitions (templates.ts), loaded at
 * start-up, and `PlanDefinition/$apply` turns one into a patient's CarePlan, Goals and Tasks.
 */
export const TEMPLATE_SPECS: readonly TemplateSpec[] = [
  {
    id: 'diabetes-depression',
    name: 'DiabetesDepression',
    title: 'Diabetes + depression',
    description:
      'Collaborative care for type 2 diabetes with depression: a care coordinator follows PHQ-9 and HbA1c, treatment is stepped up until both reach target.',
    citation:
      'Katon WJ et al. Collaborative care for patients with depression and chronic illnesses (TEAMcare). N Engl J Med 2010;363:2611-20. Depression remission: NQF 0710 (PHQ-9 < 5 at 6 months). HbA1c < 8% for adults with multimorbidity: ADA Standards of Care 2024, §6.',
    goals: [
      {
        key: 'hba1c',
        domain: 'physical',
        text: 'HbA1c below 8%',
        priority: 'high-priority',
        addresses: DIABETES,
        target: {
          measure: {
            system: LOINC,
            code: '4548-4',
            display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
          },
          detail: { value: 8, unit: '%', code: '%', comparator: '<' },
          dueDays: 180,
        },
      },
      {
        key: 'phq9',
        domain: 'mental',
        text: 'Depression in remission (PHQ-9 below 5)',
        priority: 'high-priority',
        addresses: DEPRESSION,
        target: {
          measure: {
            system: LOINC,
            code: '44261-6',
            display: 'Patient Health Questionnaire 9 item (PHQ-9) total score',
          },
          detail: { value: 5, unit: '{score}', code: '{score}', comparator: '<' },
          dueDays: 180,
        },
      },
      {
        key: 'self-monitoring',
        domain: 'self-care',
        text: 'Checks blood glucose and takes medicines as agreed',
        priority: 'medium-priority',
        target: { detail: 'Daily', dueDays: 90 },
      },
    ],
    actions: [
      {
        title: 'Review diabetes and antidepressant medication',
        description:
          'GP reviews glucose-lowering and antidepressant treatment; step up if not at target.',
        domain: 'physical',
        role: 'gp',
        dueDays: 14,
        goals: ['hba1c', 'phq9'],
      },
      {
        title: 'Behavioural activation sessions',
        description: 'Six sessions of behavioural activation / problem-solving therapy.',
        domain: 'mental',
        role: 'psychologist',
        dueDays: 28,
        goals: ['phq9'],
      },
      {
        title: 'Repeat PHQ-9',
        description:
          'Repeat the PHQ-9 every 4 weeks and record the score; escalate if < 50% improvement at 12 weeks.',
        domain: 'mental',
        role: 'care-coordinator',
        dueDays: 28,
        goals: ['phq9'],
      },
      {
        title: 'Diabetes self-management education',
        description: 'Teach glucose self-monitoring, hypoglycaemia and foot care.',
        domain: 'self-care',
        role: 'nurse',
        dueDays: 30,
        goals: ['self-monitoring', 'hba1c'],
      },
      {
        title: 'Medication reconciliation',
        description: 'Reconcile all medicines and check adherence.',
        domain: 'physical',
        role: 'pharmacist',
        dueDays: 21,
        goals: ['self-monitoring'],
      },
    ],
  },
  {
    id: 'heart-failure-discharge',
    name: 'HeartFailureAfterDischarge',
    title: 'Heart failure after discharge',
    description:
      'Transitional care after a heart-failure admission: contact within 2 business days, medication reconciliation and follow-up within 7 days, daily weights.',
    citation:
      '2022 AHA/ACC/HFSA Guideline for the Management of Heart Failure (Heidenreich PA et al., Circulation 2022;145:e895), §7.7 transitions of care: early follow-up within 7 days of discharge. CMS Transitional Care Management (CPT 99495/99496): interactive contact within 2 business days.',
    goals: [
      {
        key: 'no-readmission',
        domain: 'physical',
        text: 'No readmission in the 30 days after discharge',
        priority: 'high-priority',
        addresses: HEART_FAILURE,
        target: { detail: 'No readmission', dueDays: 30 },
      },
      {
        key: 'weights',
        domain: 'self-care',
        text: 'Weighs every morning and knows when to call (gain > 2 kg in 3 days)',
        priority: 'high-priority',
        addresses: HEART_FAILURE,
        target: {
          measure: { system: LOINC, code: '29463-7', display: 'Body weight' },
          detail: 'Daily',
          dueDays: 14,
        },
      },
      {
        key: 'meds',
        domain: 'physical',
        text: 'Medicines reconciled and understood after discharge',
        priority: 'medium-priority',
        target: { detail: 'Reconciled', dueDays: 7 },
      },
    ],
    actions: [
      {
        title: 'Call within 2 business days of discharge',
        description: 'Check symptoms, medicines, follow-up appointment and support at home.',
        domain: 'physical',
        role: 'care-coordinator',
        dueDays: 2,
        goals: ['no-readmission'],
        priority: 'urgent',
      },
      {
        title: 'Medication reconciliation after discharge',
        description:
          'Compare discharge medicines with previous ones; resolve discrepancies with the GP.',
        domain: 'physical',
        role: 'pharmacist',
        dueDays: 7,
        goals: ['meds'],
        priority: 'urgent',
      },
      {
        title: 'GP follow-up within 7 days',
        description:
          'Review volume status, renal function and electrolytes; titrate guideline-directed therapy.',
        domain: 'physical',
        role: 'gp',
        dueDays: 7,
        goals: ['no-readmission'],
        priority: 'urgent',
      },
      {
        title: 'Teach daily weights and warning signs',
        description: 'Agree a written action plan for weight gain, breathlessness and swelling.',
        domain: 'self-care',
        role: 'nurse',
        dueDays: 7,
        goals: ['weights'],
      },
      {
        title: 'Record morning weight',
        description: 'Weigh every morning after voiding, before breakfast, and note it down.',
        domain: 'self-care',
        role: 'patient',
        dueDays: 14,
        goals: ['weights'],
      },
    ],
  },
  {
    id: 'frailty-at-home',
    name: 'FrailtyAtHome',
    title: 'Frailty at home',
    description:
      'Comprehensive geriatric assessment in the community: falls, medicines, home safety, carer support and advance care planning, so the person can stay at home.',
    citation:
      'British Geriatrics Society. Fit for Frailty: consensus best practice guidance for the care of older people living with frailty in community and outpatient settings (2014). NICE CG161 Falls in older people (2013): multifactorial falls risk assessment.',
    goals: [
      {
        key: 'home',
        domain: 'social',
        text: 'Stays living safely at home',
        priority: 'high-priority',
        addresses: FRAILTY,
        target: { detail: 'Living at home', dueDays: 180 },
      },
      {
        key: 'falls',
        domain: 'physical',
        text: 'No falls',
        priority: 'high-priority',
        addresses: FRAILTY,
        target: { detail: 'No falls', dueDays: 90 },
      },
      {
        key: 'carer',
        domain: 'social',
        text: 'Family carer feels supported',
        priority: 'medium-priority',
        target: { detail: 'Carer support in place', dueDays: 60 },
      },
    ],
    actions: [
      {
        title: 'Multifactorial falls risk assessment',
        description:
          'Gait, balance, vision, continence, postural blood pressure; strength and balance programme.',
        domain: 'physical',
        role: 'nurse',
        dueDays: 21,
        goals: ['falls'],
      },
      {
        title: 'Structured medication review',
        description: 'Review for polypharmacy and falls-risk medicines (STOPP/START).',
        domain: 'physical',
        role: 'pharmacist',
        dueDays: 28,
        goals: ['falls', 'home'],
      },
      {
        title: 'Home safety visit',
        description:
          'Check the home for hazards; arrange grab rails and a pendant alarm if needed.',
        domain: 'social',
        role: 'community-health-worker',
        dueDays: 21,
        goals: ['home', 'falls'],
      },
      {
        title: 'Carer assessment and support',
        description: "Offer a carer's assessment and connect the carer with carers' support.",
        domain: 'social',
        role: 'social-worker',
        dueDays: 30,
        goals: ['carer'],
      },
      {
        title: 'Advance care planning conversation',
        description:
          'Discuss what matters most, preferences for future care and a lasting power of attorney.',
        domain: 'mental',
        role: 'gp',
        dueDays: 60,
        goals: ['home'],
      },
    ],
  },
  {
    id: 'copd-self-management',
    name: 'CopdSelfManagement',
    title: 'COPD self-management',
    description:
      'COPD self-management: a written action plan for exacerbations, correct inhaler technique, pulmonary rehabilitation, vaccinations and smoking cessation.',
    citation:
      'Global Initiative for Chronic Obstructive Lung Disease (GOLD). Global Strategy for Prevention, Diagnosis and Management of COPD: 2024 Report, ch. 3 (self-management education, inhaler technique, pulmonary rehabilitation, vaccination, smoking cessation).',
    goals: [
      {
        key: 'action-plan',
        domain: 'self-care',
        text: 'Knows and uses a written action plan for flare-ups',
        priority: 'high-priority',
        addresses: COPD,
        target: { detail: 'Action plan in place', dueDays: 30 },
      },
      {
        key: 'exacerbations',
        domain: 'physical',
        text: 'Fewer flare-ups needing hospital care',
        priority: 'high-priority',
        addresses: COPD,
        target: { detail: 'No admission for COPD', dueDays: 180 },
      },
      {
        key: 'activity',
        domain: 'self-care',
        text: 'Walks further with less breathlessness',
        priority: 'medium-priority',
        target: { detail: 'Completes pulmonary rehabilitation', dueDays: 120 },
      },
    ],
    actions: [
      {
        title: 'Agree a written COPD action plan',
        description: 'Include rescue pack instructions and when to call.',
        domain: 'self-care',
        role: 'nurse',
        dueDays: 14,
        goals: ['action-plan'],
      },
      {
        title: 'Check inhaler technique',
        description: 'Observe technique for every inhaler; simplify devices where possible.',
        domain: 'physical',
        role: 'pharmacist',
        dueDays: 21,
        goals: ['exacerbations'],
      },
      {
        title: 'Refer to pulmonary rehabilitation',
        description: 'Refer to a 6–8 week pulmonary rehabilitation programme.',
        domain: 'physical',
        role: 'gp',
        dueDays: 14,
        goals: ['activity', 'exacerbations'],
      },
      {
        title: 'Influenza, pneumococcal and COVID-19 vaccination check',
        description: 'Check and offer vaccinations due.',
        domain: 'physical',
        role: 'nurse',
        dueDays: 30,
        goals: ['exacerbations'],
      },
      {
        title: 'Offer smoking cessation support',
        description:
          'Very brief advice, pharmacotherapy and referral to a stop-smoking service if smoking.',
        domain: 'self-care',
        role: 'care-coordinator',
        dueDays: 14,
        goals: ['exacerbations'],
      },
    ],
  },
  {
    id: 'social-needs-food-housing',
    name: 'SocialNeedsFoodHousing',
    title: 'Social needs: food and housing',
    description:
      'Closed-loop referrals for food insecurity and housing instability found by the AHC social-needs screen, with benefits advice and a rescreen.',
    citation:
      'CMS Accountable Health Communities Model: AHC Health-Related Social Needs Screening Tool (2017). HL7 FHIR SDOH Clinical Care IG (Gravity Project) STU 2: goals, referrals as ServiceRequest + Task, loop closure.',
    goals: [
      {
        key: 'food',
        domain: 'social',
        text: 'Has enough food every day',
        priority: 'high-priority',
        addresses: FOOD,
        target: {
          measure: {
            system: LOINC,
            code: '88122-7',
            display:
              'Within the past 12 months we worried whether our food would run out before we got money to buy more',
          },
          detail: 'Never true',
          dueDays: 90,
        },
      },
      {
        key: 'housing',
        domain: 'social',
        text: 'Has a safe, stable place to live',
        priority: 'high-priority',
        addresses: HOUSING,
        target: { detail: 'Stable housing', dueDays: 180 },
      },
      {
        key: 'income',
        domain: 'social',
        text: 'Receives the benefits they are entitled to',
        priority: 'medium-priority',
        target: { detail: 'Benefits claimed', dueDays: 60 },
      },
    ],
    actions: [
      {
        title: 'Refer to the food bank',
        description: 'Make a referral to the community food bank and confirm the first collection.',
        domain: 'social',
        role: 'social-worker',
        dueDays: 7,
        goals: ['food'],
        priority: 'urgent',
      },
      {
        title: 'Refer to the housing agency',
        description: 'Refer for housing advice and homelessness prevention.',
        domain: 'social',
        role: 'social-worker',
        dueDays: 14,
        goals: ['housing'],
        priority: 'urgent',
      },
      {
        title: 'Benefits check',
        description:
          'Check entitlement to food assistance and housing benefits; help with applications.',
        domain: 'social',
        role: 'community-health-worker',
        dueDays: 21,
        goals: ['income', 'food'],
      },
      {
        title: 'Rescreen social needs',
        description: 'Repeat the AHC social-needs screen and update the plan.',
        domain: 'social',
        role: 'care-coordinator',
        dueDays: 90,
        goals: ['food', 'housing'],
      },
    ],
  },
];
