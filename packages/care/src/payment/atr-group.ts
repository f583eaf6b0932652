/**
 * The attribution lists as Da Vinci Member Attribution (ATR) Groups (HL7 FHIR IG
 * `hl7.fhir.us.davinci-atr` STU2, profile `atr-group`): one Group per organisation, one member
 * entry per unbroken run of months with the same attributed practitioner, each with its period,
 * the attributed provider (`ext-attributedProvider`) and the ATR change type (`ext-changeType`:
 * new, changed, nochange) of the run's first month.
 */
import type { AttributionChange, MonthlyAttribution } from '@careweave/contract';
import type { Group, GroupMember } from '@medplum/fhirtypes';
import { firstDay, lastDay } from './months.js';

const ATR = 'http://hl7.org/fhir/us/davinci-atr/StructureDefinition';

const ATR_CHANGE: Readonly<Record<AttributionChange, 'new' | 'changed' | 'nochange'>> = {
  new: 'new',
  unchanged: 'nochange',
  'plurality-shift': 'changed',
  'tie-break': 'changed',
  'no-visits-in-lookback': 'changed',
};

/** The ATR Group of each organisation, for the period. */
export function attributionGroups(
  attribution: ReadonlyMap<string, readonly MonthlyAttribution[]>,
  period: { start: string; end: string },
  names: ReadonlyMap<string, string>,
): Group[] {
  const members = new Map<string, GroupMember[]>();
  for (const [patientId, series] of attribution) {
    let run: {
      org: string;
      practitioner: string | null;
      from: string;
      to: string;
      change: AttributionChange;
    } | null = null;
    const flush = (): void => {
      if (!run) return;
      const list = members.get(run.org) ?? [];
      list.push({
        entity: { reference: `Patient/${patientId}` },
        period: { start: firstDay(run.from), end: lastDay(run.to) },
        extension: [
          ...(run.practitioner
            ? [
                {
                  url: `${ATR}/ext-attributedProvider`,
                  valueReference: { reference: run.practitioner },
                },
              ]
            : []),
          { url: `${ATR}/ext-changeType`, valueCode: ATR_CHANGE[run.change] },
        ],
      });
      members.set(run.org, list);
      run = null;
    };
    for (const a of series) {
      if (run && run.org === a.organization && run.practitioner === a.practitioner) {
        run.to = a.month;
        continue;
      }
      flush();
      if (a.organization !== null) {
        run = {
          org: a.organization,
          practitioner: a.practitioner,
          from: a.month,
          to: a.month,
          change: a.change,
        };
      }
    }
    flush();
  }
  return [...members.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([org, member]) => ({
      resourceType: 'Group',
      id: `attribution-${org.split('/')[1] ?? org}-${period.start}`,
      meta: { profile: [`${ATR}/atr-group`] },
      extension: [
        {
          url: `${ATR}/ext-contractValidityPeriod`,
          valuePeriod: { start: firstDay(period.start), end: lastDay(period.end) },
        },
      ],
      active: true,
      type: 'person',
      actual: true,
      name: `Members attributed to ${names.get(org) ?? org}, ${period.start} to ${period.end}`,
      managingEntity: { reference: org, ...(names.get(org) ? { display: names.get(org) } : {}) },
      quantity: new Set(member.map((m) => m.entity.reference)).size,
      member,
    }));
}
