/**
 * Assembles all FHIR resources of one person, in a fixed order: Patient, Coverage, Consent, the
 * dated care events, Conditions, MedicationRequests, and (if enrolled) the caregiver, EpisodeOfCare
 * and CareTeam. Memory use is bounded by one person's resources.
 */
import type { Resource } from '@medplum/fhirtypes';
import { careEvents } from './care-events.js';
import { allocateConditionIds, chronicConditions, socialNeedConditions } from './conditions.js';
import type { PersonContext } from './context.js';
import { coverage } from './costs.js';
import { DEMO_COORDINATOR_IDS, DEMO_PATIENT_PROFILES } from './demo-profiles.js';
import { simulateHistory, type History } from './history.js';
import { PersonIds } from './ids.js';
import { baselineCourses, medicationRequests } from './medications.js';
import { personName } from './names.js';
import type { NetworkIndex } from './network.js';
import { consentResource, grantCaregiver, patientResource } from './patient.js';
import { samplePerson, type Person } from './person-model.js';
import { caregiver, enrolment } from './programme.js';
import { hashParts, Rng } from './random.js';
import type { Window } from './time.js';

/** One person's model, history and resources. */
export interface PersonBundle {
  person: Person;
  history: History;
  patientId: string;
  resources: Resource[];
}

/** Generates person `index`. */
export function buildPerson(
  seed: number,
  index: number,
  window: Window,
  network: NetworkIndex,
  programmeEffect: number,
): PersonBundle {
  const person = samplePerson(seed, index, window);
  const history = simulateHistory(person, seed, window, programmeEffect);
  const rng = new Rng([seed, 'detail', index]);
  const ids = new PersonIds(seed, index);
  const demo = person.demoSlot !== undefined ? DEMO_PATIENT_PROFILES[person.demoSlot] : undefined;
  const name = personName(rng, person.sex);
  const given = demo?.given ?? name.given?.[0] ?? 'Alex';
  const family = demo?.family ?? name.family ?? 'Doe';
  const patientId = demo?.id ?? ids.next();

  const practice = demo ? network.practices[0] : rng.pick(network.practices);
  const hospital = rng.chance(0.7) ? network.hospitals[0] : network.hospitals[1];
  if (!practice || !hospital) throw new Error('Network has no practice or hospital');
  const gp = demo ? practice.gps[0] : rng.pick(practice.gps);
  const nurse = rng.pick(practice.nurses);
  // Demo patients see the demo clinicians (listed first in each team).
  const psychologist = demo
    ? network.behavioural.psychologists[0]
    : rng.pick(network.behavioural.psychologists);
  const psychiatrist = rng.pick(network.behavioural.psychiatrists);
  const socialWorker = demo ? network.socialWorkers[0] : rng.pick(network.socialWorkers);
  if (!gp || !psychologist || !socialWorker) throw new Error('Network is missing clinicians');
  const coordinators = network.coordinators;
  const coordinator =
    history.enrolmentDay === undefined
      ? undefined
      : demo
        ? coordinators.find((c) => c.practitionerId === DEMO_COORDINATOR_IDS[demo.coordinator])
        : coordinators[hashParts([seed, 'coordinator', index]) % coordinators.length];

  const ctx: PersonContext = {
    seed,
    window,
    person,
    history,
    network,
    rng,
    ids,
    patientId,
    patientDisplay: `${given} ${family}`,
    practice,
    gp,
    nurse,
    hospital,
    psychologist,
    psychiatrist,
    socialWorker,
    payer: network.payers[person.payer],
    coverageId: ids.next(),
    conditionIds: new Map(),
    needConditionIds: new Map(),
    needEvidence: new Map(),
    out: [],
  };
  if (coordinator) ctx.coordinator = coordinator;

  const consent = consentResource(ctx);
  ctx.out.push(patientResource(ctx, given, family), coverage(ctx), consent);
  allocateConditionIds(ctx);
  const courses = baselineCourses(ctx);
  careEvents(ctx, courses);
  ctx.out.push(
    ...chronicConditions(ctx),
    ...socialNeedConditions(ctx),
    ...medicationRequests(ctx, courses),
  );
  if (history.enrolmentDay !== undefined && coordinator) {
    const related = caregiver(ctx, history.enrolmentDay);
    if (related?.id) {
      ctx.out.push(related);
      grantCaregiver(consent, related.id);
    }
    ctx.out.push(...enrolment(ctx, history.enrolmentDay, coordinator, related));
  }
  return { person, history, patientId, resources: ctx.out };
}
