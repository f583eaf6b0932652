import { Alert, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { formatDate } from '../../../lib/format';
import type { PopulationSummary } from '../api';
import { usePopulationSummary } from '../hooks/usePopulation';
import { TIER_COLOR } from '../model/labels';

// The chart library is heavy: load it only when the Population screen draws its chart.
const TierChart = lazy(() => import('./TierChart').then((m) => ({ default: m.TierChart })));

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "25 Nov 2026 at 02:00" for the last run (its finish, else its start). */
function lastRunText(run: PopulationSummary['lastRun']): string {
  if (!run) {
    return 'Not stratified yet: run `careweave stratify` or wait for the nightly job.';
  }
  const when = run.finishedAt ?? run.asOf;
  return `Last stratified ${formatDate(when)} at ${TIME.format(new Date(when))} (${run.kind}, ${run.patients.toLocaleString('en-GB')} people)`;
}

function TierCard({ tier }: { tier: PopulationSummary['tiers'][number] }) {
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      data-tier={tier.tier}
      aria-label={`${tier.label} risk`}
      component="section"
      style={{ borderLeft: `4px solid var(--mantine-color-${TIER_COLOR[tier.tier] ?? 'gray'}-6)` }}
    >
      <Text size="sm" fw={700}>
        {tier.label} risk
      </Text>
      <Text size="xl" fw={700} data-count="total">
        {tier.count.toLocaleString('en-GB')}
      </Text>
      <Text size="xs" c="dimmed">
        <span data-count="enrolled">{tier.enrolled.toLocaleString('en-GB')}</span> enrolled ·{' '}
        <span data-count="not-enrolled">{tier.notEnrolled.toLocaleString('en-GB')}</span> not
        enrolled
      </Text>
    </Card>
  );
}

/** Tier counts (cards and a chart comparing the tiers) and when stratification last ran. */
export function TierCards() {
  const summary = usePopulationSummary();
  if (summary.isError) {
    return (
      <Alert color="red" role="alert" title="Tier counts unavailable">
        {summary.error.message}
      </Alert>
    );
  }
  const data = summary.data;
  return (
    <Stack
      gap="sm"
      data-panel="Tiers"
      data-state={data ? 'ready' : 'loading'}
      component="section"
      aria-labelledby="tiers-title"
    >
      <Group justify="space-between" align="baseline">
        <Title order={2} size="h4" id="tiers-title">
          Risk tiers
        </Title>
        <Text size="sm" c="dimmed" data-testid="last-run">
          {data ? lastRunText(data.lastRun) : 'Loading…'}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {data
          ? data.tiers.map((t) => <TierCard key={t.tier} tier={t} />)
          : [0, 1, 2, 3].map((i) => <Skeleton key={i} height={86} radius="md" />)}
      </SimpleGrid>
      {data && data.total > 0 && (
        <Suspense fallback={<Skeleton height={200} aria-label="Loading chart" />}>
          <TierChart summary={data} />
        </Suspense>
      )}
    </Stack>
  );
}
