import { Alert, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import type { MeasureGroupResult, MeasureStratum } from '../api';
import { useMeasureResults } from '../hooks/useMeasures';
import { downloadCsv } from '../model/download';
import {
  defaultFilters,
  resultsCsv,
  resultsQuery,
  viewStratum,
  type DashboardFilters as Filters,
  type DashboardView,
} from '../model/query';
import { DashboardFilters } from './DashboardFilters';
import { EcqmPanel } from './EcqmPanel';
import { CdsRatesPanel } from '../../decision-support/components/CdsRatesPanel';
import { MeasureCharts } from './MeasureCharts';
import { MeasuresTable } from './MeasuresTable';
import { PeoplePanel, type Outcome } from './PeoplePanel';

interface Drill {
  measureId: string;
  title: string;
  stratum: MeasureStratum | null;
  key: string | null;
}

/**
 * Dashboards: every quality and programme measure over the period for the people the user may
 * see, by network, organisation, team or coordinator, with trends, 95% intervals and benchmarks;
 * any rate, bar or cell opens the people behind it. Numbers come from `/api/measures` (the same
 * computation as `$evaluate-measure`); the loaded eCQMs follow (EcqmPanel, `$evaluate-measure`).
 */
export function DashboardsPage() {
  const [filters, setFilters] = useState<Filters>(() => defaultFilters());
  const [view, setView] = useState<DashboardView>('network');
  // `?measure=` (the programme home's links) opens on that measure.
  const [selected, setSelected] = useState(
    () => new URLSearchParams(window.location.search).get('measure') ?? 'fuh-7',
  );
  const [drill, setDrill] = useState<Drill | null>(null);
  const [outcome, setOutcome] = useState<Outcome>('missed');
  const query = resultsQuery(filters);
  const results = useMeasureResults(query);
  const stratum = viewStratum(view);
  const measures = results.data?.measures ?? [];
  const measure = measures.find((m) => m.id === selected) ?? measures[0];

  const open = (
    measureId: string,
    title: string,
    group: MeasureGroupResult | null,
    s: MeasureStratum | null,
    o: Outcome,
  ) => {
    setSelected(measureId);
    setOutcome(o);
    setDrill({
      measureId,
      title: group && s ? `${title} — ${group.label}` : title,
      stratum: group && s ? s : null,
      key: group && s ? group.key : null,
    });
  };
  const drillQuery = drill
    ? resultsQuery(
        filters,
        drill.stratum && drill.key !== null ? { stratum: drill.stratum, key: drill.key } : {},
      )
    : '';

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          Dashboards
        </Title>
        <Button
          variant="default"
          size="compact-sm"
          disabled={measures.length === 0}
          onClick={() =>
            downloadCsv(
              resultsCsv(measures, stratum),
              `measures-${filters.periodStart}-${filters.periodEnd}.csv`,
            )
          }
        >
          Export CSV
        </Button>
      </Group>
      <DashboardFilters
        value={filters}
        view={view}
        results={results.data}
        onChange={(next) => {
          setFilters(next);
          setDrill(null);
        }}
        onView={setView}
      />
      {results.isPending && <Loader aria-label="Computing the measures" />}
      {results.isError && (
        <Alert color="red" title="Could not compute the measures">
          {results.error.message} Check the period (start before end) and try again.
        </Alert>
      )}
      {measures.length > 0 && (
        <MeasuresTable
          measures={measures}
          selected={measure?.id}
          onSelect={setSelected}
          onPeople={(m, o) => open(m.id, m.title, null, null, o)}
        />
      )}
      {measure && (
        <MeasureCharts
          measure={measure}
          stratum={stratum}
          onDrill={(group, s) => open(measure.id, measure.title, group, s, 'missed')}
        />
      )}
      <EcqmPanel
        periodStart={filters.periodStart}
        periodEnd={filters.periodEnd}
        stratum={stratum}
      />
      <CdsRatesPanel />
      {drill && (
        <PeoplePanel
          measureId={drill.measureId}
          title={drill.title}
          query={drillQuery}
          outcome={outcome}
          onOutcome={setOutcome}
        />
      )}
    </Stack>
  );
}
