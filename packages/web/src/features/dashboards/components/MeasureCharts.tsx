import { BarChart, LineChart } from '@mantine/charts';
import { Box, Button, Group, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useRef, useState } from 'react';
import type { MeasureGroupResult, MeasureResult, MeasureStratum } from '../api';
import { downloadPng } from '../model/download';
import { formatInterval, formatScore } from '../model/query';

/** A score as the charts plot it: percentages for proportions, the value otherwise. */
const plotted = (m: MeasureResult, v: number | null): number | null =>
  v === null ? null : m.unit === '%' ? Math.round(v * 1000) / 10 : Math.round(v * 10) / 10;

/**
 * One measure in detail: a bar per group of the view (organisation, team or coordinator) and the
 * monthly trend with its 95% interval and the published benchmark where there is one. A bar, or
 * a cell of the table beside it (the same numbers, for keyboards and screen readers), opens the
 * people behind it.
 */
export function MeasureCharts({
  measure,
  stratum,
  onDrill,
}: {
  measure: MeasureResult;
  stratum: MeasureStratum;
  onDrill: (group: MeasureGroupResult, stratum: MeasureStratum | null) => void;
}) {
  const charts = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState('');
  const groups = measure.strata[stratum];
  const bars = groups.map((g) => ({ group: g.label, key: g.key, Rate: plotted(measure, g.score) }));
  const trend = measure.strata.month.map((g) => ({
    month: g.key,
    Rate: plotted(measure, g.score),
    'Lower 95%': plotted(measure, g.low),
    'Upper 95%': plotted(measure, g.high),
  }));
  const unit = measure.unit === '%' ? '%' : ` ${measure.unit}`;
  const benchmark = measure.benchmark
    ? [
        {
          y: plotted(measure, measure.benchmark.value) ?? 0,
          label: `Benchmark (${measure.benchmark.source})`,
          color: 'red.7',
        },
      ]
    : [];
  return (
    <Stack gap="sm" component="section" aria-label={`${measure.title}: detail`}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {measure.title}
        </Title>
        <Button
          variant="default"
          size="compact-sm"
          onClick={() => {
            setExportError('');
            if (charts.current) {
              downloadPng(charts.current, `${measure.id}.png`).catch((err: unknown) =>
                setExportError(err instanceof Error ? err.message : String(err)),
              );
            }
          }}
        >
          Export PNG
        </Button>
      </Group>
      {exportError && (
        <Text c="red.8" size="sm" role="alert">
          Could not export the chart: {exportError}
        </Text>
      )}
      <Box ref={charts}>
        <Box
          role="img"
          aria-label={`${measure.title} by ${stratum}: ${groups.map((g) => `${g.label} ${formatScore(measure, g.score)}`).join('; ')}`}
          data-chart="groups"
        >
          <BarChart
            h={220}
            data={bars}
            dataKey="group"
            unit={unit}
            referenceLines={benchmark}
            series={[{ name: 'Rate', color: 'teal.7' }]}
            barProps={{
              cursor: 'pointer',
              onClick: (data: { payload?: { key?: string } }) => {
                const g = groups.find((x) => x.key === data.payload?.key);
                if (g) onDrill(g, stratum);
              },
            }}
          />
        </Box>
        <Box
          role="img"
          aria-label={`${measure.title} by month with 95% confidence interval`}
          data-chart="trend"
          mt="sm"
        >
          <LineChart
            h={220}
            data={trend}
            dataKey="month"
            unit={unit}
            referenceLines={benchmark}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            series={[
              { name: 'Rate', color: 'teal.7' },
              { name: 'Lower 95%', color: 'gray.6', strokeDasharray: '4 4' },
              { name: 'Upper 95%', color: 'gray.6', strokeDasharray: '4 4' },
            ]}
            connectNulls
          />
        </Box>
      </Box>
      <Table striped withTableBorder aria-label={`${measure.title} by ${stratum}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Group</Table.Th>
            <Table.Th>Numerator / denominator</Table.Th>
            <Table.Th>Rate</Table.Th>
            <Table.Th>95% CI</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.key}>
              <Table.Td>
                <UnstyledButton onClick={() => onDrill(g, stratum)} td="underline">
                  {g.label}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                {g.numerator} / {g.denominator}
              </Table.Td>
              <Table.Td>{formatScore(measure, g.score)}</Table.Td>
              <Table.Td>{formatInterval(measure, g)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
