import type { EpisodeOfCare } from '@medplum/fhirtypes';

import { ENROLLING_ROLES, INTEGRATED_CARE, PROGRAMME_SYSTEM } from '@careweave/contract';

export { INTEGRATED_CARE, PROGRAMME_SYSTEM };

/** Whether the role enrols people; the server decides, this only decides what is offered. */
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
