import { BarChart, LineChart } from '@mantine/charts';
import { Box, SimpleGrid, Stack, Title } from '@mantine/core';
import type { ProgrammeEvaluation } from '../api';
import { quarterLabel, SMD_TARGET } from '../model/format';

const round = (x: number, digits: number): number | null =>
  Number.isFinite(x) ? Number(x.toFixed(digits)) : null;

/**
 * The plots a board reads: the event study (the difference between the arms, quarter by
 * quarter, against the 12 months before — flat before enrolment when the trends were parallel),
 * both arms' rates by quarter, and the balance of every covariate before and after matching.
 */
export function EvaluationCharts({ evaluation }: { evaluation: ProgrammeEvaluation }) {
  const digits = evaluation.outcome === 'cost' ? 0 : 4;
  const events = evaluation.eventStudy.map((q) => ({
    quarter: quarterLabel(q.quarter),
    Difference: round(q.difference, digits),
    'Lower 95%': round(q.ci95[0], digits),
    'Upper 95%': round(q.ci95[1], digits),
  }));
  const rates = evaluation.eventStudy.map((q) => ({
    quarter: quarterLabel(q.quarter),
    Enrolled: round(q.treatedRate, digits),
    Comparison: round(q.controlRate, digits),
  }));
  const balance = evaluation.balance.map((b) => ({
    covariate: b.label,
    'Before matching': round(Math.abs(b.smdBefore), 3),
    'After matching': round(Math.abs(b.smdAfter), 3),
  }));
  const enrolment = { x: 'Q+0', label: 'Enrolment', color: 'gray.7' };
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Box
          component="section"
          aria-label="Event study"
          role="img"
          data-chart="event-study"
          aria-description={`Difference between enrolled and comparison, per quarter from enrolment, against the 12 months before: ${events.map((e) => `${e.quarter} ${e.Difference}`).join('; ')}`}
        >
          <Title order={3} size="h5" mb="xs">
            Event study: difference by quarter ({evaluation.unit})
          </Title>
          <LineChart
            h={240}
            data={events}
            dataKey="quarter"
            curveType="linear"
            referenceLines={[{ y: 0, color: 'gray.5' }, enrolment]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            series={[
              { name: 'Difference', color: 'teal.7' },
              { name: 'Lower 95%', color: 'gray.6', strokeDasharray: '4 4' },
              { name: 'Upper 95%', color: 'gray.6', strokeDasharray: '4 4' },
            ]}
          />
        </Box>
        <Box
          component="section"
          aria-label="Rates by quarter"
          role="img"
          data-chart="rates"
          aria-description={`Enrolled and comparison ${evaluation.unit} per quarter: ${rates.map((r) => `${r.quarter} ${r.Enrolled} vs ${r.Comparison}`).join('; ')}`}
        >
          <Title order={3} size="h5" mb="xs">
            Rates by quarter ({evaluation.unit})
          </Title>
          <LineChart
            h={240}
            data={rates}
            dataKey="quarter"
            curveType="linear"
            referenceLines={[enrolment]}
            withLegend
            legendProps={{ verticalAlign: 'bottom' }}
            series={[
              { name: 'Enrolled', color: 'teal.7' },
              { name: 'Comparison', color: 'orange.8', strokeDasharray: '6 3' },
            ]}
          />
        </Box>
      </SimpleGrid>
      <Box
        component="section"
        aria-label="Covariate balance"
        role="img"
        data-chart="balance"
        aria-description={`Absolute standardised mean differences before and after matching: ${balance.map((b) => `${b.covariate} ${b['Before matching']} → ${b['After matching']}`).join('; ')}`}
      >
        <Title order={3} size="h5" mb="xs">
          Balance: |standardised mean difference| (target below {SMD_TARGET})
        </Title>
        <BarChart
          h={360}
          data={balance}
          dataKey="covariate"
          orientation="vertical"
          yAxisProps={{ width: 250 }}
          referenceLines={[{ x: SMD_TARGET, label: `${SMD_TARGET}`, color: 'red.7' }]}
          withLegend
          legendProps={{ verticalAlign: 'bottom' }}
          series={[
            { name: 'Before matching', color: 'gray.5' },
            { name: 'After matching', color: 'teal.7' },
          ]}
        />
      </Box>
    </Stack>
  );
}
