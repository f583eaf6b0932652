import { request } from '../../lib/http';
import type {
  AdminClient,
  AdminUser,
  AuditFilters,
  AuditRow,
  ClientUpdate,
  NewClient,
  NewUser,
  PasswordReset,
  SystemStatus,
} from './model/types';
import { auditQuery } from './model/audit';

/* The administration API (packages/server/src/admin): administrators only, every change audited. */

const opts = (signal?: AbortSignal) => (signal ? { signal } : {});
const user = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;
const client = (id: string) => `/api/admin/clients/${encodeURIComponent(id)}`;

export async function fetchUsers(search: string, signal?: AbortSignal): Promise<AdminUser[]> {
  const q = search.trim() ? `?search=${encodeURIComponent(search.trim())}` : '';
  return (await request<{ users: AdminUser[] }>(`/api/admin/users${q}`, opts(signal))).data.users;
}

export async function createUser(input: NewUser): Promise<AdminUser> {
  return (await request<AdminUser>('/api/admin/users', { method: 'POST', json: input })).data;
}

export async function setUserDisabled(id: string, disabled: boolean): Promise<AdminUser> {
  return (
    await request<AdminUser>(`${user(id)}/${disabled ? 'disable' : 'enable'}`, {
      method: 'POST',
      json: {},
    })
  ).data;
}

export async function resetUserPassword(id: string, password: string): Promise<AdminUser> {
  return (
    await request<AdminUser>(`${user(id)}/password`, {
      method: 'POST',
      json: { password } satisfies PasswordReset,
    })
  ).data;
}

export async function fetchClients(signal?: AbortSignal): Promise<AdminClient[]> {
  return (await request<{ clients: AdminClient[] }>('/api/admin/clients', opts(signal))).data
    .clients;
}

export async function registerClient(
  input: NewClient,
): Promise<{ client: AdminClient; secret?: string }> {
  return (
    await request<{ client: AdminClient; secret?: string }>('/api/admin/clients', {
      method: 'POST',
      json: input,
    })
  ).data;
}

export async function updateClient(id: string, changes: ClientUpdate): Promise<AdminClient> {
  return (await request<AdminClient>(client(id), { method: 'PATCH', json: changes })).data;
}

export async function rotateClientSecret(id: string): Promise<{ secret: string }> {
  return (await request<{ secret: string }>(`${client(id)}/secret`, { method: 'POST', json: {} }))
    .data;
}

export async function revokeClient(id: string): Promise<void> {
  await request<unknown>(client(id), { method: 'DELETE' });
}

export async function fetchAudit(
  filters: AuditFilters,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<{ rows: AuditRow[]; next: string | null }> {
  const q = auditQuery(filters, { count: '50', ...(cursor ? { cursor } : {}) });
  return (
    await request<{ rows: AuditRow[]; next: string | null }>(`/api/admin/audit${q}`, opts(signal))
  ).data;
}

/** The CSV export as text (fetched with the bearer token: the app sets no cookies). */
export async function fetchAuditCsv(filters: AuditFilters): Promise<string> {
  return (await request<string>(`/api/admin/audit.csv${auditQuery(filters, {})}`, { text: true }))
    .data;
}

export async function fetchSystem(signal?: AbortSignal): Promise<SystemStatus> {
  return (await request<SystemStatus>('/api/admin/system', opts(signal))).data;
}
