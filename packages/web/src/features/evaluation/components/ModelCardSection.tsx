import { Alert, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import type { ModelCard, ModelCardMetrics } from '@careweave/contract';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../../lib/http';
import { ScrollRegion } from '../../../components/ScrollRegion';

const fixed = (v: number | null, digits = 3): string => (v === null ? '—' : v.toFixed(digits));

/** `GET /api/risk/model-card`: refitted on the population, so kept for ten minutes. */
function useModelCard() {
  return useQuery({
    queryKey: ['risk', 'model-card'],
    queryFn: async ({ signal }) =>
      (await request<ModelCard>('/api/risk/model-card', { signal })).data,
    staleTime: 600_000,
    retry: false,
  });
}

function MetricsCells({ m }: { m: ModelCardMetrics }) {
  return (
    <>
      <Table.Td>{m.n}</Table.Td>
      <Table.Td>{m.events}</Table.Td>
      <Table.Td>{fixed(m.auc)}</Table.Td>
      <Table.Td>{fixed(m.calibration_slope, 2)}</Table.Td>
      <Table.Td>{fixed(m.observed_expected, 2)}</Table.Td>
    </>
  );
}

/**
 * The learned admission model's card (ONC HTI-1 source attributes) for programme managers:
 * intended use, inputs, training and validation data, performance overall and by subgroup, the
 * fairness audit with its largest gap named, known risks and update cadence.
 */
export function ModelCardSection() {
  const card = useModelCard();
  const c = card.data;
  return (
    <Card withBorder padding="md" component="section" aria-label="Model card">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Model card: emergency-admission risk model
        </Title>
        {card.isFetching && (
          <Group gap="xs" role="status">
            <Loader size="sm" />
            <Text size="sm">Validating the model on the population…</Text>
          </Group>
        )}
        {card.isError && (
          <Alert color="red" title="The model card could not be computed" role="alert">
            {card.error.message}
          </Alert>
        )}
        {c && (
          <>
            <Text size="sm">
              <b>{c.name}</b>, version {c.version} ({c.developer}). {c.intended_use}
            </Text>
            <Text size="sm">Not for: {c.out_of_scope_use}</Text>
            <Text size="sm">Inputs: {c.inputs.map((i) => i.label).join(', ')}.</Text>
            <Text size="sm">
              Trained on {c.training_data.people} people ({c.training_data.events} admissions,{' '}
              {c.training_data.from} to {c.training_data.to}); validated by {c.validation.method} on{' '}
              {c.validation.people} people ({c.validation.events} admissions, {c.validation.from} to{' '}
              {c.validation.to}).
            </Text>
            <Group gap="xs">
              <Badge variant="light">AUC {fixed(c.performance.overall.auc)}</Badge>
              <Badge variant="light" color="gray">
                LACE AUC {fixed(c.performance.baselines.lace.auc)}
              </Badge>
              <Badge variant="light" color="gray">
                Charlson AUC {fixed(c.performance.baselines.charlson.auc)}
              </Badge>
            </Group>
            <ScrollRegion label="Performance by group (scrolls sideways)">
              <Table striped aria-label="Performance by group">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Group</Table.Th>
                    <Table.Th>People</Table.Th>
                    <Table.Th>Admissions</Table.Th>
                    <Table.Th>AUC</Table.Th>
                    <Table.Th>Calibration slope</Table.Th>
                    <Table.Th>Observed / expected</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Td>Everyone</Table.Td>
                    <MetricsCells m={c.performance.overall} />
                  </Table.Tr>
                  {c.performance.by_group.map((g) => (
                    <Table.Tr key={`${g.attribute}:${g.group}`}>
                      <Table.Td>
                        {g.attribute.replace('_', ' ')}: {g.group}
                      </Table.Td>
                      <MetricsCells m={g} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
            <Text size="sm" data-testid="largest-gap">
              Fairness audit:{' '}
              {c.fairness.largest_gap?.statement ??
                `no subgroup of at least ${c.fairness.min_group_size} people to compare`}
              {c.fairness.not_recorded.length > 0 &&
                ` Not recorded in this population: ${c.fairness.not_recorded.join(', ')}.`}
            </Text>
            <Stack gap={2} component="ul" aria-label="Known risks">
              {c.known_risks.map((r) => (
                <Text key={r} size="xs" component="li">
                  {r}
                </Text>
              ))}
            </Stack>
            <Text size="xs" c="dimmed">
              Updated: {c.update_cadence}
            </Text>
          </>
        )}
      </Stack>
    </Card>
  );
}
