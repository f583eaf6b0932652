import type { Encounter } from '@medplum/fhirtypes';
import { Group, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatDate } from '../../../lib/format';
import { useSummaryContext } from '../hooks/summaryContext';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import {
  countByOrganization,
  countSince,
  lengthOfStay,
  SETTING_LABELS,
  settingOf,
  type Setting,
} from '../model/encounters';
import { AttributionLine } from './AttributionLine';
import { EncounterTimeline } from './EncounterTimeline';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

const reason = (e: Encounter): string =>
  e.reasonCode?.map(conceptText).join(', ') || conceptText(e.type?.[0]);

/** Encounters across settings and organisations: a timeline, last-12-month counts and a table. */
export function EncountersPanel({ query }: { query: SummaryQueries['encounters'] }) {
  const { organizationName } = useSummaryContext();
  const columns = useMemo<Column<Encounter>[]>(
    () => [
      {
        id: 'date',
        header: 'Date',
        value: (e) => e.period?.start,
        cell: (e) => formatDate(e.period?.start),
      },
      {
        id: 'setting',
        header: 'Setting',
        value: (e) => SETTING_LABELS[settingOf(e)],
        cell: (e) => (
          <Stack gap={0}>
            <SourceLink resource={e}>{SETTING_LABELS[settingOf(e)]}</SourceLink>
            {settingOf(e) === 'inpatient' && lengthOfStay(e) !== undefined && (
              <Text size="xs">{lengthOfStay(e)} days</Text>
            )}
          </Stack>
        ),
      },
      { id: 'type', header: 'Type / reason', value: reason },
      {
        id: 'organisation',
        header: 'Organisation',
        value: (e) => organizationName(e.serviceProvider),
        cell: (e) => (
          <Stack gap={0}>
            <Text size="sm">{organizationName(e.serviceProvider) ?? '—'}</Text>
            <AttributionLine resource={e} />
          </Stack>
        ),
      },
    ],
    [organizationName],
  );
  return (
    <Panel
      title="Encounters"
      query={query}
      wide
      count={(d) => d.resources.length}
      withheld={(d) => d.withheld}
    >
      {(d) => {
        const year = countSince(d.resources, new Date(Date.now() - 365 * 86_400_000));
        const byOrg = countByOrganization(
          d.resources,
          (e) => organizationName(e.serviceProvider) ?? 'Unknown organisation',
        );
        return (
          <Stack gap="sm">
            <Group gap="lg">
              <Text size="sm">
                Last 12 months: <b>{year.inpatient}</b> inpatient admissions ·{' '}
                <b>{year.emergency}</b> ED visits · <b>{year.ambulatory}</b> ambulatory contacts
              </Text>
            </Group>
            <EncounterTimeline encounters={d.resources} />
            <Text size="sm" component="div">
              By organisation:{' '}
              {byOrg.map((o, i) => (
                <span key={o.organization}>
                  {i > 0 ? '; ' : ''}
                  <b>{o.organization}</b>{' '}
                  {(Object.keys(o.bySetting) as Setting[])
                    .filter((s) => o.bySetting[s] > 0)
                    .map((s) => `${o.bySetting[s]} ${SETTING_LABELS[s].toLowerCase()}`)
                    .join(', ')}
                </span>
              ))}
            </Text>
            <DataTable
              caption="Encounters"
              rows={d.resources}
              columns={columns}
              rowKey={(e) => e.id ?? ''}
              filterLabel="Filter encounters"
              initialSort={[{ id: 'date', desc: true }]}
              emptyText="No encounters recorded."
            />
          </Stack>
        );
      }}
    </Panel>
  );
}
