import { BarChart } from '@mantine/charts';
import { Box, Text } from '@mantine/core';
import type { PopulationSummary } from '../api';

/**
 * Tiers side by side (Mantine charts on Recharts): enrolled and not enrolled per tier, the
 * series told apart by legend and label as well as colour, and the same numbers as text for
 * screen readers.
 */
export function TierChart({ summary }: { summary: PopulationSummary }) {
  const data = summary.tiers.map((t) => ({
    tier: t.label,
    Enrolled: t.enrolled,
    'Not enrolled': t.notEnrolled,
  }));
  const described = summary.tiers
    .map((t) => `${t.label}: ${t.enrolled} enrolled, ${t.notEnrolled} not enrolled`)
    .join('; ');
  return (
    <Box role="img" aria-label={`People per risk tier. ${described}`} data-chart="tiers">
      <BarChart
        h={200}
        data={data}
        dataKey="tier"
        // Grouped, on a square-root scale with the numbers on the bars: on a linear scale the
        // few very-high and high-risk people (the ones the screen is for) vanish beside the
        // thousand-odd low-risk ones.
        withLegend
        withBarValueLabel
        yAxisProps={{ scale: 'sqrt', domain: [0, 'auto'] }}
        legendProps={{ verticalAlign: 'bottom' }}
        series={[
          { name: 'Enrolled', color: 'teal.7' },
          { name: 'Not enrolled', color: 'orange.7' },
        ]}
      />
      <Text size="xs" c="dimmed" aria-hidden="true">
        People per risk tier, enrolled and not enrolled (square-root scale, so that small tiers stay
        visible)
      </Text>
    </Box>
  );
}
