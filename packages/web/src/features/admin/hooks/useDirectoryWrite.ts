import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FHIR_BASE } from '../../../lib/fhir';
import { request } from '../../../lib/http';
import { ADMIN_KEY } from './useAdmin';

type DirectoryResource = Organization | HealthcareService;

/**
 * Creates (POST) or updates (PUT with If-Match) an Organization or HealthcareService through the
 * FHIR API — the one write path, so the write rules and the audit trail apply as for any write.
 */
export function useSaveDirectoryResource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (resource: DirectoryResource): Promise<DirectoryResource> => {
      const path = `${FHIR_BASE}/${resource.resourceType}`;
      if (!resource.id) {
        return (await request<DirectoryResource>(path, { method: 'POST', json: resource })).data;
      }
      const version = resource.meta?.versionId;
      return (
        await request<DirectoryResource>(`${path}/${encodeURIComponent(resource.id)}`, {
          method: 'PUT',
          json: resource,
          ...(version ? { headers: { 'If-Match': `W/"${version}"` } } : {}),
        })
      ).data;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: [...ADMIN_KEY, 'organizations'] }),
  });
}
