import type { Bundle, Organization, Practitioner } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { FHIR_BASE, toQuery } from '../../../lib/fhir';
import { formatName } from '../../../lib/format';
import { request } from '../../../lib/http';

/** A practitioner the team could add: who, their job, where they work. */
export interface PractitionerChoice {
  /** `Practitioner/{id}` — what the care team lists. */
  reference: string;
  name: string;
  job?: string;
  organization?: string;
  organizationName?: string;
  /** Codes of their PractitionerRole (to suggest a team role). */
  codes: string[];
}

/** Flattens a PractitionerRole bundle with its included practitioners and organisations. */
export function practitionerChoices(bundle: Bundle): PractitionerChoice[] {
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r) => r !== undefined);
  const byRef = new Map(resources.map((r) => [`${r.resourceType}/${r.id}`, r]));
  const seen = new Set<string>();
  return resources.flatMap((r) => {
    if (r.resourceType !== 'PractitionerRole' || r.active === false) return [];
    const role = r;
    const ref = role.practitioner?.reference;
    if (!ref || seen.has(ref)) return [];
    seen.add(ref);
    const person = byRef.get(ref) as Practitioner | undefined;
    const org = role.organization?.reference
      ? (byRef.get(role.organization.reference) as Organization | undefined)
      : undefined;
    const job = role.code?.[0]?.text ?? role.code?.[0]?.coding?.[0]?.display;
    const orgName = org?.name ?? role.organization?.display;
    return [
      {
        reference: ref,
        name: person ? formatName(person.name) : (role.practitioner?.display ?? ref),
        ...(job ? { job } : {}),
        ...(role.organization?.reference ? { organization: role.organization.reference } : {}),
        ...(orgName ? { organizationName: orgName } : {}),
        codes: (role.code ?? [])
          .flatMap((c) => (c.coding ?? []).map((k) => k.code ?? ''))
          .filter(Boolean),
      },
    ];
  });
}

/**
 * Practitioners whose name matches, with their role and organisation: one PractitionerRole search
 * chained on the practitioner's name, including the Practitioner and Organization.
 */
export function usePractitionerSearch(text: string) {
  const term = text.trim();
  return useQuery({
    queryKey: ['plan', 'practitioner-search', term],
    queryFn: async ({ signal }) => {
      const query = toQuery({
        'practitioner.name': term,
        _include: ['PractitionerRole:practitioner', 'PractitionerRole:organization'],
        _count: 20,
      });
      return practitionerChoices(
        (await request<Bundle>(`${FHIR_BASE}/PractitionerRole${query}`, { signal })).data,
      );
    },
    enabled: term.length >= 2,
    staleTime: 60_000,
  });
}
