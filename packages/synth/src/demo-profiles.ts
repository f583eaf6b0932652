/**
 * The three demo patients and the demo staff. Their ids are fixed (not derived from the seed) so
 * that DEMO_USERS can point at them for any seed and any N >= 50; the patients occupy generation
 * slots 0..2 with forced high burden so that the demo always shows integrated-care work to do.
 */
import type { ConditionKey, DiabetesComplication, Sex, SocialNeedKey } from './prevalence.js';

/** A forced profile for one demo patient. */
export interface DemoPatientProfile {
  id: string;
  given: string;
  family: string;
  email: string;
  age: number;
  sex: Sex;
  deprivation: number;
  latent: number;
  conditions: readonly ConditionKey[];
  socialNeeds: readonly SocialNeedKey[];
  homeless?: boolean;
  ckdStage?: 3 | 4;
  diabetesComplication?: DiabetesComplication;
  diabetesUncontrolled?: boolean;
  hypertensionUncontrolled?: boolean;
  heartFailureSevere?: boolean;
  copdSevere?: boolean;
  phq9: number;
  gad7: number;
  /** Which demo coordinator manages them (index into DEMO_COORDINATOR_IDS). */
  coordinator: 0 | 1;
  /** Enrolment this many days before asOf, so there is post-enrolment history to show. */
  enrolledDaysBeforeAsOf: number;
}

/** Fixed ids of demo staff; all are Practitioners with a PractitionerRole in the generated network. */
export const DEMO_STAFF_IDS = {
  admin: 'demo-admin',
  coordinator1: 'demo-coordinator-1',
  coordinator2: 'demo-coordinator-2',
  gp: 'demo-gp',
  psychologist: 'demo-psychologist',
  socialWorker: 'demo-social-worker',
  foodBankWorker: 'demo-foodbank-worker',
  nurse: 'demo-nurse',
  pharmacist: 'demo-pharmacist',
  communityHealthWorker: 'demo-community-health-worker',
  programmeManager: 'demo-programme-manager',
} as const;

/** The two demo coordinators, in the order DemoPatientProfile.coordinator indexes them. */
export const DEMO_COORDINATOR_IDS = [
  DEMO_STAFF_IDS.coordinator1,
  DEMO_STAFF_IDS.coordinator2,
] as const;

/** Fixed id of the demo family caregiver (a RelatedPerson of demo patient 1). */
export const DEMO_CAREGIVER_ID = 'demo-caregiver-1';

/** Profiles for generation slots 0, 1 and 2. */
export const DEMO_PATIENT_PROFILES: readonly DemoPatientProfile[] = [
  {
    id: 'demo-patient-1',
    given: 'Rosa',
    family: 'Delgado',
    email: 'rosa.delgado@careweave.demo',
    age: 74,
    sex: 'female',
    deprivation: 1.3,
    latent: 1.8,
    conditions: ['hypertension', 'diabetes', 'heartFailure', 'ckd', 'depression'],
    socialNeeds: ['food'],
    ckdStage: 3,
    diabetesComplication: 'kidney',
    diabetesUncontrolled: true,
    hypertensionUncontrolled: true,
    heartFailureSevere: true,
    phq9: 16,
    gad7: 6,
    coordinator: 0,
    enrolledDaysBeforeAsOf: 300,
  },
  {
    id: 'demo-patient-2',
    given: 'Walter',
    family: 'Kowalski',
    email: 'walter.kowalski@careweave.demo',
    age: 61,
    sex: 'male',
    deprivation: 1.8,
    latent: 1.5,
    conditions: ['hypertension', 'copd', 'depression', 'alcoholUse'],
    socialNeeds: ['housing', 'transport'],
    homeless: true,
    hypertensionUncontrolled: false,
    copdSevere: true,
    phq9: 13,
    gad7: 8,
    coordinator: 0,
    enrolledDaysBeforeAsOf: 200,
  },
  {
    id: 'demo-patient-3',
    given: 'Aisha',
    family: 'Thompson',
    email: 'aisha.thompson@careweave.demo',
    age: 47,
    sex: 'female',
    deprivation: 1.5,
    latent: 1.2,
    conditions: ['hypertension', 'diabetes', 'depression', 'anxiety', 'opioidUse'],
    socialNeeds: ['food', 'utilities', 'safety'],
    diabetesUncontrolled: true,
    hypertensionUncontrolled: true,
    phq9: 12,
    gad7: 14,
    coordinator: 1,
    enrolledDaysBeforeAsOf: 420,
  },
];

/** The demo caregiver: daughter of demo patient 1. */
export const DEMO_CAREGIVER = {
  id: DEMO_CAREGIVER_ID,
  given: 'Elena',
  family: 'Delgado',
  email: 'caregiver@careweave.demo',
  patientSlot: 0,
  relationship: 'DAU',
} as const;

/** Where a demo staff member works, by network position. */
export type DemoStaffPlace = 'network' | 'practice0' | 'behavioural' | 'foodBank' | 'pharmacy';

/** A demo member of staff (a Practitioner with one PractitionerRole). */
export interface DemoStaffProfile {
  id: string;
  kind:
    | 'administrator'
    | 'careCoordinator'
    | 'gp'
    | 'psychologist'
    | 'socialWorker'
    | 'foodBankWorker'
    | 'nurse'
    | 'pharmacist'
    | 'communityHealthWorker'
    | 'programmeManager';
  given: string;
  family: string;
  sex: Sex;
  email: string;
  place: DemoStaffPlace;
  /** Role name used by the product's access model. */
  appRole: string;
  /**
   * Takes the place of a generated member of staff while drawing the same random numbers, so
   * adding this login leaves every other generated person and id as it was for a given seed.
   */
  drawNeutral?: boolean;
}

/** The demo staff, in DEMO_USERS order. */
export const DEMO_STAFF: readonly DemoStaffProfile[] = [
  {
    id: DEMO_STAFF_IDS.admin,
    kind: 'administrator',
    given: 'Sam',
    family: 'Patel',
    sex: 'male',
    email: 'admin@careweave.demo',
    place: 'network',
    appRole: 'administrator',
  },
  {
    id: DEMO_STAFF_IDS.coordinator1,
    kind: 'careCoordinator',
    given: 'Nadia',
    family: 'Haddad',
    sex: 'female',
    email: 'coordinator@careweave.demo',
    place: 'network',
    appRole: 'care-coordinator',
  },
  {
    id: DEMO_STAFF_IDS.coordinator2,
    kind: 'careCoordinator',
    given: 'Marcus',
    family: 'Green',
    sex: 'male',
    email: 'coordinator2@careweave.demo',
    place: 'network',
    appRole: 'care-coordinator',
  },
  {
    id: DEMO_STAFF_IDS.gp,
    kind: 'gp',
    given: 'Helen',
    family: 'Cho',
    sex: 'female',
    email: 'gp@careweave.demo',
    place: 'practice0',
    appRole: 'physician',
  },
  {
    id: DEMO_STAFF_IDS.psychologist,
    kind: 'psychologist',
    given: 'Omar',
    family: 'Reyes',
    sex: 'male',
    email: 'psychologist@careweave.demo',
    place: 'behavioural',
    appRole: 'behavioural-health',
  },
  {
    id: DEMO_STAFF_IDS.socialWorker,
    kind: 'socialWorker',
    given: 'Grace',
    family: 'Mensah',
    sex: 'female',
    email: 'socialworker@careweave.demo',
    place: 'network',
    appRole: 'social-worker',
  },
  {
    id: DEMO_STAFF_IDS.foodBankWorker,
    kind: 'foodBankWorker',
    given: 'Tom',
    family: 'Lindqvist',
    sex: 'male',
    email: 'foodbank@careweave.demo',
    place: 'foodBank',
    appRole: 'community-organisation',
  },
  {
    id: DEMO_STAFF_IDS.nurse,
    kind: 'nurse',
    given: 'Priya',
    family: 'Nair',
    sex: 'female',
    email: 'nurse@careweave.demo',
    place: 'practice0',
    appRole: 'nurse',
    drawNeutral: true,
  },
  {
    id: DEMO_STAFF_IDS.pharmacist,
    kind: 'pharmacist',
    given: 'Daniel',
    family: 'Okafor',
    sex: 'male',
    email: 'pharmacist@careweave.demo',
    place: 'pharmacy',
    appRole: 'pharmacist',
    drawNeutral: true,
  },
  {
    id: DEMO_STAFF_IDS.communityHealthWorker,
    kind: 'communityHealthWorker',
    given: 'Lucia',
    family: 'Ortiz',
    sex: 'female',
    email: 'chw@careweave.demo',
    place: 'network',
    appRole: 'community-health-worker',
    drawNeutral: true,
  },
  {
    id: DEMO_STAFF_IDS.programmeManager,
    kind: 'programmeManager',
    given: 'Karen',
    family: 'Walsh',
    sex: 'female',
    email: 'manager@careweave.demo',
    place: 'network',
    appRole: 'programme-manager',
  },
];
