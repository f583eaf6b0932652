import { Anchor, Badge, Card, Group, Stack, Text } from '@mantine/core';
import { Link } from '../../../app/router';
import { useTeam } from '../hooks/usePortal';
import { PortalPage, SectionState } from './common';

/** My team: who they are, their role and organisation, how to reach them. */
export function TeamPage() {
  const team = useTeam();
  return (
    <PortalPage title="My team">
      {!team.data ? (
        <SectionState error={team.error} what="your team" />
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            To write to your whole team, use <Link to="/me/messages">Messages</Link>.
          </Text>
          {team.data.members.length === 0 ? <Text>No one is on your care team yet.</Text> : null}
          {team.data.members.map((m) => (
            <Card key={m.reference} withBorder padding="sm" radius="md">
              <Stack gap={4}>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600}>{m.name}</Text>
                  {m.coordinator ? (
                    <Badge variant="light" color="teal">
                      Your main contact
                    </Badge>
                  ) : null}
                </Group>
                <Text size="sm">
                  {[m.role, m.organisation].filter(Boolean).join(' · ') || 'Care team member'}
                </Text>
                {m.contact.map((c) => (
                  <Anchor
                    key={`${c.system}:${c.value}`}
                    href={c.system === 'phone' ? `tel:${c.value}` : `mailto:${c.value}`}
                    size="sm"
                  >
                    {c.system === 'phone' ? 'Call' : 'Email'} {c.value}
                  </Anchor>
                ))}
              </Stack>
            </Card>
          ))}
        </Stack>
      )}
    </PortalPage>
  );
}
