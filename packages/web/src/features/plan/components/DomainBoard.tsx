import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { DOMAIN_LABEL, domainColumns } from '../model/plan-model';
import type { DomainView } from '@careweave/contract';
import { ActivityItem } from './ActivityItem';
import { GoalCard } from './GoalCard';

function DomainColumn({ planId, column }: { planId: string; column: DomainView }) {
  const headingId = `plan-domain-${column.domain}`;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="section"
      aria-labelledby={headingId}
      data-domain={column.domain}
    >
      <Stack gap="sm">
        <Title order={3} size="h5" id={headingId}>
          {DOMAIN_LABEL[column.domain]}
        </Title>
        <Title order={4} size="h6" c="dimmed">
          Goals
        </Title>
        {column.goals.length === 0 ? (
          <Text size="xs" c="dimmed">
            No goals yet.
          </Text>
        ) : (
          column.goals.map((g) => <GoalCard key={g.id} planId={planId} goal={g} />)
        )}
        <Title order={4} size="h6" c="dimmed">
          Activities
        </Title>
        {column.activities.length === 0 ? (
          <Text size="xs" c="dimmed">
            No activities yet.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {column.activities.map((a) => (
              <ActivityItem key={a.reference} activity={a} />
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** The domains side by side (physical, mental, social, self-care; "unassigned" when used). */
export function DomainBoard({
  planId,
  domains,
}: {
  planId: string;
  domains: readonly DomainView[];
}) {
  const columns = domainColumns(domains);
  return (
    <SimpleGrid
      cols={{ base: 1, sm: 2, lg: columns.length }}
      spacing="sm"
      data-domains={columns.map((c) => c.domain).join(',')}
    >
      {columns.map((c) => (
        <DomainColumn key={c.domain} planId={planId} column={c} />
      ))}
    </SimpleGrid>
  );
}
