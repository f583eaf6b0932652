import { BarChart } from '@mantine/charts';
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { PaymentOrganization } from '../api';
import { usePaymentReport } from '../hooks/usePayment';
import {
  formatPercent,
  formatUsd,
  OUTCOME_COLOR,
  OUTCOME_LABEL,
  parsePeriodInput,
} from '../model/format';
import { MembersPanel } from './MembersPanel';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={600}>
        {value}
      </Text>
    </Stack>
  );
}

/**
 * Payment: each organisation's attributed members, cost per member-month (raw and risk-adjusted)
 * against the contract's benchmark, the shared savings it earns (or why not) and its capitation
 * budget; an organisation opens its members. Numbers come from `/api/payment` (care/payment).
 */
export function PaymentPage() {
  const [input, setInput] = useState('');
  const [period, setPeriod] = useState('');
  const [inputError, setInputError] = useState('');
  const [selected, setSelected] = useState<PaymentOrganization | null>(null);
  const report = usePaymentReport(period);
  const data = report.data;
  const organizations = data?.organizations ?? [];
  const bars = organizations.map((o) => ({
    organisation: o.name,
    'Risk-adjusted PMPM': o.riskAdjustedPmpm,
    Benchmark: o.savings.benchmarkPmpm,
  }));

  return (
    <Stack gap="md">
      <Title order={2}>Payment</Title>
      <form
        aria-label="Period"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = parsePeriodInput(input);
          if (parsed === null) {
            setInputError('Write months as YYYY-MM..YYYY-MM, e.g. 2026-01..2026-06');
            return;
          }
          setInputError('');
          setSelected(null);
          setPeriod(parsed);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label="Months"
            description="YYYY-MM..YYYY-MM; empty: the contract's period"
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            error={inputError || undefined}
          />
          <Button type="submit" variant="default">
            Show
          </Button>
        </Group>
      </form>
      {report.isPending && <Loader aria-label="Computing the payment report" />}
      {report.isError && (
        <Alert color="red" title="Could not compute the payment report">
          {report.error.message}
        </Alert>
      )}
      {data && (
        <>
          <Text size="sm">
            {data.contract}: {data.period.start} to {data.period.end}; attribution looks back{' '}
            {data.lookbackMonths} months.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 5 }} aria-label="Network">
            <Figure label="Attributed members" value={String(data.network.members)} />
            <Figure label="Member-months" value={String(data.network.memberMonths)} />
            <Figure label="Total cost of care" value={formatUsd(data.network.totalCost)} />
            <Figure label="PMPM" value={formatUsd(data.network.pmpm)} />
            <Figure label="Shared savings earned" value={formatUsd(data.network.earned)} />
          </SimpleGrid>
          {organizations.length === 0 ? (
            <Alert color="gray">No member is attributed in this period.</Alert>
          ) : (
            <>
              <Table striped highlightOnHover withTableBorder aria-label="Organisations">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Organisation</Table.Th>
                    <Table.Th>Members</Table.Th>
                    <Table.Th>Member-months</Table.Th>
                    <Table.Th>PMPM</Table.Th>
                    <Table.Th>Risk score</Table.Th>
                    <Table.Th>Risk-adjusted PMPM</Table.Th>
                    <Table.Th>Benchmark</Table.Th>
                    <Table.Th>Savings</Table.Th>
                    <Table.Th>Earned</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {organizations.map((o) => (
                    <Table.Tr
                      key={o.organization}
                      bg={o.organization === selected?.organization ? 'teal.0' : undefined}
                    >
                      <Table.Td>
                        <Button
                          variant="subtle"
                          size="compact-sm"
                          onClick={() => setSelected(o)}
                          aria-label={`${o.name}: show the members`}
                        >
                          {o.name}
                        </Button>
                      </Table.Td>
                      <Table.Td>{o.members}</Table.Td>
                      <Table.Td>{o.memberMonths}</Table.Td>
                      <Table.Td>{formatUsd(o.pmpm)}</Table.Td>
                      <Table.Td>{o.meanRiskScore.toFixed(3)}</Table.Td>
                      <Table.Td>{formatUsd(o.riskAdjustedPmpm)}</Table.Td>
                      <Table.Td>{formatUsd(o.savings.benchmarkPmpm)}</Table.Td>
                      <Table.Td>
                        {formatUsd(o.savings.savings)} ({formatPercent(o.savings.savingsRate)})
                      </Table.Td>
                      <Table.Td>{formatUsd(o.savings.earned)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={OUTCOME_COLOR[o.savings.outcome]}>
                          {OUTCOME_LABEL[o.savings.outcome]}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <section aria-label="Risk-adjusted PMPM against the benchmark">
                <Title order={3} size="h4">
                  Risk-adjusted PMPM against the benchmark
                </Title>
                <BarChart
                  h={260}
                  data={bars}
                  dataKey="organisation"
                  valueFormatter={(v) => formatUsd(v)}
                  series={[
                    { name: 'Risk-adjusted PMPM', color: 'teal.6' },
                    { name: 'Benchmark', color: 'gray.5' },
                  ]}
                />
              </section>
            </>
          )}
          {selected && (
            <MembersPanel
              organization={
                organizations.find((o) => o.organization === selected.organization) ?? selected
              }
              period={period}
            />
          )}
        </>
      )}
    </Stack>
  );
}
