import type { EpisodeOfCare } from '@medplum/fhirtypes';

/** The programme code system and the integrated-care programme (care/roster/codes.ts). */
export const PROGRAMME_SYSTEM = 'https://careweave.org/fhir/CodeSystem/programme';
export const INTEGRATED_CARE = 'integrated-care';

/** Roles that enrol people (care/access ENROLLING_ROLES); the server decides, this only decides what is offered. */
const ENROLLING_ROLES: readonly string[] = [
  'care-coordinator',
  'programme-manager',
  'administrator',
];

export function mayEnrol(role: string | undefined): boolean {
  return role !== undefined && ENROLLING_ROLES.includes(role);
}

/** True when one of the episodes is an active enrolment in integrated care. */
export function isEnrolled(episodes: readonly EpisodeOfCare[]): boolean {
  return episodes.some(
    (e) =>
      e.status === 'active' &&
      (e.type ?? []).some((t) =>
        (t.coding ?? []).some((c) => c.system === PROGRAMME_SYSTEM && c.code === INTEGRATED_CARE),
      ),
  );
}
