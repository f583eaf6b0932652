import type { HealthcareService, Organization } from '@medplum/fhirtypes';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { searchResources } from '../../../lib/fhir';
import {
  createUser,
  fetchAudit,
  fetchClients,
  fetchSystem,
  fetchUsers,
  registerClient,
  resetUserPassword,
  revokeClient,
  rotateClientSecret,
  setUserDisabled,
  updateClient,
} from '../api';
import type { AuditFilters, NewClient, NewUser } from '../model/types';

/** Every administration query sits under this key; each change refreshes what it touches. */
export const ADMIN_KEY = ['admin'] as const;

export function useUsers(search: string) {
  return useQuery({
    queryKey: [...ADMIN_KEY, 'users', search.trim()],
    queryFn: ({ signal }) => fetchUsers(search, signal),
    placeholderData: keepPreviousData,
  });
}

function useRefresh(part: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: [...ADMIN_KEY, part] });
}

export function useCreateUser() {
  const refresh = useRefresh('users');
  return useMutation({ mutationFn: (input: NewUser) => createUser(input), onSuccess: refresh });
}

export function useSetUserDisabled() {
  const refresh = useRefresh('users');
  return useMutation({
    mutationFn: ({ id, disabled }: { id: string; disabled: boolean }) =>
      setUserDisabled(id, disabled),
    onSuccess: refresh,
  });
}

export function useResetPassword() {
  const refresh = useRefresh('users');
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) =>
      resetUserPassword(id, password),
    onSuccess: refresh,
  });
}

export function useClients() {
  return useQuery({
    queryKey: [...ADMIN_KEY, 'clients'],
    queryFn: ({ signal }) => fetchClients(signal),
  });
}

export function useRegisterClient() {
  const refresh = useRefresh('clients');
  return useMutation({
    mutationFn: (input: NewClient) => registerClient(input),
    onSuccess: refresh,
  });
}

export function useUpdateClient() {
  const refresh = useRefresh('clients');
  return useMutation({
    mutationFn: ({
      id,
      redirectUris,
      scopes,
    }: {
      id: string;
      redirectUris: string[];
      scopes: string[];
    }) => updateClient(id, { redirectUris, scopes }),
    onSuccess: refresh,
  });
}

export function useRotateSecret() {
  return useMutation({ mutationFn: (id: string) => rotateClientSecret(id) });
}

export function useRevokeClient() {
  const refresh = useRefresh('clients');
  return useMutation({ mutationFn: (id: string) => revokeClient(id), onSuccess: refresh });
}

/** The audit log for the filters, newest first, page by page ("Load more"). */
export function useAuditLog(filters: AuditFilters) {
  const query = useInfiniteQuery({
    queryKey: [...ADMIN_KEY, 'audit', filters],
    queryFn: ({ pageParam, signal }) => fetchAudit(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    placeholderData: keepPreviousData,
  });
  return { query, rows: query.data?.pages.flatMap((p) => p.rows) ?? [] };
}

export function useSystemStatus() {
  return useQuery({
    queryKey: [...ADMIN_KEY, 'system'],
    queryFn: ({ signal }) => fetchSystem(signal),
    refetchInterval: 30_000,
  });
}

/** The network's organisations, by name (directory data: the FHIR API). */
export function useOrganizations() {
  return useQuery({
    queryKey: [...ADMIN_KEY, 'organizations'],
    queryFn: async ({ signal }) =>
      (await searchResources<Organization>('Organization', { _count: 500, _sort: 'name' }, signal))
        .resources,
    staleTime: 30_000,
  });
}

/** The services an organisation provides. */
export function useServices(organizationId: string | null) {
  return useQuery({
    queryKey: [...ADMIN_KEY, 'organizations', 'services', organizationId],
    queryFn: async ({ signal }) =>
      (
        await searchResources<HealthcareService>(
          'HealthcareService',
          { organization: `Organization/${organizationId ?? ''}`, _count: 200, _sort: 'name' },
          signal,
        )
      ).resources,
    enabled: organizationId !== null,
  });
}
