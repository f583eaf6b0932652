import type { EnrolRequest, Enrolment } from '@careweave/contract';
import { request } from '../../lib/http';

export type { EnrolRequest as EnrolInput };

/** `POST /api/population/enrol`: the roster's enrolment (an active EpisodeOfCare and the care team). */
export async function enrolPatient(input: EnrolRequest): Promise<Enrolment> {
  return (
    await request<Enrolment>('/api/population/enrol', {
      method: 'POST',
      json: input,
    })
  ).data;
}
