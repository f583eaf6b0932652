import type { AuditFilters } from './types';

/** No filter: the newest events of everyone. */
export const NO_FILTERS: AuditFilters = {
  user: '',
  patient: '',
  action: '',
  outcome: '',
  from: '',
  to: '',
};

/** The kinds of event the audit log filters by (the server's `action` values), in words. */
export const AUDIT_ACTIONS: readonly { value: string; label: string }[] = [
  { value: 'login', label: 'Sign-in' },
  { value: 'logout', label: 'Sign-out' },
  { value: 'read', label: 'Read' },
  { value: 'search', label: 'Search' },
  { value: 'create', label: 'Create' },
  { value: 'update', label: 'Update' },
  { value: 'delete', label: 'Delete' },
  { value: 'export', label: 'Export' },
  { value: 'administration', label: 'Administration' },
  { value: 'audit-log', label: 'Use of the audit log' },
];

/**
 * The query string of the filters plus extra parameters (empty filters left out). A date-only
 * "to" means the whole day, so it is sent as the day's last moment.
 */
export function auditQuery(filters: AuditFilters, extra: Record<string, string>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filters) as [keyof AuditFilters, string][]) {
    const v = value.trim();
    if (!v) continue;
    q.set(key, key === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T23:59:59.999Z` : v);
  }
  for (const [key, value] of Object.entries(extra)) q.set(key, value);
  const s = q.toString();
  return s ? `?${s}` : '';
}
