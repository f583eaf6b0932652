import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { CaseloadEntry } from '@careweave/contract';
import { useState } from 'react';
import { useAuth } from '../../auth/hooks/useAuth';
import { TeamPatientsSection } from './TeamPatientsSection';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { useCaseload } from '../hooks/useCaseload';
import { CaseloadReassignDialog } from './CaseloadReassignDialog';

function CaseloadCard({
  patient: p,
  selected,
  onToggle,
}: {
  patient: CaseloadEntry;
  selected: boolean;
  onToggle: () => void;
}) {
  const name = p.name ?? p.patientId;
  return (
    <Card withBorder padding="sm" data-patient={p.patientId}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={4}>
          <Link to={`/patients/${encodeURIComponent(p.patientId)}`}>{name}</Link>
          <Group gap={6}>
            <Badge variant="light" color="gray">
              {p.openTasks} open
            </Badge>
            {p.overdueTasks > 0 && (
              <Badge color="red" variant="light">
                {p.overdueTasks} overdue
              </Badge>
            )}
            {p.recentAdmissions > 0 && (
              <Badge color="orange" variant="light">
                {p.recentAdmissions} admissions
              </Badge>
            )}
          </Group>
          <Link
            to={`/patients/${encodeURIComponent(p.patientId)}/plan`}
            aria-label={`Care plan of ${name}`}
          >
            Plan
          </Link>
        </Stack>
        <Checkbox aria-label={`Select ${name}`} checked={selected} onChange={onToggle} />
      </Group>
    </Card>
  );
}

/**
 * My patients: for a coordinator, the people they coordinate (open and overdue tasks, recent
 * admissions, bulk reassignment); for every clinician, the people whose care teams they are on,
 * with their role on each.
 */
export function CaseloadPage() {
  const { user } = useAuth();
  const query = useCaseload();
  const coordinates = user?.role === 'care-coordinator' || (query.data?.patients.length ?? 0) > 0;
  return (
    <Stack gap="lg" data-page="caseload" data-state={query.isPending ? 'loading' : 'ready'}>
      <Title order={1}>My patients</Title>
      {coordinates && <CoordinatorCaseload query={query} />}
      <TeamPatientsSection
        coordinated={new Set((query.data?.patients ?? []).map((p) => p.patientId))}
      />
    </Stack>
  );
}

/** The people the viewer coordinates, most overdue first; cards on a phone, a table otherwise. */
function CoordinatorCaseload({ query }: { query: ReturnType<typeof useCaseload> }) {
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState(false);
  const patients = query.data?.patients ?? [];
  const state = query.isPending ? 'loading' : query.isError ? 'error' : 'ready';
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const all = patients.length > 0 && patients.every((p) => selected.has(p.patientId));
  const chosen = patients.filter((p) => selected.has(p.patientId)).map((p) => p.patientId);

  return (
    <Stack gap="md" component="section" aria-labelledby="caseload-heading" data-state={state}>
      <Title order={2} size="h3" id="caseload-heading">
        People you coordinate
      </Title>
      {query.data && (
        <Text size="sm" c="dimmed" role="status">
          {query.data.totals.patients} enrolled · {query.data.totals.openTasks} open tasks ·{' '}
          {query.data.totals.overdueTasks} overdue · {query.data.totals.recentAdmissions} admissions
          in the last 30 days
        </Text>
      )}
      {chosen.length > 0 && (
        <Group gap="sm">
          <Text size="sm">{chosen.length} selected</Text>
          <Button size="xs" onClick={() => setDialog(true)}>
            Reassign selected
          </Button>
        </Group>
      )}
      {state === 'loading' && (
        <Stack gap={6} aria-label="Loading patients">
          <Skeleton height={18} />
          <Skeleton height={18} width="70%" />
        </Stack>
      )}
      {state === 'error' && (
        <Alert color="red" variant="light" role="alert" title="Could not load your patients">
          {query.error?.message}
          <Button size="compact-xs" variant="default" ml="sm" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </Alert>
      )}
      {state === 'ready' && patients.length === 0 && (
        <Text c="dimmed">Nobody is enrolled with you as coordinator.</Text>
      )}
      {state === 'ready' && patients.length > 0 && narrow && (
        <Stack gap="xs">
          {patients.map((p) => (
            <CaseloadCard
              key={p.patientId}
              patient={p}
              selected={selected.has(p.patientId)}
              onToggle={() => toggle(p.patientId)}
            />
          ))}
        </Stack>
      )}
      {state === 'ready' && patients.length > 0 && !narrow && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing={6} fz="sm">
            <VisuallyHidden component="caption">
              Enrolled patients, most overdue first
            </VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <Checkbox
                    aria-label="Select all patients"
                    checked={all}
                    indeterminate={!all && chosen.length > 0}
                    onChange={(e) =>
                      setSelected(
                        e.currentTarget.checked
                          ? new Set(patients.map((p) => p.patientId))
                          : new Set(),
                      )
                    }
                  />
                </Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Plan</Table.Th>
                <Table.Th>Open tasks</Table.Th>
                <Table.Th>Overdue</Table.Th>
                <Table.Th>Recent admissions</Table.Th>
                <Table.Th>Enrolled since</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {patients.map((p) => {
                const name = p.name ?? p.patientId;
                return (
                  <Table.Tr key={p.patientId} data-patient={p.patientId}>
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${name}`}
                        checked={selected.has(p.patientId)}
                        onChange={() => toggle(p.patientId)}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Link to={`/patients/${encodeURIComponent(p.patientId)}`}>{name}</Link>
                    </Table.Td>
                    <Table.Td>
                      <Link
                        to={`/patients/${encodeURIComponent(p.patientId)}/plan`}
                        aria-label={`Care plan of ${name}`}
                      >
                        Plan
                      </Link>
                    </Table.Td>
                    <Table.Td>{p.openTasks}</Table.Td>
                    <Table.Td>
                      {p.overdueTasks > 0 ? (
                        <Badge color="red" variant="light">
                          {p.overdueTasks} overdue
                        </Badge>
                      ) : (
                        0
                      )}
                    </Table.Td>
                    <Table.Td>
                      {p.recentAdmissions > 0 ? (
                        <Badge color="orange" variant="light">
                          {p.recentAdmissions}
                        </Badge>
                      ) : (
                        0
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(p.enrolledSince)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog && chosen.length > 0 && (
        <CaseloadReassignDialog
          patients={chosen}
          onClose={() => setDialog(false)}
          onDone={() => setSelected(new Set())}
        />
      )}
    </Stack>
  );
}
