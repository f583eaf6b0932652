/**
 * Demo logins. Every `fhirUser` points at a resource that the generator writes for any seed and any
 * N >= 50 (demo staff and patients have fixed ids). The password is for the demo data set only and
 * is printed by `careweave demo`; never use it for anything else.
 */
import {
  DEMO_CAREGIVER,
  DEMO_PATIENT_PROFILES,
  DEMO_STAFF,
  type DemoStaffProfile,
} from './demo-profiles.js';
import { slugify } from './network.js';

/** A demo login and the FHIR resource it acts as. */
export interface DemoUser {
  email: string;
  password: string;
  fhirUser: `Practitioner/${string}` | `Patient/${string}` | `RelatedPerson/${string}`;
  role: string;
  name: string;
  /** `Organization/<id>` the user works for (staff only). */
  organization?: string;
}

/** The shared demo password (demo data only). */
export const DEMO_PASSWORD = 'careweave-demo';

const PLACE_ORGANIZATION: Readonly<Record<DemoStaffProfile['place'], string>> = {
  network: slugify('Riverside Integrated Care Network'),
  practice0: slugify('Northside Family Practice'),
  behavioural: slugify('Riverside Behavioral Health Clinic'),
  foodBank: slugify('Riverside Community Food Bank'),
  pharmacy: slugify('Main Street Pharmacy'),
};

/** All demo users: staff first, then patients, then the family caregiver. */
export const DEMO_USERS: DemoUser[] = [
  ...DEMO_STAFF.map((s): DemoUser => ({
    email: s.email,
    password: DEMO_PASSWORD,
    fhirUser: `Practitioner/${s.id}`,
    role: s.appRole,
    name: `${['gp', 'psychologist'].includes(s.kind) ? 'Dr. ' : ''}${s.given} ${s.family}`,
    organization: `Organization/${PLACE_ORGANIZATION[s.place]}`,
  })),
  ...DEMO_PATIENT_PROFILES.map((p): DemoUser => ({
    email: p.email,
    password: DEMO_PASSWORD,
    fhirUser: `Patient/${p.id}`,
    role: 'patient',
    name: `${p.given} ${p.family}`,
  })),
  {
    email: DEMO_CAREGIVER.email,
    password: DEMO_PASSWORD,
    fhirUser: `RelatedPerson/${DEMO_CAREGIVER.id}`,
    role: 'caregiver',
    name: `${DEMO_CAREGIVER.given} ${DEMO_CAREGIVER.family}`,
  },
];
