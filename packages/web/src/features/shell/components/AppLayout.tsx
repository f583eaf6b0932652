import { AppShell, Badge, Box, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { navigate, usePath } from '../../../app/router';
import { useAuth } from '../../auth/hooks/useAuth';
import { NotificationBell } from '../../notifications/components/NotificationBell';
import { PatientSearch } from '../../search/components/PatientSearch';
import { canSearchPatients, navigationFor, ROLE_LABELS } from '../navigation';
import { activeSection } from '../section';

function UserBadge() {
  const { user, signOut } = useAuth();
  if (!user) {
    return null;
  }
  const orgs = user.organizations.map((o) => o.name).join(', ');
  return (
    <Group gap="sm" wrap="nowrap" aria-label="Signed-in user">
      <Box ta="right" visibleFrom="sm">
        <Text size="sm" fw={600} data-testid="user-name">
          {user.name}
        </Text>
        <Text size="xs" c="dimmed" data-testid="user-role">
          {ROLE_LABELS[user.role] ?? user.role}
          {orgs ? ` · ${orgs}` : ''}
        </Text>
      </Box>
      <Button variant="default" size="xs" onClick={() => void signOut()}>
        Sign out
      </Button>
    </Group>
  );
}

/** The workspace frame: header (search, notifications bell, user, sign out), role-based navigation, main content. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const path = usePath();
  const [opened, { toggle, close }] = useDisclosure();
  const items = user ? navigationFor(user.role) : [];
  const showSearch = user !== null && canSearchPatients(user.role) && path !== '/search';
  const hasNav = items.length > 0;
  const section = activeSection(items, path);

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={hasNav ? { width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="sm" wrap="nowrap">
            {hasNav && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
              />
            )}
            <Text fw={700} size="lg" c="teal.9">
              Careweave
            </Text>
          </Group>
          {showSearch && (
            <Box w={380} maw="45vw" className="header-search">
              <PatientSearch />
            </Box>
          )}
          <Group gap="xs" wrap="nowrap">
            {hasNav && <NotificationBell />}
            <UserBadge />
          </Group>
        </Group>
      </AppShell.Header>
      {hasNav && (
        <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
          <Stack gap={2}>
            {items.map((item) => {
              const active = item.path === section;
              return (
                <NavLink
                  key={item.key}
                  href={item.path}
                  label={item.label}
                  active={active}
                  variant="filled"
                  aria-current={active ? 'page' : undefined}
                  // The filled variant's hover shade (teal.8) has 3.6:1 contrast with white text; keep the active shade on hover.
                  style={active ? { '--nl-hover': 'var(--mantine-color-teal-9)' } : undefined}
                  rightSection={
                    item.coming ? (
                      <Badge size="xs" variant="outline" color="gray">
                        coming
                      </Badge>
                    ) : undefined
                  }
                  onClick={(e) => {
                    e.preventDefault();
                    close();
                    navigate(item.path);
                  }}
                />
              );
            })}
          </Stack>
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
