import { LineChart } from '@mantine/charts';
import { Box, Group, Text } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import type { TrendPoint, TrendSpec } from '../model/results';

const COLORS = ['teal.7', 'indigo.7'];
const MONTH = new Intl.DateTimeFormat('en-GB', {
  month: 'short',
  year: '2-digit',
  timeZone: 'UTC',
});

/** A y range that always shows the threshold line with some room around it and the data. */
function yDomain(spec: TrendSpec): [(min: number) => number, (max: number) => number] {
  const ref = spec.reference?.y;
  return [
    (min) => Math.max(0, Math.floor(Math.min(min, ref ?? min) * 0.85)),
    (max) => Math.ceil(Math.max(max, ref ?? max) * 1.12),
  ];
}

function describe(spec: TrendSpec, points: readonly TrendPoint[]): string {
  const last = points[points.length - 1];
  if (!last) {
    return `${spec.title}: no results`;
  }
  const values = spec.series.map((s) => `${s.label} ${String(last[s.name] ?? '—')}`).join(', ');
  return `${spec.title} trend, ${points.length} results from ${formatDate(points[0]?.date)} to ${formatDate(last.date)}; latest ${values} ${spec.unit} on ${formatDate(last.date)}`;
}

/**
 * A trend of one result over time (Mantine charts on Recharts), with a time-scaled axis, the
 * clinical threshold as a labelled line, series told apart by dash pattern and legend as well as
 * colour, and the same facts as text for screen readers.
 */
export function TrendChart({ spec, points }: { spec: TrendSpec; points: readonly TrendPoint[] }) {
  const last = points[points.length - 1];
  return (
    <Box component="figure" m={0} data-trend={spec.key}>
      <Group justify="space-between" mb={4} wrap="nowrap">
        <Text component="figcaption" fw={600} size="sm">
          {spec.title}{' '}
          <Text span size="xs" c="dimmed">
            ({spec.unit})
          </Text>
        </Text>
        {last && (
          <Text size="xs" c="dimmed">
            latest {spec.series.map((s) => String(last[s.name] ?? '—')).join('/')} ·{' '}
            {formatDate(last.date)}
          </Text>
        )}
      </Group>
      {points.length === 0 ? (
        <Text size="sm" c="dimmed">
          No {spec.title} results.
        </Text>
      ) : (
        <div role="img" aria-label={describe(spec, points)}>
          <LineChart
            h={150}
            data={points as TrendPoint[]}
            dataKey="t"
            series={spec.series.map((s, i) => ({
              name: s.name,
              label: s.label,
              color: COLORS[i] ?? 'gray.7',
              ...(s.dashed ? { strokeDasharray: '5 4' } : {}),
            }))}
            curveType="linear"
            withLegend={spec.series.length > 1}
            legendProps={{ verticalAlign: 'bottom', height: 24 }}
            xAxisProps={{
              type: 'number',
              scale: 'time',
              domain: ['dataMin', 'dataMax'],
              tickFormatter: (t: number) => (Number.isFinite(t) ? MONTH.format(new Date(t)) : ''),
              minTickGap: 24,
            }}
            yAxisProps={{ domain: yDomain(spec), width: 36, allowDecimals: false }}
            referenceLines={
              spec.reference
                ? [
                    {
                      y: spec.reference.y,
                      label: spec.reference.label,
                      labelPosition: 'insideBottomLeft',
                      color: 'red.8',
                      strokeDasharray: '2 3',
                    },
                  ]
                : []
            }
            tooltipProps={{
              labelFormatter: (t: unknown) =>
                Number.isFinite(Number(t)) && t !== null
                  ? formatDate(new Date(Number(t)).toISOString())
                  : '',
            }}
            tooltipAnimationDuration={0}
            lineChartProps={{ accessibilityLayer: false }}
            dotProps={{ r: 2.5 }}
            activeDotProps={{ r: 4 }}
            strokeWidth={2}
          />
        </div>
      )}
    </Box>
  );
}
