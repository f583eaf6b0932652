import type { Condition } from '@medplum/fhirtypes';
import { Stack } from '@mantine/core';
import { DataTable, type Column } from '../../../components/DataTable';
import { ICD10CM } from '../../../lib/codes';
import { codingIn, conceptText, formatDate } from '../../../lib/format';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { domainOf, isActive } from '../model/domains';
import { AttributionLine } from './AttributionLine';
import { DomainBadge } from './DomainBadge';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

const onset = (c: Condition): string | undefined =>
  c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate;
const status = (c: Condition): string => c.clinicalStatus?.coding?.[0]?.code ?? 'unknown';

const columns: Column<Condition>[] = [
  {
    id: 'problem',
    header: 'Problem',
    value: (c) => conceptText(c.code),
    cell: (c) => (
      <Stack gap={0}>
        <SourceLink resource={c}>{conceptText(c.code)}</SourceLink>
        <AttributionLine resource={c} />
      </Stack>
    ),
  },
  {
    id: 'domain',
    header: 'Domain',
    value: (c) => domainOf(c),
    cell: (c) => <DomainBadge domain={domainOf(c)} />,
  },
  { id: 'code', header: 'ICD-10', value: (c) => codingIn(c.code, ICD10CM)?.code },
  { id: 'onset', header: 'Onset', value: (c) => onset(c), cell: (c) => formatDate(onset(c)) },
  { id: 'status', header: 'Status', value: status },
];

/** Active problems (physical and mental) with onset; resolved ones behind "Show all". */
export function ProblemsPanel({ query }: { query: SummaryQueries['conditions'] }) {
  return (
    <Panel
      title="Problems"
      query={query}
      count={(d) => d.resources.filter((c) => domainOf(c) !== 'social' && isActive(c)).length}
      withheld={(d) => d.withheld}
    >
      {(d) => {
        const problems = d.resources
          .filter((c) => domainOf(c) !== 'social')
          .sort((a, b) => Number(isActive(b)) - Number(isActive(a)));
        return (
          <DataTable
            caption="Problems"
            rows={problems}
            columns={columns}
            rowKey={(c) => c.id ?? ''}
            filterLabel="Filter problems"
            initialSort={[{ id: 'domain', desc: false }]}
            emptyText="No problems recorded."
          />
        );
      }}
    </Panel>
  );
}

/** Social needs (SDOH health concerns): food, housing, transport, safety. */
export function SocialNeedsPanel({ query }: { query: SummaryQueries['conditions'] }) {
  return (
    <Panel
      title="Social needs"
      query={query}
      count={(d) => d.resources.filter((c) => domainOf(c) === 'social' && isActive(c)).length}
    >
      {(d) => (
        <DataTable
          caption="Social needs"
          rows={d.resources.filter((c) => domainOf(c) === 'social')}
          columns={columns
            .filter((c) => c.id !== 'domain')
            .map((c) => (c.id === 'problem' ? { ...c, header: 'Need' } : c))}
          rowKey={(c) => c.id ?? ''}
          emptyText="No social needs recorded."
        />
      )}
    </Panel>
  );
}
