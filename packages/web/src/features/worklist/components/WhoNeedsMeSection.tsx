import { Anchor, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { WhoNeedsMeResponse } from '@careweave/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { useAuth } from '../../auth/hooks/useAuth';
import { ScrollRegion } from '../../../components/ScrollRegion';

/** How many people the section lists; the API ranks up to 200. */
const SHOWN = 10;

/**
 * "Who needs me today" for a care coordinator: their people ranked by risk tier and recent events
 * (a discharge, an ED visit, a positive screening, an overdue task, days without contact), each
 * with the top reasons in words (`GET /api/who-needs-me`, care/today). People who opted out of
 * automated recommendations are not ranked; the count says how many.
 */
export function WhoNeedsMeSection() {
  const { user } = useAuth();
  const coordinator = user?.role === 'care-coordinator';
  const list = useQuery({
    queryKey: ['who-needs-me'],
    queryFn: async ({ signal }) =>
      (await request<WhoNeedsMeResponse>(`/api/who-needs-me?limit=${SHOWN}`, { signal })).data,
    enabled: coordinator,
    staleTime: 120_000,
    retry: false,
  });
  if (!coordinator) return null;
  const items = list.data?.items ?? [];
  return (
    <Card withBorder padding="md" component="section" aria-label="Who needs me today">
      <Stack gap="xs">
        <Title order={2} size="h4">
          Who needs me today
        </Title>
        {list.isPending && (
          <Group gap="xs" role="status">
            <Loader size="sm" />
            <Text size="sm">Ranking your people…</Text>
          </Group>
        )}
        {list.isError && (
          <Text size="sm" c="dimmed">
            The ranking is not available right now ({list.error.message}); the worklist below is
            complete.
          </Text>
        )}
        {list.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            Nobody on your caseload stands out today.
          </Text>
        )}
        {items.length > 0 && (
          <ScrollRegion label="Who needs me today (scrolls sideways)">
            <Table aria-label="Who needs me today">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Why today</Table.Th>
                  <Table.Th>Score</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.patientId}>
                    <Table.Td>
                      <Anchor href={`/patients/${encodeURIComponent(item.patientId)}`}>
                        {item.name ?? item.patientId}
                      </Anchor>
                      {item.tier && (
                        <Badge ml="xs" size="xs" variant="light">
                          {item.tier}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {item.reasons
                        .slice(0, 3)
                        .map((r) => r.text)
                        .join('; ')}
                    </Table.Td>
                    <Table.Td>{item.score.toFixed(1)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        )}
        {(list.data?.optedOut ?? 0) > 0 && (
          <Text size="xs" c="dimmed">
            {list.data?.optedOut} of your people opted out of automated recommendations and are not
            ranked.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
