import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  EVALUATION_OUTCOME_LABEL,
  EVALUATION_OUTCOMES,
  type EvaluationOutcome,
  type ProgrammeEvaluation,
} from '../api';
import { useEvaluation } from '../hooks/useEvaluation';
import {
  effectWords,
  formatMean,
  formatRate,
  intervalWords,
  SMD_TARGET,
  verdict,
} from '../model/format';
import { EvaluationCharts } from './EvaluationCharts';
import { ModelCardSection } from './ModelCardSection';

const VERDICT = {
  reduction: { color: 'teal', text: 'Reduction: the 95% interval excludes no effect' },
  increase: { color: 'red', text: 'Increase: the 95% interval excludes no effect' },
  unclear: { color: 'gray', text: 'Not conclusive: the 95% interval includes no effect' },
} as const;

function Headline({ e }: { e: ProgrammeEvaluation }) {
  const v = VERDICT[verdict(e)];
  const label = EVALUATION_OUTCOME_LABEL[e.outcome].toLowerCase();
  return (
    <Card withBorder padding="md" aria-label="Programme effect" component="section">
      <Stack gap={4}>
        <Text size="sm" c="dimmed">
          Effect of enrolment on {label} per member-month (difference-in-differences, 12 months
          before vs after)
        </Text>
        <Text fz={28} fw={700} data-testid="estimate">
          {effectWords(e.estimate)}
        </Text>
        <Text data-testid="interval">95% confidence interval: {intervalWords(e.ci95)}</Text>
        <Text size="sm">
          In {e.unit}: {formatRate(e.difference, e.outcome)} (95% CI{' '}
          {formatRate(e.differenceCi95[0], e.outcome)} to{' '}
          {formatRate(e.differenceCi95[1], e.outcome)})
        </Text>
        <Group>
          <Badge color={v.color} variant="light">
            {v.text}
          </Badge>
        </Group>
      </Stack>
    </Card>
  );
}

function Numbers({ e }: { e: ProgrammeEvaluation }) {
  const balanced = e.maxSmdAfter < SMD_TARGET;
  const cards: [string, string, string?][] = [
    ['Enrolled (matched)', String(e.nTreated), `of ${e.nEnrolled} evaluable`],
    ['Comparison', String(e.nControl), 'never enrolled, matched'],
    ['Unmatched', String(e.nUnmatched), 'no comparison within the caliper'],
    [
      'Largest SMD after matching',
      e.maxSmdAfter.toFixed(3),
      balanced ? `below ${SMD_TARGET}: balanced` : `above ${SMD_TARGET}: imbalance remains`,
    ],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} aria-label="People in each arm">
      {cards.map(([title, value, note]) => (
        <Card key={title} withBorder padding="sm">
          <Text size="sm" c="dimmed">
            {title}
          </Text>
          <Text fz={22} fw={700}>
            {value}
          </Text>
          {note && <Text size="xs">{note}</Text>}
        </Card>
      ))}
    </SimpleGrid>
  );
}

function RatesTable({ e }: { e: ProgrammeEvaluation }) {
  return (
    <Table withTableBorder striped aria-label="Rates before and after enrolment">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{e.unit}</Table.Th>
          <Table.Th>12 months before</Table.Th>
          <Table.Th>12 months after</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr>
          <Table.Td>Enrolled</Table.Td>
          <Table.Td>{formatRate(e.rates.treatedBefore, e.outcome)}</Table.Td>
          <Table.Td>{formatRate(e.rates.treatedAfter, e.outcome)}</Table.Td>
        </Table.Tr>
        <Table.Tr>
          <Table.Td>Comparison</Table.Td>
          <Table.Td>{formatRate(e.rates.controlBefore, e.outcome)}</Table.Td>
          <Table.Td>{formatRate(e.rates.controlAfter, e.outcome)}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function BalanceTable({ e }: { e: ProgrammeEvaluation }) {
  return (
    <Table withTableBorder striped aria-label="Balance table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Covariate (at enrolment)</Table.Th>
          <Table.Th>Enrolled</Table.Th>
          <Table.Th>Comparison</Table.Th>
          <Table.Th>SMD before</Table.Th>
          <Table.Th>SMD after</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {e.balance.map((b) => {
          const ok = Math.abs(b.smdAfter) < SMD_TARGET;
          return (
            <Table.Tr key={b.covariate}>
              <Table.Td>{b.label}</Table.Td>
              <Table.Td>{formatMean(b.treatedMeanAfter)}</Table.Td>
              <Table.Td>{formatMean(b.controlMeanAfter)}</Table.Td>
              <Table.Td>{b.smdBefore.toFixed(3)}</Table.Td>
              <Table.Td fw={ok ? undefined : 700}>
                {b.smdAfter.toFixed(3)} {ok ? '' : '(above target)'}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Programme evaluation for programme managers: did enrolment change admissions, ED visits or cost,
 * against a matched comparison group — the estimate, its 95% interval, the people in each arm,
 * the balance table and the plots. Numbers come from `/api/evaluation` (care/evaluation; the
 * same computation as `careweave evaluate`).
 */
export function EvaluationPage() {
  const [outcome, setOutcome] = useState<EvaluationOutcome>('admissions');
  const evaluation = useEvaluation(outcome);
  const e = evaluation.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1}>Programme evaluation</Title>
        <SegmentedControl
          aria-label="Outcome"
          value={outcome}
          onChange={setOutcome}
          data={EVALUATION_OUTCOMES.map((o) => ({ value: o, label: EVALUATION_OUTCOME_LABEL[o] }))}
        />
      </Group>
      {evaluation.isFetching && (
        <Group gap="xs" role="status">
          <Loader size="sm" />
          <Text size="sm">Matching the comparison group and estimating…</Text>
        </Group>
      )}
      {evaluation.isError && (
        <Alert color="red" title="The evaluation could not be computed" role="alert">
          {evaluation.error.message}
        </Alert>
      )}
      {e && e.outcome === outcome && (
        <>
          <Headline e={e} />
          <Numbers e={e} />
          <Title order={2} size="h4">
            Before and after enrolment
          </Title>
          <RatesTable e={e} />
          <EvaluationCharts evaluation={e} />
          <Title order={2} size="h4">
            Balance of the matched groups
          </Title>
          <BalanceTable e={e} />
          <Title order={2} size="h4">
            Method
          </Title>
          <Text size="sm">
            {e.method.matching} 95% intervals: percentile bootstrap of{' '}
            {e.method.bootstrapReplicates} resamples of matched sets (seed {e.method.seed}). Data{' '}
            {e.window.start} to {e.window.end}.
          </Text>
          <Stack gap={2} component="ul" aria-label="Sources">
            {e.method.citations.map((c) => (
              <Text key={c} size="xs" component="li">
                {c}
              </Text>
            ))}
          </Stack>
        </>
      )}
      <ModelCardSection />
    </Stack>
  );
}
