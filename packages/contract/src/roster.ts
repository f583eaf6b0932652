import type { CareTeam, CodeableConcept, EpisodeOfCare } from '@medplum/fhirtypes';

/** The programme code system (`EpisodeOfCare.type`, `CarePlan.category`). */
export const PROGRAMME_SYSTEM = 'https://careweave.org/fhir/CodeSystem/programme';
/** The integrated-care programme. */
export const INTEGRATED_CARE = 'integrated-care';

/** The roles a care-team participant can have (`GET /api/roster/roles`). */
export const TEAM_ROLES = [
  'gp',
  'nurse',
  'psychologist',
  'psychiatrist',
  'social-worker',
  'pharmacist',
  'community-health-worker',
  'care-coordinator',
  'patient',
  'caregiver',
] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

/** A current member of a care team. */
export interface TeamMember {
  reference: string;
  display?: string;
  role?: TeamRole;
  organization?: string;
}

/** One enrolled patient of `GET /api/roster/caseload`. */
export interface CaseloadEntry {
  patientId: string;
  name?: string;
  birthDate?: string;
  episodeId: string;
  enrolledSince?: string;
  careTeam?: string;
  openTasks: number;
  overdueTasks: number;
  recentAdmissions: number;
  /** Start of the current hospital stay, when the person is in hospital now. */
  inHospitalSince?: string;
}

/** `GET /api/roster/caseload`: a coordinator's caseload with its totals, most overdue first. */
export interface Caseload {
  coordinator: string;
  patients: CaseloadEntry[];
  totals: { patients: number; openTasks: number; overdueTasks: number; recentAdmissions: number };
}

/** `GET /api/roster/patients/{id}/care-teams`: the patient's active teams with their current members. */
export interface PatientTeams {
  careTeams: { careTeam: CareTeam; members: TeamMember[] }[];
}

/** One person whose active care team lists the viewer (`GET /api/roster/my-patients`). */
export interface TeamPatientEntry {
  patientId: string;
  name?: string;
  birthDate?: string;
  /** The active care team that lists the viewer. */
  careTeam: string;
  careTeamName?: string;
  /** The viewer's current roles on that team (e.g. `social-worker`). */
  roles: TeamRole[];
  /** When the viewer's participation began, if recorded. */
  since?: string;
}

/**
 * `GET /api/roster/my-patients`: every person whose active care teams list the viewer (as
 * themself or one of their PractitionerRoles), with the viewer's role on each team — "My patients"
 * for any clinician, not only the coordinator of record.
 */
export interface MyTeamPatients {
  member: string;
  patients: TeamPatientEntry[];
}

/** `GET /api/roster/roles`: each team role and its code. */
export interface RoleList {
  roles: { role: TeamRole; code: CodeableConcept }[];
}

/** Body of `POST /api/population/enrol`: who, with which coordinator, and why (empty: the risk that found them). */
export interface EnrolRequest {
  /** `Patient/<id>`. */
  patient: string;
  /** `Practitioner/<id>`; the server defaults to the caller. */
  coordinator?: string;
  reason?: string;
}

/** `POST /api/population/enrol` (201): the enrolment's EpisodeOfCare and care team. */
export interface Enrolment {
  episode: EpisodeOfCare;
  careTeam: CareTeam;
}

/** Body of `POST /api/roster/enrolments`. */
export interface NewEnrolmentRequest {
  /** `Patient/<id>` or the bare id. */
  patient: string;
  /** `Practitioner/<id>`; the server defaults to the caller. */
  coordinator?: string;
  reason: string;
  programme?: string;
  /** Condition ids that make the person eligible. */
  conditions?: string[];
  /** Managing organisation (`Organization/<id>`); default the coordinator's. */
  organization?: string;
  /** Further members of a new care team. */
  members?: { member: string; role: TeamRole; organization?: string }[];
}

/** Body of `POST /api/roster/enrolments/{id}/end`. */
export interface EndEnrolmentRequest {
  reason: string;
}

/** Body of `POST /api/roster/care-teams/{id}/members`. */
export interface NewMemberRequest {
  /** `Practitioner/<id>`, `PractitionerRole/<id>`, `RelatedPerson/<id>`, `Patient/<id>`, … */
  member: string;
  role: TeamRole;
  /** The organisation they act for (default: their PractitionerRole's). */
  organization?: string;
  /** Start date (default today). */
  start?: string;
  reason?: string;
}

/** Body of `POST /api/roster/care-teams/{id}/members/end`. */
export interface EndMemberRequest {
  member: string;
  /** End date (default today). */
  end?: string;
  reason?: string;
}

/** Body of `POST /api/roster/reassign`: patients to another coordinator. */
export interface ReassignPatientsRequest {
  /** Patient ids (`Patient/<id>` or bare). */
  patients: string[];
  /** `Practitioner/<id>`. */
  to: string;
  reason: string;
  programme?: string;
}
