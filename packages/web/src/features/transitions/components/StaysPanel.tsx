import type { StayView, TransitionSummary } from '@careweave/contract';
import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { Panel } from '../../summary/components/Panel';
import { useTransitions } from '../hooks/useTransitions';
import { TASK_LABEL, stayKind } from '../model/transitions';

const LACE_COLOR = { low: 'green', moderate: 'yellow', high: 'red' } as const;

function Stay({ stay, label }: { stay: StayView; label: string }) {
  return (
    <Stack gap={2} data-stay={stay.encounter}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {label}: {stayKind(stay)}
          {stay.where ? `, ${stay.where}` : ''}
        </Text>
        {stay.readmissionOf && (
          <Badge color="red" variant="outline" size="sm">
            Readmission within 30 days
          </Badge>
        )}
      </Group>
      <Text size="sm">
        {stay.admitted ? `Admitted ${formatDate(stay.admitted)}` : 'Admission date not given'}
        {stay.discharged ? ` · discharged ${formatDate(stay.discharged)}` : ' · still in hospital'}
        {stay.diagnosis ? ` · ${stay.diagnosis}` : ''}
      </Text>
      {stay.lace && (
        <Group gap="xs">
          <Badge color={LACE_COLOR[stay.lace.band]} variant="light" size="sm">
            LACE {stay.lace.score} · {stay.lace.band} risk
          </Badge>
          <Text size="xs" c="dimmed">
            L {stay.lace.points.l} · A {stay.lace.points.a} · C {stay.lace.points.c} · E{' '}
            {stay.lace.points.e} (van Walraven 2010: readmission or death within 30 days)
          </Text>
        </Group>
      )}
    </Stack>
  );
}

function Body({ data, patientId }: { data: TransitionSummary; patientId: string }) {
  if (!data.current && !data.lastDischarge) {
    return (
      <Text size="sm" c="dimmed">
        No hospital stays on record.
      </Text>
    );
  }
  const reconcile = data.tasks.find(
    (t) => t.code === 'medication-reconciliation' && t.status !== 'cancelled',
  );
  return (
    <Stack gap="sm">
      {data.current && <Stay stay={data.current} label="Now" />}
      {data.lastDischarge && <Stay stay={data.lastDischarge} label="Last discharge" />}
      {data.tasks.length > 0 && (
        <Table fz="sm" verticalSpacing={4} aria-label="Transition of care tasks">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.tasks.map((t) => (
              <Table.Tr key={t.id} data-transition-task={t.code}>
                <Table.Td>{TASK_LABEL[t.code]}</Table.Td>
                <Table.Td>{t.due ? formatDate(t.due) : '—'}</Table.Td>
                <Table.Td>{t.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {reconcile && (
        <Link
          to={`/patients/${encodeURIComponent(patientId)}/medication-reconciliation?encounter=${encodeURIComponent(reconcile.encounter)}`}
        >
          {reconcile.status === 'completed'
            ? 'View the medication reconciliation'
            : 'Reconcile medicines'}
        </Link>
      )}
    </Stack>
  );
}

/** Hospital stays on the summary: where the person is now, the last discharge with LACE, the protocol's steps. */
export function StaysPanel({ patientId }: { patientId: string }) {
  const query = useTransitions(patientId);
  return (
    <Panel title="Hospital stays" query={query} wide>
      {(data) => <Body data={data} patientId={patientId} />}
    </Panel>
  );
}
