import type { Encounter } from '@medplum/fhirtypes';
import { ENCOUNTER_CLASS } from '../../../lib/codes';

/** Encounter settings on the timeline. */
export type Setting = 'inpatient' | 'emergency' | 'ambulatory';

export const SETTING_LABELS: Readonly<Record<Setting, string>> = {
  inpatient: 'Inpatient',
  emergency: 'Emergency department',
  ambulatory: 'Ambulatory',
};

/** The setting of an encounter from its v3 ActCode class (ACUTE/NONAC count as inpatient). */
export function settingOf(e: Encounter): Setting {
  switch (e.class.code) {
    case ENCOUNTER_CLASS.INPATIENT:
    case 'ACUTE':
    case 'NONAC':
    case 'SS':
      return 'inpatient';
    case ENCOUNTER_CLASS.EMERGENCY:
      return 'emergency';
    default:
      return 'ambulatory';
  }
}

/** Counts encounters per setting that started on or after `since`. */
export function countSince(encounters: readonly Encounter[], since: Date): Record<Setting, number> {
  const counts: Record<Setting, number> = { inpatient: 0, emergency: 0, ambulatory: 0 };
  for (const e of encounters) {
    if (e.period?.start && Date.parse(e.period.start) >= since.getTime()) {
      counts[settingOf(e)]++;
    }
  }
  return counts;
}

/** Length of stay in days (inpatient), from `length` or the period. */
export function lengthOfStay(e: Encounter): number | undefined {
  if (e.length?.value !== undefined) {
    return e.length.value;
  }
  if (e.period?.start && e.period.end) {
    return Math.max(
      0,
      Math.round((Date.parse(e.period.end) - Date.parse(e.period.start)) / 86_400_000),
    );
  }
  return undefined;
}

/** Encounters per organization and setting, busiest organization first. */
export function countByOrganization(
  encounters: readonly Encounter[],
  nameOf: (e: Encounter) => string,
): { organization: string; total: number; bySetting: Record<Setting, number> }[] {
  const rows = new Map<
    string,
    { organization: string; total: number; bySetting: Record<Setting, number> }
  >();
  for (const e of encounters) {
    const organization = nameOf(e);
    const row = rows.get(organization) ?? {
      organization,
      total: 0,
      bySetting: { inpatient: 0, emergency: 0, ambulatory: 0 },
    };
    row.total++;
    row.bySetting[settingOf(e)]++;
    rows.set(organization, row);
  }
  return [...rows.values()].sort(
    (a, b) => b.total - a.total || a.organization.localeCompare(b.organization),
  );
}
