import { Alert, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDirectory } from '../../summary/hooks/useDirectory';
import { useNamedTeam } from '../hooks/useNames';
import { useCareTeams } from '../hooks/usePlanQueries';
import { ROLE_LABEL } from '../model/plan-model';
import type { PlanView } from '@careweave/contract';
import { AddMemberDialog } from './AddMemberDialog';
import { EndMemberDialog } from './EndMemberDialog';

/** The care team around the person, across organisations: who, in which role, for which organisation. */
export function TeamSection({ view }: { view: PlanView }) {
  const teams = useCareTeams(view.patient.id);
  const directory = useDirectory([]);
  const team = useNamedTeam(view);
  const active = teams.data?.find((t) => t.careTeam.status === 'active') ?? teams.data?.[0];
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="plan-team-heading"
      data-plan-team
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="plan-team-heading">
          Care team
        </Title>
        {active?.careTeam.id && <AddMemberDialog careTeamId={active.careTeam.id} />}
      </Group>
      {teams.isError && (
        <Alert color="red" role="alert">
          Could not load the care team: {teams.error.message}
        </Alert>
      )}
      {teams.isSuccess && !active && (
        <Text size="sm">
          No care team yet: a team is formed when the person is enrolled in the programme.
        </Text>
      )}
      {team.length > 0 && (
        <Table striped>
          <Table.Caption>Current members of the care team</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Member</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Organisation</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.map((m) => (
              <Table.Tr key={`${m.reference}-${m.role ?? ''}`} data-member={m.reference}>
                <Table.Td>{m.display ?? m.reference}</Table.Td>
                <Table.Td>{m.role ? (ROLE_LABEL[m.role] ?? m.role) : '—'}</Table.Td>
                <Table.Td>
                  {directory.organizationName(
                    m.organization ? { reference: m.organization } : undefined,
                  ) ?? (m.reference.startsWith('Patient/') ? 'The person' : '—')}
                </Table.Td>
                <Table.Td>
                  {active?.careTeam.id && !m.reference.startsWith('Patient/') && (
                    <EndMemberDialog
                      careTeamId={active.careTeam.id}
                      member={m.reference}
                      name={m.display ?? m.reference}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
