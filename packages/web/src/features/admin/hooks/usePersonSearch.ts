import type { Patient, Practitioner, RelatedPerson } from '@medplum/fhirtypes';
import { useQuery } from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import { formatName } from '../../../lib/format';

/** The kind of person an account acts as. */
export type PersonType = 'Practitioner' | 'Patient' | 'RelatedPerson';

/** The person an account of this role acts as. */
export function personTypeFor(role: string): PersonType {
  return role === 'patient' ? 'Patient' : role === 'caregiver' ? 'RelatedPerson' : 'Practitioner';
}

/** People of a type whose name starts with the text (two letters or more), for linking an account. */
export function usePersonSearch(type: PersonType, text: string) {
  const term = text.trim();
  return useQuery({
    queryKey: ['admin', 'person-search', type, term],
    queryFn: async ({ signal }) => {
      const found = await searchResources<Practitioner | Patient | RelatedPerson>(
        type,
        { name: term, _count: 15 },
        signal,
      );
      return found.resources.map((r) => {
        const born = r.resourceType === 'Patient' && r.birthDate ? `, born ${r.birthDate}` : '';
        return {
          value: `${r.resourceType}/${r.id ?? ''}`,
          label: `${formatName(r.name)}${born} (${r.resourceType}/${r.id ?? ''})`,
        };
      });
    },
    enabled: term.length >= 2,
    staleTime: 30_000,
  });
}
