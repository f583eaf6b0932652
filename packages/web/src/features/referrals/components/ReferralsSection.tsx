import { Card, Group, Stack, Title } from '@mantine/core';
import { Link } from '../../../app/router';
import { SentReferrals } from './SentReferrals';

/**
 * One person's referrals on their care plan (status, age, last update, overdue), with the way to
 * the community directory to make another.
 */
export function ReferralsSection({ patientId }: { patientId: string }) {
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="plan-referrals-heading"
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4" id="plan-referrals-heading">
            Referrals
          </Title>
          <Link to={`/directory?patient=${encodeURIComponent(patientId)}`}>
            Find a community service
          </Link>
        </Group>
        <SentReferrals patientId={patientId} />
      </Stack>
    </Card>
  );
}
