import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Bundle,
  HealthcareService,
  Location,
  Organization,
  Patient,
} from '@medplum/fhirtypes';
import type { NewReferral, ReferralSummary } from '@careweave/contract';
import { FHIR_BASE, readResource, toQuery } from '../../../lib/fhir';
import { request } from '../../../lib/http';
import {
  directorySearch,
  personPosition,
  serviceCard,
  sortCards,
  type DirectoryFilters,
  type Position,
  type ServiceCard,
} from '../model/directory';

/** The person the directory is searched for (their name and the coordinates of their address). */
export function useDirectoryPerson(patientId: string | undefined) {
  return useQuery({
    queryKey: ['directory', 'person', patientId],
    enabled: patientId !== undefined,
    queryFn: async ({ signal }) => {
      const patient = await readResource<Patient>('Patient', patientId ?? '', signal);
      const name = patient.name?.[0];
      return {
        patient,
        name: name?.text ?? [...(name?.given ?? []), name?.family].filter(Boolean).join(' '),
        position: personPosition(patient),
      };
    },
  });
}

/**
 * The directory's services matching the filters (FHIR search `HealthcareService?…` with the
 * services' Locations and Organizations included), as cards, nearest first.
 */
export function useDirectorySearch(filters: DirectoryFilters, position: Position | undefined) {
  const params = directorySearch(filters, position);
  return useQuery({
    queryKey: ['directory', 'search', params],
    queryFn: async ({ signal }): Promise<ServiceCard[]> => {
      const { data } = await request<Bundle>(`${FHIR_BASE}/HealthcareService${toQuery(params)}`, {
        signal,
      });
      const resources = (data.entry ?? []).map((e) => e.resource);
      const locations = new Map<string, Location>();
      const organizations = new Map<string, Organization>();
      const services: HealthcareService[] = [];
      for (const r of resources) {
        if (r?.resourceType === 'Location' && r.id) locations.set(r.id, r);
        if (r?.resourceType === 'Organization' && r.id) organizations.set(r.id, r);
        if (r?.resourceType === 'HealthcareService') services.push(r);
      }
      return sortCards(services.map((s) => serviceCard(s, { locations, organizations }, position)));
    },
  });
}

/** Refers the person to a service (`POST /api/referrals`); every referral list refreshes. */
export function useStartReferral() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: NewReferral) =>
      (
        await request<{ referral: ReferralSummary }>('/api/referrals', {
          method: 'POST',
          json: input,
        })
      ).data.referral,
    onSuccess: () => client.invalidateQueries({ queryKey: ['referrals'] }),
  });
}
