import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { navigate } from '../../../app/router';
import type { PaymentOrganization } from '../api';
import { usePaymentMembers } from '../hooks/usePayment';
import { CHANGE_LABEL, formatPercent, formatUsd } from '../model/format';

/**
 * One organisation in detail: its quality gate and capitation months, and the members attributed
 * to it with their practitioner, cost and month-by-month attribution changes.
 */
export function MembersPanel({
  organization,
  period,
}: {
  organization: PaymentOrganization;
  period: string;
}) {
  const members = usePaymentMembers(organization.organization, period);
  const s = organization.savings;
  return (
    <Stack gap="sm" component="section" aria-label={`Members of ${organization.name}`}>
      <Title order={3} size="h4">
        {organization.name}
      </Title>
      <Text size="sm">
        Benchmark expenditure {formatUsd(s.benchmarkExpenditure)}, risk-adjusted expenditure{' '}
        {formatUsd(s.adjustedExpenditure)}: savings {formatUsd(s.savings)} (
        {formatPercent(s.savingsRate)}); minimum savings rate {s.msrMet ? 'met' : 'not met'};
        quality gate {s.qualityPassed ? 'passed' : 'failed'}; shared before the cap{' '}
        {formatUsd(s.uncapped)}, earned {formatUsd(s.earned)}.
      </Text>
      {s.quality.length > 0 && (
        <Table withTableBorder aria-label="Quality gate">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>Required</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Result</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.quality.map((q) => (
              <Table.Tr key={q.measure}>
                <Table.Td>{q.measure}</Table.Td>
                <Table.Td>
                  {[
                    q.min !== undefined ? `at least ${q.min}` : '',
                    q.max !== undefined ? `at most ${q.max}` : '',
                  ]
                    .filter(Boolean)
                    .join(', ')}
                </Table.Td>
                <Table.Td>{q.score === null ? 'no eligible case' : q.score}</Table.Td>
                <Table.Td>{q.passed ? 'Met' : 'Not met'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {organization.capitation.length > 0 && (
        <Table withTableBorder aria-label="Capitation by month">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Budget</Table.Th>
              <Table.Th>Spend</Table.Th>
              <Table.Th>Variance</Table.Th>
              <Table.Th>Cumulative</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {organization.capitation.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{m.month}</Table.Td>
                <Table.Td>{m.members}</Table.Td>
                <Table.Td>{formatUsd(m.budget)}</Table.Td>
                <Table.Td>{formatUsd(m.spend)}</Table.Td>
                <Table.Td>{formatUsd(m.variance)}</Table.Td>
                <Table.Td>{formatUsd(m.cumulativeVariance)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {members.isPending && <Loader aria-label="Loading the members" />}
      {members.isError && (
        <Alert color="red" title="Could not load the members">
          {members.error.message}
        </Alert>
      )}
      {members.data && (
        <Table striped withTableBorder aria-label="Attributed members">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Practitioner</Table.Th>
              <Table.Th>Member-months</Table.Th>
              <Table.Th>Total cost</Table.Th>
              <Table.Th>PMPM</Table.Th>
              <Table.Th>Risk score</Table.Th>
              <Table.Th>Changes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.map((m) => {
              const changes = m.attribution.filter(
                (a) => a.change !== 'unchanged' && a.change !== 'new',
              );
              return (
                <Table.Tr key={m.patientId}>
                  <Table.Td>
                    <Anchor
                      href={`/patients/${m.patientId}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/patients/${m.patientId}`);
                      }}
                    >
                      {m.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{m.practitionerName ?? m.practitioner ?? '—'}</Table.Td>
                  <Table.Td>{m.memberMonths}</Table.Td>
                  <Table.Td>{formatUsd(m.totalCost)}</Table.Td>
                  <Table.Td>{formatUsd(m.pmpm)}</Table.Td>
                  <Table.Td>{m.meanRiskScore.toFixed(3)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {changes.length === 0
                        ? '—'
                        : changes.map((a) => (
                            <Badge key={a.month} variant="light" color="gray" tt="none">
                              {a.month}: {CHANGE_LABEL[a.change]}
                            </Badge>
                          ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
