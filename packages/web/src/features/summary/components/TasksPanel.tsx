import type { Task } from '@medplum/fhirtypes';
import { Stack } from '@mantine/core';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatDate, referenceText } from '../../../lib/format';
import { usePeopleNames } from '../../../lib/usePeopleNames';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

const PRIORITY_ORDER: Readonly<Record<string, number>> = {
  stat: 0,
  asap: 1,
  urgent: 2,
  routine: 3,
};
const due = (t: Task): string | undefined => t.restriction?.period?.end;
const title = (t: Task): string => t.description ?? conceptText(t.code);

/** The table's columns; `ownerName` names owners whose reference carries no display (tasks created in the app). */
const columnsFor = (
  ownerName: (reference: string | undefined, display?: string) => string,
): Column<Task>[] => [
  {
    id: 'task',
    header: 'Task',
    value: title,
    cell: (t) => (
      <Stack gap={0}>
        <SourceLink resource={t}>{title(t)}</SourceLink>
        <AttributionLine resource={t} />
      </Stack>
    ),
  },
  {
    id: 'owner',
    header: 'Owner',
    value: (t) => (t.owner?.display ? referenceText(t.owner) : ownerName(t.owner?.reference)),
  },
  {
    id: 'priority',
    header: 'Priority',
    value: (t) => PRIORITY_ORDER[t.priority ?? 'routine'],
    cell: (t) => t.priority ?? 'routine',
  },
  { id: 'status', header: 'Status', value: (t) => t.status },
  {
    id: 'due',
    header: 'Due',
    value: due,
    cell: (t) => {
      const d = due(t);
      const overdue = d !== undefined && Date.parse(d) < Date.now();
      return overdue ? `${formatDate(d)} (overdue)` : formatDate(d);
    },
  },
];

/** Open tasks about the person (actions live on the worklist; this lists them). */
export function TasksPanel({ query }: { query: SummaryQueries['tasks'] }) {
  const ownerName = usePeopleNames(
    useMemo(() => (query.data?.resources ?? []).map((t) => t.owner?.reference), [query.data]),
  );
  const columns = useMemo(() => columnsFor(ownerName), [ownerName]);
  return (
    <Panel
      title="Tasks"
      query={query}
      count={(d) => d.resources.length}
      withheld={(d) => d.withheld}
    >
      {(d) => (
        <DataTable
          caption="Open tasks"
          rows={d.resources}
          columns={columns}
          rowKey={(t) => t.id ?? ''}
          filterLabel="Filter tasks"
          initialSort={[{ id: 'due', desc: false }]}
          emptyText="No open tasks."
        />
      )}
    </Panel>
  );
}
