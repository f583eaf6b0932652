import { Alert, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { useMeasureResults } from '../../dashboards/hooks/useMeasures';
import { defaultFilters, resultsQuery } from '../../dashboards/model/query';
import { TierCards } from '../../population/components/TierCards';
import { keyMeasures } from '../model/key-measures';
import { KeyMeasureCard } from './KeyMeasureCard';

/**
 * A programme manager's home: the programme's key measures over the last twelve months (with
 * 95% intervals and benchmarks, from the same `/api/measures` computation as Dashboards) and the
 * population by risk tier, each linking to the screen with the detail.
 */
export function ProgrammeHomePage() {
  const filters = useMemo(() => defaultFilters(), []);
  const results = useMeasureResults(resultsQuery(filters));
  const measures = keyMeasures(results.data?.measures ?? []);
  return (
    <Stack gap="lg" data-page="programme">
      <Group justify="space-between" align="baseline">
        <Title order={1} size="h2">
          Programme
        </Title>
        <Link to="/dashboards">All measures in Dashboards</Link>
      </Group>
      <Stack gap="sm" component="section" aria-labelledby="key-measures-title">
        <Title order={2} size="h4" id="key-measures-title">
          Key measures
        </Title>
        <Text size="sm" c="dimmed">
          {formatDate(filters.periodStart)} to {formatDate(filters.periodEnd)}, for the people you
          may see.
        </Text>
        {results.isError ? (
          <Alert color="red" role="alert" title="Could not compute the measures">
            {results.error.message}
          </Alert>
        ) : results.isPending ? (
          <SimpleGrid
            cols={{ base: 1, sm: 2, md: 3 }}
            spacing="sm"
            aria-label="Loading the measures"
          >
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={120} radius="md" />
            ))}
          </SimpleGrid>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm">
            {measures.map((m) => (
              <KeyMeasureCard key={m.id} measure={m} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <TierCards />
      <Text size="sm">
        <Link to="/population">High-risk people not yet enrolled</Link> are on the Population
        screen.
      </Text>
    </Stack>
  );
}
