import type { CareTeam, CareTeamParticipant } from '@medplum/fhirtypes';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatPeriod } from '../../../lib/format';
import { useSummaryContext } from '../hooks/summaryContext';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { ReferenceLink, SourceLink } from './SourceLink';

type Row = CareTeamParticipant & { key: string };

function Team({ team }: { team: CareTeam }) {
  const { organizationName } = useSummaryContext();
  const rows: Row[] = (team.participant ?? []).map((p, i) => ({ ...p, key: `${team.id}-${i}` }));
  const columns: Column<Row>[] = [
    { id: 'role', header: 'Role', value: (p) => p.role?.map(conceptText).join(', ') },
    {
      id: 'member',
      header: 'Member',
      value: (p) => p.member?.display,
      cell: (p) => <ReferenceLink reference={p.member} />,
    },
    {
      id: 'organisation',
      header: 'Organisation',
      value: (p) =>
        organizationName(p.onBehalfOf) ??
        (p.member?.reference?.startsWith('Patient/') ? 'Patient' : undefined),
    },
    {
      id: 'since',
      header: 'Period',
      value: (p) => p.period?.start,
      cell: (p) => formatPeriod(p.period),
    },
  ];
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <SourceLink resource={team}>{team.name ?? 'Care team'}</SourceLink>
        <Badge size="xs" variant="outline" color="gray">
          {team.status ?? 'status unknown'}
        </Badge>
      </Group>
      <AttributionLine resource={team} />
      <DataTable
        caption={team.name ?? 'Care team'}
        rows={rows}
        columns={columns}
        rowKey={(p) => p.key}
        emptyText="No participants."
      />
    </Stack>
  );
}

/** The care teams around the person, across organisations, with each member's role. */
export function CareTeamPanel({ query }: { query: SummaryQueries['careTeams'] }) {
  return (
    <Panel
      title="Care team"
      query={query}
      count={(d) =>
        d.resources
          .filter((t) => t.status === 'active')
          .reduce((n, t) => n + (t.participant?.length ?? 0), 0)
      }
      withheld={(d) => d.withheld}
    >
      {(d) =>
        d.resources.length === 0 ? (
          <Text size="sm" c="dimmed">
            No care team yet. Teams are formed at programme enrolment.
          </Text>
        ) : (
          <Stack gap="md">
            {d.resources.map((t) => (
              <Team key={t.id} team={t} />
            ))}
          </Stack>
        )
      }
    </Panel>
  );
}
