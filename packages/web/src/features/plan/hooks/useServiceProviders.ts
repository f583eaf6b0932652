import type { Bundle, Organization } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { FHIR_BASE, toQuery } from '../../../lib/fhir';
import { request } from '../../../lib/http';

/** A community organisation a plan activity can refer to. */
export interface ServiceProvider {
  /** `Organization/{id}`: the ServiceRequest's performer. */
  reference: string;
  name: string;
}

/** Organisations of type `cg` (community group: food bank, housing, transport, benefits advice, carers' support), by name. */
export function serviceProviders(bundle: Bundle): ServiceProvider[] {
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter(
      (r): r is Organization =>
        r?.resourceType === 'Organization' && r.active !== false && Boolean(r.id),
    )
    .map((o) => ({ reference: `Organization/${o.id}`, name: o.name ?? `Organization/${o.id}` }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The community services a referral can go to (loaded only while the referral form is shown). */
export function useServiceProviders(enabled: boolean) {
  return useQuery({
    queryKey: ['plan', 'service-providers'],
    queryFn: async ({ signal }) => {
      const query = toQuery({
        type: 'http://terminology.hl7.org/CodeSystem/organization-type|cg',
        _count: 100,
      });
      return serviceProviders(
        (await request<Bundle>(`${FHIR_BASE}/Organization${query}`, { signal })).data,
      );
    },
    enabled,
    staleTime: 5 * 60_000,
  });
}
