import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  CloseButton,
  Group,
  NavLink,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
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
  // On a phone the header search is an icon that opens a full-width field: squeezed between the
  // brand and the user it was ~40 px wide.
  const narrow = useMediaQuery('(max-width: 600px)') ?? false;
  const [searching, search] = useDisclosure(false);

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
        {showSearch && narrow && searching ? (
          <Group h="100%" px="sm" gap="xs" wrap="nowrap" className="header-search-open">
            <Box style={{ flex: 1 }}>
              <PatientSearch autoFocus />
            </Box>
            <CloseButton aria-label="Close patient search" onClick={search.close} />
          </Group>
        ) : (
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
            {showSearch && !narrow && (
              <Box w={380} maw="45vw" className="header-search">
                <PatientSearch />
              </Box>
            )}
            <Group gap="xs" wrap="nowrap">
              {showSearch && narrow && (
                <ActionIcon
                  variant="subtle"
                  size="lg"
                  aria-label="Open patient search"
                  onClick={search.open}
                >
                  <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
                    <circle
                      cx="10.5"
                      cy="10.5"
                      r="6.5"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="2"
                    />
                    <line
                      x1="15.5"
                      y1="15.5"
                      x2="21"
                      y2="21"
                      stroke="currentColor"
                      strokeWidth="2"
                    />
                  </svg>
                </ActionIcon>
              )}
              {hasNav && <NotificationBell />}
              <UserBadge />
            </Group>
          </Group>
        )}
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
