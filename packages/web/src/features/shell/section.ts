import type { NavItem } from './navigation';

/**
 * Which menu item a page belongs to. A patient's pages are reached from the worklist, the
 * caseload, the population list or search, so they belong to the section the user came from (kept
 * for the tab's session), not always to "Patient search". A page opened directly belongs to none.
 */
const KEY = 'careweave.section';

export function activeSection(items: readonly NavItem[], path: string): string | null {
  const own = items.find((i) => i.path === path);
  if (own) {
    remember(own.path);
    return own.path;
  }
  if (path.startsWith('/admin/')) {
    return items.find((i) => i.key === 'admin')?.path ?? null;
  }
  if (path.startsWith('/patients/') || path.startsWith('/resource/')) {
    const last = recall();
    return items.some((i) => i.path === last) ? last : null;
  }
  return null;
}

function remember(path: string): void {
  try {
    window.sessionStorage.setItem(KEY, path);
  } catch {
    // Storage can be unavailable (private mode, quota): highlighting is a nicety, not state.
  }
}

function recall(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}
