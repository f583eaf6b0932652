/**
 * What each role sees. The server enforces access; this only decides what the workspace offers,
 * so a food-bank worker is not shown patient search they could not use anyway.
 */
export type NavKey =
  | 'worklist'
  | 'caseload'
  | 'population'
  | 'search'
  | 'referrals'
  | 'dashboards'
  | 'payment'
  | 'admin';

export interface NavItem {
  key: NavKey;
  label: string;
  path: string;
  /** Set while a later issue still has to build the screen: shown as "coming". */
  coming?: string;
}

/** All navigation items, in menu order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'worklist', label: 'My worklist', path: '/worklist' },
  { key: 'caseload', label: 'My patients', path: '/caseload' },
  { key: 'population', label: 'Population', path: '/population' },
  { key: 'search', label: 'Patient search', path: '/search' },
  { key: 'referrals', label: 'Referrals', path: '/referrals' },
  {
    key: 'dashboards',
    label: 'Dashboards',
    path: '/dashboards',
  },
  { key: 'payment', label: 'Payment', path: '/payment' },
  { key: 'admin', label: 'Administration', path: '/admin' },
];

const STAFF: readonly NavKey[] = [
  'worklist',
  'caseload',
  'population',
  'search',
  'referrals',
  'dashboards',
];

const BY_ROLE: Readonly<Record<string, readonly NavKey[]>> = {
  // Only administrators see Administration (the server refuses everyone else as well).
  administrator: [...STAFF, 'payment', 'admin'],
  'care-coordinator': STAFF,
  physician: STAFF,
  nurse: STAFF,
  'behavioural-health': STAFF,
  'social-worker': STAFF,
  pharmacist: ['worklist', 'caseload', 'search', 'referrals'],
  'community-health-worker': ['worklist', 'caseload', 'search', 'referrals'],
  // Payment figures are the programme's and the network's, not a clinician's (the server agrees).
  'programme-manager': ['population', 'search', 'dashboards', 'payment'],
  'community-organisation': ['referrals'],
  patient: [],
  caregiver: [],
};

/** Human names of the roles, for the header. */
export const ROLE_LABELS: Readonly<Record<string, string>> = {
  administrator: 'Administrator',
  'care-coordinator': 'Care coordinator',
  physician: 'Physician',
  nurse: 'Nurse',
  'behavioural-health': 'Behavioural health',
  'social-worker': 'Social worker',
  pharmacist: 'Pharmacist',
  'community-health-worker': 'Community health worker',
  'programme-manager': 'Programme manager',
  'community-organisation': 'Community organisation',
  patient: 'Patient',
  caregiver: 'Caregiver',
};

/** The navigation items a role sees (unknown roles see nothing but their account). */
export function navigationFor(role: string): NavItem[] {
  const keys = BY_ROLE[role] ?? [];
  return NAV_ITEMS.filter((item) => keys.includes(item.key));
}

/** True for people who use the patient portal rather than the workspace. */
export function isPortalRole(role: string): boolean {
  return role === 'patient' || role === 'caregiver';
}

/** Where a role lands after signing in. */
export function homePath(role: string): string {
  if (isPortalRole(role)) {
    return '/me';
  }
  const items = navigationFor(role);
  // An administrator's day is administration, not a worklist nobody fills for them.
  if (role === 'administrator') {
    return '/admin';
  }
  // The worklist is where the day's work starts; a programme manager's day starts from the
  // programme's numbers (the population by risk tier, enrolled and not); roles without either keep
  // their first item (community organisations: referrals).
  return (
    (
      items.find((i) => i.key === 'worklist') ??
      items.find((i) => i.key === 'population') ??
      items[0]
    )?.path ?? '/account'
  );
}

/** True when the role may open patient search and summaries. */
export function canSearchPatients(role: string): boolean {
  return navigationFor(role).some((i) => i.key === 'search');
}

/**
 * Roles that may break the glass: clinical staff acting for a practitioner. The server decides
 * (community organisations, administrators, programme managers and patients are refused there too);
 * this only decides whether the refusal screen offers it.
 */
const BREAK_GLASS_ROLES: readonly string[] = [
  'care-coordinator',
  'physician',
  'nurse',
  'behavioural-health',
  'social-worker',
  'pharmacist',
  'community-health-worker',
];

export function canBreakGlass(role: string): boolean {
  return BREAK_GLASS_ROLES.includes(role);
}
