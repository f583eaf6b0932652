import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Loader,
  Alert,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { Link, navigate } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { TrendChart } from '../../summary/components/TrendChart';
import type { TrendPoint, TrendSpec } from '../../summary/model/results';
import { useAssessmentSummary } from '../hooks';
import type { InstrumentSummary } from '@careweave/contract';

const FORMS: { id: string; title: string }[] = [
  { id: 'phq-9', title: 'PHQ-9' },
  { id: 'phq-2', title: 'PHQ-2' },
  { id: 'gad-7', title: 'GAD-7' },
  { id: 'ahc-hrsn', title: 'Social needs (AHC-HRSN)' },
];

const CHARTS: Partial<Record<InstrumentSummary['key'], TrendSpec>> = {
  phq9: {
    key: 'phq9-score',
    title: 'PHQ-9',
    unit: 'points',
    code: '44261-6',
    series: [{ name: 'value', label: 'PHQ-9' }],
    reference: { y: 10, label: 'Moderate (10)' },
  },
  gad7: {
    key: 'gad7-score',
    title: 'GAD-7',
    unit: 'points',
    code: '70274-6',
    series: [{ name: 'value', label: 'GAD-7' }],
    reference: { y: 10, label: 'Moderate (10)' },
  },
};

function points(i: InstrumentSummary): TrendPoint[] {
  return i.series.map((p) => ({
    t: Date.parse(p.date),
    date: p.date.slice(0, 10),
    id: p.observation,
    value: p.score,
  }));
}

function result(i: InstrumentSummary): string {
  const l = i.latest;
  if (!l) return '—';
  if (l.band) return `${l.score} — ${l.band}`;
  return `${l.score} — ${l.positive ? 'positive' : 'negative'}`;
}

/**
 * The assessments part of the summary: the latest score of each instrument with its band in
 * words, trend charts for PHQ-9 and GAD-7 with the moderate threshold, positive social needs,
 * assessments due, and a way to record any instrument.
 */
export function AssessmentsOverview({ patientId }: { patientId: string }) {
  const summary = useAssessmentSummary(patientId);
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="panel-standard-assessments"
      data-panel="Standard assessments"
      data-state={summary.isPending ? 'loading' : summary.isError ? 'error' : 'ready'}
      className="summary-wide"
    >
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4" id="panel-standard-assessments">
            Standard assessments
          </Title>
          <Group gap={6}>
            {FORMS.map((f) => (
              <Button
                key={f.id}
                size="compact-sm"
                variant="light"
                component="a"
                href={`/patients/${patientId}/assessments/${f.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/patients/${patientId}/assessments/${f.id}`);
                }}
              >
                Record {f.title}
              </Button>
            ))}
          </Group>
        </Group>
        {summary.isPending && <Loader size="sm" aria-label="Loading assessments" />}
        {summary.isError && (
          <Alert color="red" variant="light" role="alert">
            {summary.error.message}
          </Alert>
        )}
        {summary.data && (
          <>
            <Table striped aria-label="Latest score of each instrument">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Instrument</Table.Th>
                  <Table.Th>Latest</Table.Th>
                  <Table.Th>Date</Table.Th>
                  <Table.Th>Results</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.data.instruments.map((i) => (
                  <Table.Tr key={i.key} data-instrument={i.key}>
                    <Table.Td>{i.title}</Table.Td>
                    <Table.Td>{result(i)}</Table.Td>
                    <Table.Td>{i.latest ? formatDate(i.latest.date) : '—'}</Table.Td>
                    <Table.Td>{i.series.length}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Group grow align="flex-start">
              {summary.data.instruments.map((i) => {
                const spec = CHARTS[i.key];
                return spec && i.series.length > 0 ? (
                  <TrendChart key={i.key} spec={spec} points={points(i)} />
                ) : null;
              })}
            </Group>
            <Group align="flex-start" grow>
              <Stack gap={4}>
                <Text fw={600}>Positive social needs</Text>
                {summary.data.socialNeeds.length === 0 ? (
                  <Text size="sm">None recorded.</Text>
                ) : (
                  <List size="sm">
                    {summary.data.socialNeeds.map((n) => (
                      <List.Item key={n.condition}>
                        {n.text}
                        {n.since ? ` (since ${formatDate(n.since)})` : ''}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
              <Stack gap={4}>
                <Text fw={600}>Assessments due</Text>
                {summary.data.due.length === 0 ? (
                  <Text size="sm">Nothing due.</Text>
                ) : (
                  <List size="sm">
                    {summary.data.due.map((d) => (
                      <List.Item key={d.task}>
                        {d.description}
                        {d.due ? ` — due ${formatDate(d.due)}` : ''}{' '}
                        {d.overdue && (
                          <Badge color="red" variant="light">
                            Overdue
                          </Badge>
                        )}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Stack>
            </Group>
            {summary.data.suggestions.length > 0 && (
              <Text size="sm">
                {summary.data.suggestions.length} suggestion
                {summary.data.suggestions.length > 1 ? 's' : ''} from assessments await the team on
                the <Link to={`/patients/${patientId}/plan`}>care plan</Link>.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Card>
  );
}
