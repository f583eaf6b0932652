import type { MeasureResult } from '@careweave/contract';
import { Badge, Card, Group, Text } from '@mantine/core';
import { Link } from '../../../app/router';
import { formatInterval, formatScore } from '../../dashboards/model/query';

/** What the score was formed from, in words: "12 of 40", "9 in 310 member-months". */
function counts(m: MeasureResult): string {
  const { numerator: n, denominator: d } = m.overall;
  switch (m.scoring) {
    case 'proportion':
      return `${n.toLocaleString('en-GB')} of ${d.toLocaleString('en-GB')}`;
    case 'ratio':
      return `${n.toLocaleString('en-GB')} in ${d.toLocaleString('en-GB')} member-months`;
    case 'continuous-variable':
      return `${n.toLocaleString('en-GB')} of ${d.toLocaleString('en-GB')} measured`;
  }
}

/** One key measure: its rate with the 95% interval, the counts, the benchmark, a way in. */
export function KeyMeasureCard({ measure: m }: { measure: MeasureResult }) {
  const interval = formatInterval(m, m.overall);
  return (
    <Card withBorder padding="sm" radius="md" component="article" data-measure={m.id}>
      <Text size="sm" fw={700}>
        {m.title}
      </Text>
      <Group gap={6} align="baseline">
        <Text size="xl" fw={700} data-score>
          {formatScore(m, m.overall.score)}
        </Text>
        {m.improvement === 'decrease' && (
          <Badge size="xs" variant="light" color="gray">
            lower is better
          </Badge>
        )}
      </Group>
      <Text size="xs" data-interval>
        {interval
          ? `95% CI ${interval}`
          : m.overall.denominator === 0
            ? 'Nobody in the denominator this period'
            : 'No interval for this measure'}
      </Text>
      <Text size="xs" c="dimmed">
        {counts(m)} · benchmark {m.benchmark ? formatScore(m, m.benchmark.value) : 'none published'}
      </Text>
      <Link to={`/dashboards?measure=${encodeURIComponent(m.id)}`} size="xs" mt={4}>
        {`Open ${m.title} in Dashboards`}
      </Link>
    </Card>
  );
}
