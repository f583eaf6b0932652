/**
 * Integrated-care programme enrolment: an EpisodeOfCare (care manager = a care coordinator,
 * managed by the network, period.start = enrolment date) and a CareTeam that spans organisations —
 * primary care, behavioural health, social work, pharmacy, community organisations and, for some,
 * a family caregiver (RelatedPerson).
 */
import type {
  CareTeam,
  CareTeamParticipant,
  CodeableConcept,
  EpisodeOfCare,
  RelatedPerson,
} from '@medplum/fhirtypes';
import { PROGRAMME_CODE_SYSTEM, SYSTEM } from './codes.js';
import { patientRef, practitionerRef, type PersonContext } from './context.js';
import { DEMO_CAREGIVER } from './demo-profiles.js';
import { familyName, givenName, homeAddress, phone } from './names.js';
import { conditionsAt, hasCondition, socialNeedsAt } from './person-model.js';
import { ROLE_CODES, type StaffMember } from './workforce.js';
import { formatDate } from './time.js';

const PATIENT_ROLE: CodeableConcept = {
  coding: [{ system: SYSTEM.SNOMED, code: '116154003', display: 'Patient (person)' }],
  text: 'Patient',
};
const CAREGIVER_ROLE: CodeableConcept = {
  coding: [{ system: SYSTEM.SNOMED, code: '133932002', display: 'Caregiver (person)' }],
  text: 'Family caregiver',
};

/** A family caregiver for some enrolled people (older or with dementia), and for demo patient 1. */
export function caregiver(ctx: PersonContext, enrolmentDay: number): RelatedPerson | undefined {
  const { person, rng } = ctx;
  const isDemo = person.demoSlot === DEMO_CAREGIVER.patientSlot;
  const wants =
    isDemo ||
    ((person.age >= 75 || hasCondition(person, 'dementia')) && rng.chance(0.45)) ||
    rng.chance(0.05);
  if (!wants) return undefined;
  const relationship = isDemo
    ? DEMO_CAREGIVER.relationship
    : rng.pick(['DAU', 'SON', 'SPS', 'FRND'] as const);
  const display: Record<string, string> = {
    DAU: 'natural daughter',
    SON: 'natural son',
    SPS: 'spouse',
    FRND: 'unrelated friend',
  };
  const sex =
    relationship === 'DAU'
      ? 'female'
      : relationship === 'SON'
        ? 'male'
        : person.sex === 'female'
          ? 'male'
          : 'female';
  const given = isDemo ? DEMO_CAREGIVER.given : givenName(rng, sex);
  const family = isDemo
    ? DEMO_CAREGIVER.family
    : relationship === 'FRND'
      ? familyName(rng)
      : (ctx.patientDisplay.split(' ').pop() ?? familyName(rng));
  const id = isDemo ? DEMO_CAREGIVER.id : ctx.ids.next();
  return {
    resourceType: 'RelatedPerson',
    id,
    active: true,
    patient: patientRef(ctx),
    relationship: [
      {
        coding: [
          {
            system: SYSTEM.ROLE_CODE,
            code: relationship,
            display: display[relationship] ?? relationship,
          },
        ],
      },
    ],
    name: [{ use: 'official', family, given: [given] }],
    telecom: [
      { system: 'phone', value: phone(rng), use: 'mobile' },
      ...(isDemo
        ? [{ system: 'email' as const, value: DEMO_CAREGIVER.email, use: 'home' as const }]
        : []),
    ],
    gender: sex,
    address: [homeAddress(rng)],
    period: { start: formatDate(enrolmentDay) },
  };
}

/** The EpisodeOfCare and CareTeam for an enrolled person. */
export function enrolment(
  ctx: PersonContext,
  enrolmentDay: number,
  coordinator: StaffMember,
  related: RelatedPerson | undefined,
): [EpisodeOfCare, CareTeam] {
  const { person, network } = ctx;
  const careTeamId = ctx.ids.next();
  const member = (
    staff: StaffMember,
    role: CodeableConcept,
    orgId: string,
  ): CareTeamParticipant => ({
    role: [role],
    member: practitionerRef(staff),
    onBehalfOf: { reference: `Organization/${orgId}` },
    period: { start: formatDate(enrolmentDay) },
  });
  const pick = (list: readonly StaffMember[]): StaffMember => ctx.rng.pick(list);
  const participants: CareTeamParticipant[] = [
    { role: [PATIENT_ROLE], member: patientRef(ctx), period: { start: formatDate(enrolmentDay) } },
    member(coordinator, ROLE_CODES.careCoordinator, network.network.orgId),
    member(ctx.gp, ROLE_CODES.gp, ctx.practice.orgId),
  ];
  const needs = new Set(socialNeedsAt(person, enrolmentDay).map((n) => n.key));
  const behavioural = (['depression', 'anxiety', 'alcohol-use', 'opioid-use'] as const).some((k) =>
    hasCondition(person, k, enrolmentDay),
  );
  if (needs.size > 0)
    participants.push(member(ctx.socialWorker, ROLE_CODES.socialWorker, network.network.orgId));
  if (behavioural)
    participants.push(member(ctx.psychologist, ROLE_CODES.psychologist, network.behavioural.orgId));
  if (conditionsAt(person, enrolmentDay).length >= 3)
    participants.push(
      member(pick(network.pharmacy.pharmacists), ROLE_CODES.pharmacist, network.pharmacy.orgId),
    );
  const community: [boolean, keyof typeof network.community][] = [
    [needs.has('food'), 'foodBank'],
    [needs.has('housing'), 'housing'],
    [needs.has('transport'), 'transport'],
    [needs.has('utilities'), 'benefits'],
    [related !== undefined, 'carers'],
  ];
  for (const [applies, kind] of community) {
    const org = network.community[kind];
    if (applies)
      participants.push(
        member(
          org.staff[0] ?? pick(network.communityHealthWorkers),
          ROLE_CODES[org.staff[0]?.kind ?? 'communityHealthWorker'],
          org.orgId,
        ),
      );
  }
  if (related?.id)
    participants.push({
      role: [CAREGIVER_ROLE],
      member: { reference: `RelatedPerson/${related.id}` },
      period: { start: formatDate(enrolmentDay) },
    });

  const careTeam: CareTeam = {
    resourceType: 'CareTeam',
    id: careTeamId,
    status: 'active',
    category: [
      {
        coding: [
          {
            system: SYSTEM.LOINC,
            code: 'LA28865-6',
            display: 'Longitudinal care-coordination focused care team',
          },
        ],
      },
    ],
    name: `Integrated care team — ${ctx.patientDisplay}`,
    subject: patientRef(ctx),
    period: { start: formatDate(enrolmentDay) },
    participant: participants,
    managingOrganization: [
      { reference: `Organization/${network.network.orgId}`, display: network.network.name },
    ],
  };
  const episode: EpisodeOfCare = {
    resourceType: 'EpisodeOfCare',
    id: ctx.ids.next(),
    status: 'active',
    type: [
      {
        coding: [
          {
            system: PROGRAMME_CODE_SYSTEM,
            code: 'integrated-care',
            display: 'Integrated care programme',
          },
        ],
        text: 'Integrated care programme',
      },
    ],
    diagnosis: conditionsAt(person, enrolmentDay)
      .map((c) => ctx.conditionIds.get(c.key))
      .filter((id): id is string => id !== undefined)
      .slice(0, 5)
      .map((id, i) => ({ condition: { reference: `Condition/${id}` }, rank: i + 1 })),
    patient: patientRef(ctx),
    managingOrganization: {
      reference: `Organization/${network.network.orgId}`,
      display: network.network.name,
    },
    period: { start: formatDate(enrolmentDay) },
    careManager: practitionerRef(coordinator),
    team: [{ reference: `CareTeam/${careTeamId}` }],
  };
  if (episode.diagnosis?.length === 0) delete episode.diagnosis;
  return [episode, careTeam];
}
