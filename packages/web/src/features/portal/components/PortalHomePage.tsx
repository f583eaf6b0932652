import type { PortalSection } from '@careweave/contract';
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from '../../../app/router';
import { useHome } from '../hooks/usePortal';

/** The sections of the portal, in the order a person looks for them. */
export const SECTIONS: readonly {
  key: PortalSection;
  path: string;
  title: string;
  about: string;
}[] = [
  {
    key: 'plan',
    path: '/me/plan',
    title: 'My plan',
    about: 'My goals, what matters to me, who does what.',
  },
  {
    key: 'team',
    path: '/me/team',
    title: 'My team',
    about: 'Who looks after me and how to reach them.',
  },
  { key: 'messages', path: '/me/messages', title: 'Messages', about: 'Write to my care team.' },
  {
    key: 'questionnaires',
    path: '/me/questionnaires',
    title: 'My questionnaires',
    about: 'Forms to fill in and my results over time.',
  },
  {
    key: 'referrals',
    path: '/me/referrals',
    title: 'My referrals and appointments',
    about: 'Where I have been referred and when I am seen.',
  },
  {
    key: 'consent',
    path: '/me/consent',
    title: 'My consent',
    about: 'Choose who can see which parts of my record.',
  },
  {
    key: 'access-log',
    path: '/me/access-log',
    title: 'Who looked at my record',
    about: 'Everyone who opened my record, and when.',
  },
];

export function PortalHomePage() {
  const home = useHome();
  const shared = new Set(home.data?.sections ?? []);
  const caregiver = home.data?.viewer.kind === 'caregiver';
  const open = SECTIONS.filter((s) => shared.has(s.key));
  const closed = SECTIONS.filter((s) => !shared.has(s.key));
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {caregiver ? `${home.data?.person.name}'s portal` : 'My portal'}
      </Title>
      <nav aria-label="Portal">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {open.map((s) => (
            <Card key={s.key} withBorder padding="md" radius="md">
              <Link to={s.path} fw={700} size="lg">
                {s.title}
              </Link>
              <Text size="sm" c="dimmed" mt={4}>
                {s.about}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      </nav>
      {caregiver && closed.length > 0 ? (
        <Text size="sm" c="dimmed">
          Not shared with you: {closed.map((s) => s.title).join(', ')}.
        </Text>
      ) : null}
    </Stack>
  );
}
