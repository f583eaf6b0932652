import type { Observation } from '@medplum/fhirtypes';
import { SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';
import { DataTable, type Column } from '../../../components/DataTable';
import { conceptText, formatDate, formatQuantity } from '../../../lib/format';
import type { SummaryQueries } from '../hooks/useSummaryQueries';
import { latestByCode, observedAt, TRENDS, trendPoints } from '../model/results';
import { AttributionLine } from './AttributionLine';
import { Panel } from './Panel';
import { SourceLink } from './SourceLink';

// The chart library is the heaviest dependency; load it only where charts are drawn, but start as
// soon as a summary opens (`prefetchCharts`) so it parses while the panels' searches are in flight.
const loadTrendChart = () => import('./TrendChart');
const TrendChart = lazy(() => loadTrendChart().then((m) => ({ default: m.TrendChart })));

/** Starts loading the chart chunk (idempotent; the module cache keeps one copy). */
export function prefetchCharts(): void {
  void loadTrendChart();
}

function valueText(o: Observation): string {
  if (o.valueQuantity) {
    return formatQuantity(o.valueQuantity);
  }
  if (o.component?.length) {
    return (
      o.component.map((c) => c.valueQuantity?.value).join('/') +
      (o.component[0]?.valueQuantity?.unit ? ` ${o.component[0].valueQuantity.unit}` : '')
    );
  }
  return (
    o.valueInteger?.toString() ??
    o.valueString ??
    (o.valueCodeableConcept ? conceptText(o.valueCodeableConcept) : '—')
  );
}

const interpretation = (o: Observation): string | undefined =>
  o.interpretation?.map(conceptText).join(', ');

const columns: Column<Observation>[] = [
  {
    id: 'test',
    header: 'Test',
    value: (o) => conceptText(o.code),
    cell: (o) => (
      <Stack gap={0}>
        <SourceLink resource={o}>{conceptText(o.code)}</SourceLink>
        <AttributionLine resource={o} />
      </Stack>
    ),
  },
  {
    id: 'value',
    header: 'Latest',
    value: valueText,
    cell: (o) => `${valueText(o)}${interpretation(o) ? ` (${interpretation(o)})` : ''}`,
  },
  {
    id: 'date',
    header: 'Date',
    value: (o) => observedAt(o),
    cell: (o) => formatDate(observedAt(o)),
  },
];

/** Recent results: trend charts for HbA1c, BP, eGFR and PHQ-9, and the latest value of each test. */
export function ResultsPanel({ query }: { query: SummaryQueries['observations'] }) {
  return (
    <Panel title="Results" query={query} wide withheld={(d) => d.withheld}>
      {(d) => <Results observations={d.resources} />}
    </Panel>
  );
}

function Results({ observations }: { observations: readonly Observation[] }) {
  const trends = useMemo(
    () =>
      TRENDS.map((spec) => ({ spec, points: trendPoints(observations, spec) })).filter(
        (t) => t.points.length > 0,
      ),
    [observations],
  );
  const latest = useMemo(() => latestByCode(observations), [observations]);
  return (
    <Stack gap="md">
      {trends.length === 0 ? (
        <Text size="sm" c="dimmed">
          No HbA1c, blood pressure, eGFR or PHQ-9 results to chart.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Suspense
            fallback={trends.map((t) => (
              <Skeleton
                key={t.spec.key}
                height={170}
                aria-label={`Loading ${t.spec.title} chart`}
              />
            ))}
          >
            {trends.map((t) => (
              <TrendChart key={t.spec.key} spec={t.spec} points={t.points} />
            ))}
          </Suspense>
        </SimpleGrid>
      )}
      <DataTable
        caption="Latest results"
        rows={latest}
        columns={columns}
        rowKey={(o) => o.id ?? ''}
        filterLabel="Filter results"
        initialSort={[{ id: 'date', desc: true }]}
        emptyText="No results recorded."
      />
    </Stack>
  );
}
