import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { TeamPatientEntry } from '@careweave/contract';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { ROLE_LABEL } from '../../plan/model/plan-model';
import { useTeamPatients } from '../hooks/useCaseload';

function roles(entry: TeamPatientEntry): string {
  return entry.roles.length > 0
    ? entry.roles.map((r) => ROLE_LABEL[r] ?? r).join(', ')
    : 'Team member';
}

function PatientCard({ entry }: { entry: TeamPatientEntry }) {
  const name = entry.name ?? entry.patientId;
  return (
    <Card withBorder padding="sm" data-team-patient={entry.patientId}>
      <Stack gap={4}>
        <Link to={`/patients/${encodeURIComponent(entry.patientId)}`}>{name}</Link>
        <Group gap="xs">
          <Badge variant="light">{roles(entry)}</Badge>
          {entry.careTeamName && (
            <Text size="xs" c="dimmed">
              {entry.careTeamName}
            </Text>
          )}
        </Group>
        <Link
          to={`/patients/${encodeURIComponent(entry.patientId)}/plan`}
          aria-label={`Care plan of ${name}`}
        >
          Plan
        </Link>
      </Stack>
    </Card>
  );
}

/**
 * "On your care teams": every person whose active care team lists the viewer, with the viewer's
 * role on that team — what a GP, social worker or psychologist means by "my patients", whether or
 * not they coordinate anyone. Cards on a phone, a table otherwise.
 */
export function TeamPatientsSection({
  coordinated = new Set(),
}: {
  /** People listed above as coordinated by the viewer: not repeated here. */
  coordinated?: ReadonlySet<string>;
}) {
  const query = useTeamPatients();
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  const patients = (query.data?.patients ?? []).filter((p) => !coordinated.has(p.patientId));
  const state = query.isPending ? 'loading' : query.isError ? 'error' : 'ready';
  return (
    <Stack gap="sm" component="section" aria-labelledby="team-patients-heading" data-state={state}>
      <Title order={2} size="h3" id="team-patients-heading">
        On your care teams
      </Title>
      {state === 'loading' && (
        <Stack gap={6} aria-label="Loading the people on your care teams">
          <Skeleton height={18} />
          <Skeleton height={18} width="70%" />
        </Stack>
      )}
      {state === 'error' && (
        <Alert color="red" variant="light" role="alert" title="Could not load your care teams">
          {query.error?.message}
          <Button size="compact-xs" variant="default" ml="sm" onClick={() => void query.refetch()}>
            Retry
          </Button>
        </Alert>
      )}
      {state === 'ready' && (
        <Text size="sm" c="dimmed" role="status">
          {patients.length === 0
            ? coordinated.size > 0
              ? 'Nobody else: everyone whose team you are on is listed above.'
              : 'You are not on anyone’s care team yet. A care coordinator adds you to a person’s team.'
            : `${patients.length} ${patients.length === 1 ? 'person' : 'people'} on your care teams`}
        </Text>
      )}
      {state === 'ready' && patients.length > 0 && narrow && (
        <Stack gap="xs">
          {patients.map((p) => (
            <PatientCard key={`${p.patientId}/${p.careTeam}`} entry={p} />
          ))}
        </Stack>
      )}
      {state === 'ready' && patients.length > 0 && !narrow && (
        <Table striped highlightOnHover verticalSpacing={6} fz="sm">
          <Table.Caption>People whose care teams you are on, with your role</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Your role</Table.Th>
              <Table.Th>Team</Table.Th>
              <Table.Th>Plan</Table.Th>
              <Table.Th>Since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {patients.map((p) => {
              const name = p.name ?? p.patientId;
              return (
                <Table.Tr key={`${p.patientId}/${p.careTeam}`} data-team-patient={p.patientId}>
                  <Table.Td>
                    <Link to={`/patients/${encodeURIComponent(p.patientId)}`}>{name}</Link>
                  </Table.Td>
                  <Table.Td>{roles(p)}</Table.Td>
                  <Table.Td>{p.careTeamName ?? '—'}</Table.Td>
                  <Table.Td>
                    <Link
                      to={`/patients/${encodeURIComponent(p.patientId)}/plan`}
                      aria-label={`Care plan of ${name}`}
                    >
                      Plan
                    </Link>
                  </Table.Td>
                  <Table.Td>{formatDate(p.since)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
