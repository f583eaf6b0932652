import type { Bundle } from '@medplum/fhirtypes';
import { formatName } from '../../../lib/format';
import type { PersonChoice } from './team';

/** SNOMED CT 768820003 "Care coordinator (occupation)" — how PractitionerRole.code marks coordinators (care/roster codes). */
export const CARE_COORDINATOR_ROLE = 'http://snomed.info/sct|768820003';

/**
 * The network's care coordinators (to enrol someone with, to hand patients to), from a `PractitionerRole?role=…&_include=PractitionerRole:practitioner`
 * bundle: each active practitioner once, by name, leaving out `exclude` (the current coordinator).
 */
export function coordinatorChoices(
  bundle: Bundle | undefined,
  exclude: string | undefined,
): PersonChoice[] {
  const entries = bundle?.entry ?? [];
  const names = new Map<string, string>();
  for (const e of entries) {
    if (e.resource?.resourceType === 'Practitioner')
      names.set(`Practitioner/${e.resource.id ?? ''}`, formatName(e.resource.name));
  }
  const out = new Map<string, string>();
  for (const e of entries) {
    if (e.resource?.resourceType !== 'PractitionerRole') continue;
    const role = e.resource;
    const ref = role.practitioner?.reference;
    if (!ref || role.active === false || ref === exclude || out.has(ref)) continue;
    out.set(ref, names.get(ref) ?? role.practitioner?.display ?? ref);
  }
  return [...out]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
