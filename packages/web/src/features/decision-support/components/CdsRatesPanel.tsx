import { Alert, Anchor, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useAuth } from '../../auth/hooks/useAuth';
import { useCdsRates } from '../hooks/useCdsCards';
import { ScrollRegion } from '../../../components/ScrollRegion';

const MANAGERS = ['programme-manager', 'administrator'];

const percent = (rate: number | null): string =>
  rate === null ? '—' : `${Math.round(rate * 100)}%`;

/** Acceptance of each decision-support rule's cards (programme managers and administrators). */
export function CdsRatesPanel() {
  const { user } = useAuth();
  const allowed = user !== null && MANAGERS.includes(user.role);
  const rates = useCdsRates(allowed);
  if (!allowed) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Decision support acceptance">
      <Title order={3} size="h4">
        Decision support: acceptance per rule
      </Title>
      <Text size="sm" c="dimmed">
        Cards shown at the point of care, and how many were accepted or dismissed with a reason.
      </Text>
      {rates.isPending && <Loader size="sm" aria-label="Loading acceptance rates" />}
      {rates.isError && <Alert color="red">{rates.error.message}</Alert>}
      {rates.data && (
        <ScrollRegion label="Acceptance per rule (scrolls sideways)">
          <Table striped withTableBorder data-cds-rates>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th ta="right">Cards shown</Table.Th>
                <Table.Th ta="right">Accepted</Table.Th>
                <Table.Th ta="right">Dismissed</Table.Th>
                <Table.Th ta="right">Acceptance</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rates.data.rules.map((r) => (
                <Table.Tr key={r.ruleId} data-rule={r.ruleId}>
                  <Table.Td>
                    {r.title}{' '}
                    <Text span size="xs" c="dimmed">
                      v{r.version}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={r.source.url} target="_blank" rel="noreferrer" size="sm">
                      {r.source.label}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{r.cards}</Table.Td>
                  <Table.Td ta="right">{r.accepted}</Table.Td>
                  <Table.Td ta="right">{r.overridden}</Table.Td>
                  <Table.Td ta="right">{percent(r.acceptanceRate)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
    </Stack>
  );
}
