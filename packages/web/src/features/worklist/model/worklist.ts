import type { Task } from '@medplum/fhirtypes';
import type { DueWindow, WorklistItem, WorklistScope, WorklistTab } from '@careweave/contract';

// The worklist's wire shapes are the contract's (filled by care/tasks).
export type {
  DueWindow,
  Worklist,
  WorklistItem,
  WorklistScope,
  WorklistTab,
} from '@careweave/contract';

/** What the filters on the page hold; empty strings mean "any". */
export interface WorklistFilters {
  scope: WorklistScope;
  tab: WorklistTab;
  patient: string;
  type: string;
  due: DueWindow | '';
  organization: string;
  careTeam: string;
}

/** The filters a fresh page starts with: my open tasks. */
export const DEFAULT_FILTERS: WorklistFilters = {
  scope: 'mine',
  tab: 'open',
  patient: '',
  type: '',
  due: '',
  organization: '',
  careTeam: '',
};

/** Rows per page; "Load more" fetches the next page with the `next` cursor. */
export const PAGE_SIZE = 50;

/**
 * The query string of `GET /api/worklist` for the filters and a cursor. Empty filters are left
 * out so the server applies its defaults, and the order is fixed so equal filters share a cache key.
 */
export function worklistQuery(filters: WorklistFilters, cursor?: string): string {
  const q = new URLSearchParams();
  q.set('scope', filters.scope);
  q.set('status', filters.tab);
  const optional: [string, string][] = [
    ['patient', filters.patient],
    ['type', filters.type],
    ['due', filters.due],
    ['organization', filters.organization],
    ['careTeam', filters.careTeam],
  ];
  for (const [key, value] of optional) {
    if (value.trim() !== '') q.set(key, value.trim());
  }
  q.set('count', String(PAGE_SIZE));
  if (cursor) q.set('cursor', cursor);
  return `/api/worklist?${q.toString()}`;
}

/** Task types seen on loaded rows, as `system|code` filter values with a readable label. */
export function taskTypes(items: readonly WorklistItem[]): { value: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const item of items) {
    for (const c of item.task.code?.coding ?? []) {
      if (!c.code) continue;
      const value = c.system ? `${c.system}|${c.code}` : c.code;
      if (!seen.has(value)) seen.set(value, c.display ?? item.task.code?.text ?? c.code);
    }
  }
  return [...seen]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Human label of a FHIR Task status for the table. */
export function statusLabel(status: Task['status']): string {
  return status === 'on-hold'
    ? 'On hold'
    : status === 'in-progress'
      ? 'In progress'
      : status.charAt(0).toUpperCase() + status.slice(1).replace(/-/g, ' ');
}
