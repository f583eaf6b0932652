/**
 * The per-person context shared by the FHIR builders: who the person is, what happened to them,
 * where they are cared for, and the output list their resources are appended to (in a fixed order,
 * which is what makes the files byte-for-byte reproducible).
 */
import type { Patient, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import type { History } from './history.js';
import type { PersonIds } from './ids.js';
import type { NetworkIndex, Site } from './network.js';
import type { Person } from './person-model.js';
import type { ConditionKey, SocialNeedKey } from './prevalence.js';
import type { Rng } from './random.js';
import type { Window } from './time.js';
import type { StaffMember } from './workforce.js';

/** Everything the builders need for one person. */
export interface PersonContext {
  seed: number;
  window: Window;
  person: Person;
  history: History;
  network: NetworkIndex;
  /** Stream for details (names, exact values) separate from the person-model and history streams. */
  rng: Rng;
  ids: PersonIds;
  patientId: string;
  patientDisplay: string;
  practice: NetworkIndex['practices'][number];
  gp: StaffMember;
  nurse: StaffMember;
  hospital: NetworkIndex['hospitals'][number];
  /** The person's own behavioural-health clinicians (kept the same across sessions). */
  psychologist: StaffMember;
  psychiatrist: StaffMember;
  socialWorker: StaffMember;
  coordinator?: StaffMember;
  payer: Site;
  coverageId: string;
  /** Condition id for each chronic condition (allocated up front so encounters can cite them). */
  conditionIds: Map<ConditionKey, string>;
  /** Condition id for each social need that becomes a Condition. */
  needConditionIds: Map<SocialNeedKey, string>;
  /** Evidence (screening Observations) found for each social need, filled in while screening. */
  needEvidence: Map<SocialNeedKey, string[]>;
  /** Output, in emission order. */
  out: Resource[];
}

/** Reference to the person's Patient resource. */
export function patientRef(ctx: PersonContext): Reference<Patient> {
  return { reference: `Patient/${ctx.patientId}`, display: ctx.patientDisplay };
}

/** Reference to a member of staff's Practitioner resource. */
export function practitionerRef(member: StaffMember): Reference<Practitioner> {
  return { reference: `Practitioner/${member.practitionerId}`, display: member.name };
}
