import type { CareTeam, EpisodeOfCare } from '@medplum/fhirtypes';
import { request } from '../../lib/http';

/** What enrolment needs: who, with which coordinator, and why (empty: the risk that found them). */
export interface EnrolInput {
  /** `Patient/<id>`. */
  patient: string;
  /** `Practitioner/<id>`; the server defaults to the caller. */
  coordinator?: string;
  reason?: string;
}

/** `POST /api/population/enrol`: the roster's enrolment (an active EpisodeOfCare and the care team). */
export async function enrolPatient(
  input: EnrolInput,
): Promise<{ episode: EpisodeOfCare; careTeam: CareTeam }> {
  return (
    await request<{ episode: EpisodeOfCare; careTeam: CareTeam }>('/api/population/enrol', {
      method: 'POST',
      json: input,
    })
  ).data;
}
