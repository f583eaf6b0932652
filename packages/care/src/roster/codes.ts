import type { CodeableConcept } from '@medplum/fhirtypes';

export const SNOMED = 'http://snomed.info/sct';
/** NUCC Health Care Provider Taxonomy (the US HIPAA code set for provider types). */
export const NUCC = 'http://nucc.org/provider-taxonomy';
/** Careweave's programme types (`EpisodeOfCare.type`), as the synthetic population writes them. */
export { INTEGRATED_CARE, PROGRAMME_SYSTEM } from '@careweave/contract';
/** Extension on EpisodeOfCare: why the person was enrolled / unenrolled (valueCodeableConcept, text). */
export const EPISODE_REASON_URL =
  'https://careweave.org/fhir/StructureDefinition/episodeofcare-reason';
/** LOINC LA28865-6 "Longitudinal care-coordination focused care team" (CareTeam.category), as synth writes it. */
export const CARE_TEAM_CATEGORY: CodeableConcept = {
  coding: [
    {
      system: 'http://loinc.org',
      code: 'LA28865-6',
      display: 'Longitudinal care-coordination focused care team',
    },
  ],
};

import type { TeamRole } from '@careweave/contract';

export type { TeamRole };

function role(
  text: string,
  snomed: [string, string] | undefined,
  nucc?: [string, string],
): CodeableConcept {
  const coding = [];
  if (snomed) coding.push({ system: SNOMED, code: snomed[0], display: snomed[1] });
  if (nucc) coding.push({ system: NUCC, code: nucc[0], display: nucc[1] });
  return { coding, text };
}

/**
 * `CareTeam.participant.role` per team role: SNOMED CT occupations (the R4 example binding
 * for participant roles) paired with NUCC taxonomy codes exactly as packages/synth writes them
 * (workforce.ts; pairs from HL7's NUCC↔SNOMED concept map). A community health worker has no
 * SNOMED occupation (NUCC only); the patient is SNOMED 116154003 "Patient (person)" and a family
 * caregiver 133932002 "Caregiver (person)".
 */
export const TEAM_ROLE_CODES: Readonly<Record<TeamRole, CodeableConcept>> = {
  gp: role(
    'General practitioner',
    ['62247001', 'Family medicine specialist (occupation)'],
    ['207Q00000X', 'Family Medicine'],
  ),
  nurse: role(
    'Practice nurse',
    ['224535009', 'Registered nurse (occupation)'],
    ['163W00000X', 'Registered Nurse'],
  ),
  psychologist: role(
    'Psychologist',
    ['59944000', 'Psychologist (occupation)'],
    ['103T00000X', 'Psychologist'],
  ),
  psychiatrist: role(
    'Psychiatrist',
    ['80584001', 'Psychiatrist (occupation)'],
    ['2084P0800X', 'Psychiatry & Neurology, Psychiatry'],
  ),
  'social-worker': role(
    'Social worker',
    ['106328005', 'Social worker (occupation)'],
    ['104100000X', 'Social Worker'],
  ),
  pharmacist: role(
    'Pharmacist',
    ['46255001', 'Pharmacist (occupation)'],
    ['183500000X', 'Pharmacist'],
  ),
  'community-health-worker': role('Community health worker', undefined, [
    '172V00000X',
    'Community Health Worker',
  ]),
  'care-coordinator': role(
    'Care coordinator',
    ['768820003', 'Care coordinator (occupation)'],
    ['171M00000X', 'Case Manager/Care Coordinator'],
  ),
  patient: role('Patient', ['116154003', 'Patient (person)']),
  caregiver: role('Family caregiver', ['133932002', 'Caregiver (person)']),
};

export const TEAM_ROLES = Object.keys(TEAM_ROLE_CODES) as TeamRole[];

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === 'string' && Object.hasOwn(TEAM_ROLE_CODES, value);
}

/** The team role a CodeableConcept names (any of its SNOMED/NUCC codings matching), if any. */
export function teamRoleOf(concept: CodeableConcept | undefined): TeamRole | undefined {
  const codes = new Set((concept?.coding ?? []).map((c) => `${c.system}|${c.code}`));
  return TEAM_ROLES.find((r) =>
    (TEAM_ROLE_CODES[r].coding ?? []).some((c) => codes.has(`${c.system}|${c.code}`)),
  );
}

export { RosterError } from '@careweave/contract';

/** Extension on EpisodeOfCare: why the person left the programme (valueCodeableConcept, text). */
export const EPISODE_END_REASON_URL =
  'https://careweave.org/fhir/StructureDefinition/episodeofcare-end-reason';
