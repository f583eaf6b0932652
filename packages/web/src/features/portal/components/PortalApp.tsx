import { Alert, Box, Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { matchPath, usePath } from '../../../app/router';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { useAuth } from '../../auth/hooks/useAuth';
import { useHome } from '../hooks/usePortal';
import {
  TEXT_SIZES,
  applyTextSize,
  isTextSize,
  savedTextSize,
  type TextSize,
} from '../model/text-size';
import { AccessLogPage } from './AccessLogPage';
import { SectionState } from './common';
import { ConsentPage } from './ConsentPage';
import { MessagesPage, ThreadPage } from './MessagesPage';
import { PlanPage } from './PlanPage';
import { PortalHomePage } from './PortalHomePage';
import { FillQuestionnairePage, QuestionnairesPage } from './QuestionnairesPage';
import { ReferralsPage } from './ReferralsPage';
import { TeamPage } from './TeamPage';
import '../../plan/components/plan-styles';

const SIZE_LABELS: Record<TextSize, string> = { normal: 'A', large: 'A+', larger: 'A++' };

function PortalRoutes({ path }: { path: string }) {
  const thread = matchPath('/me/messages/:id', path);
  if (thread?.['id']) return <ThreadPage key={thread['id']} id={thread['id']} />;
  const form = matchPath('/me/questionnaires/:instrument', path);
  if (form?.['instrument'])
    return <FillQuestionnairePage key={form['instrument']} instrument={form['instrument']} />;
  switch (path.replace(/\/+$/, '')) {
    case '/me/plan':
      return <PlanPage />;
    case '/me/team':
      return <TeamPage />;
    case '/me/messages':
      return <MessagesPage />;
    case '/me/questionnaires':
      return <QuestionnairesPage />;
    case '/me/referrals':
      return <ReferralsPage />;
    case '/me/consent':
      return <ConsentPage />;
    case '/me/access-log':
      return <AccessLogPage />;
    default:
      return <PortalHomePage />;
  }
}

/**
 * The person's portal at `/me`, mobile-first: one column, large touch targets, plain words. The
 * banner always says whose record this is (a caregiver sees "You are looking at … record").
 */
export function PortalApp() {
  const { user, signOut } = useAuth();
  const home = useHome();
  const path = usePath();
  const [size, setSize] = useState<TextSize>(() => savedTextSize(window.localStorage));
  useEffect(() => {
    applyTextSize(size, document.documentElement, window.localStorage);
  }, [size]);
  const person = home.data?.person;
  const caregiver = home.data?.viewer.kind === 'caregiver';
  return (
    <Box maw={640} mx="auto" px="sm" pb="xl">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Box component="header" py="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700} size="lg">
            Careweave
          </Text>
          <Group gap="xs" wrap="nowrap">
            <SegmentedControl
              size="xs"
              aria-label="Text size"
              value={size}
              onChange={(v) => isTextSize(v) && setSize(v)}
              data={(Object.keys(TEXT_SIZES) as TextSize[]).map((s) => ({
                value: s,
                label: SIZE_LABELS[s],
              }))}
            />
            <Button variant="default" size="xs" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
        {person ? (
          <Alert
            mt="xs"
            variant="light"
            color={caregiver ? 'orange' : 'teal'}
            role="status"
            title={
              caregiver ? `You are looking at ${person.name}'s record` : `${person.name}'s record`
            }
          >
            <Text size="sm">
              {caregiver
                ? `Signed in as ${user?.name ?? 'a caregiver'}${home.data?.viewer.relationship ? ` (${home.data.viewer.relationship})` : ''}. You see only what ${person.name} has chosen to share with you.`
                : `Signed in as ${user?.name ?? person.name}.`}
            </Text>
          </Alert>
        ) : null}
      </Box>
      <Stack component="main" id="main" tabIndex={-1} gap="md">
        {home.data ? (
          <ErrorBoundary what="this page" key={path}>
            <PortalRoutes path={path} />
          </ErrorBoundary>
        ) : (
          <SectionState error={home.error} what="your portal" />
        )}
      </Stack>
    </Box>
  );
}
