import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useReferrals } from '../hooks/usePortal';
import { PortalPage, SectionState, day, moment } from './common';

/** My referrals and appointments, with where each stands. */
export function ReferralsPage() {
  const r = useReferrals();
  return (
    <PortalPage title="My referrals and appointments">
      {!r.data ? (
        <SectionState error={r.error} what="your referrals" />
      ) : (
        <Stack gap="lg">
          <Stack gap="xs">
            <Title order={2} size="h3">
              Referrals
            </Title>
            {r.data.referrals.length === 0 ? <Text>No referrals.</Text> : null}
            {r.data.referrals.map((x) => (
              <Card key={x.reference} withBorder padding="sm" radius="md">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>{x.what}</Text>
                  <Badge variant="light" color={x.status === 'Done' ? 'green' : 'blue'}>
                    {x.status}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed">
                  {[
                    x.to ? `To ${x.to}` : undefined,
                    x.requested ? `sent ${day(x.requested)}` : undefined,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                {x.outcome ? <Text size="sm">Outcome: {x.outcome}</Text> : null}
              </Card>
            ))}
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h3">
              Appointments
            </Title>
            {r.data.appointments.length === 0 ? <Text>No appointments.</Text> : null}
            {r.data.appointments.map((a) => (
              <Card key={a.reference} withBorder padding="sm" radius="md">
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>{a.what}</Text>
                  <Badge variant="light" color="gray">
                    {a.status}
                  </Badge>
                </Group>
                <Text size="sm">{moment(a.start)}</Text>
                <Text size="sm" c="dimmed">
                  {[a.where, ...a.with].filter(Boolean).join(' · ')}
                </Text>
              </Card>
            ))}
          </Stack>
        </Stack>
      )}
    </PortalPage>
  );
}
