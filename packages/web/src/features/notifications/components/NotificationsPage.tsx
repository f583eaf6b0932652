import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from '../../../app/router';
import { mentionsAsNames, splitMentions } from '../../messages/model/messages';
import { usePeopleNames } from '../../../lib/usePeopleNames';
import { useMarkRead, useNotificationFeed } from '../hooks/useNotifications';
import {
  kindLabel,
  notificationTarget,
  timeAgo,
  type NotificationItem,
} from '../model/notifications';

function Item({
  item,
  who,
  summary,
  onOpen,
}: {
  item: NotificationItem;
  who: string;
  summary: string;
  onOpen: () => void;
}) {
  const unread = !item.readAt;
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      component="li"
      data-notification={item.id}
      data-kind={item.kind}
      data-unread={unread ? 'true' : 'false'}
      className={unread ? 'notification-unread' : undefined}
      bg={unread ? 'teal.0' : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap="xs">
            {unread && (
              <Badge size="xs" color="teal">
                New
              </Badge>
            )}
            <Text size="xs" c="dimmed" fw={600}>
              {kindLabel(item.kind)}
            </Text>
          </Group>
          {/* Opening an item marks it read; the click bubbles from the in-app link. */}
          <Text component="span" size="sm" onClick={onOpen}>
            <Link to={notificationTarget(item)} fw={unread ? 700 : 400}>
              {summary}
            </Link>
          </Text>
          <Text size="xs" c="dimmed">
            {who} · <time dateTime={item.createdAt}>{timeAgo(item.createdAt)}</time>
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/** The notifications feed: task assigned to me, mentions, plan changes by others; unread first in weight, newest first in order. */
export function NotificationsPage() {
  const feed = useNotificationFeed();
  const markRead = useMarkRead();
  const items = useMemo(() => feed.data?.pages.flatMap((p) => p.items) ?? [], [feed.data]);
  const unread = feed.data?.pages[0]?.unread ?? 0;
  // Actors and the people mentioned in summaries, named in one lookup.
  const people = useMemo(
    () =>
      items.flatMap((i) => [
        i.actor,
        ...splitMentions(i.summary).flatMap((s) => ('mention' in s ? [s.mention] : [])),
      ]),
    [items],
  );
  const nameOf = usePeopleNames(people);
  const state = feed.isPending ? 'loading' : feed.isError ? 'error' : 'ready';
  return (
    <Stack gap="md" maw={760} data-page="notifications" data-state={state}>
      <Group justify="space-between">
        <Title order={1}>Notifications</Title>
        <Button
          variant="default"
          size="xs"
          disabled={unread === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate(undefined)}
        >
          Mark all read
        </Button>
      </Group>
      <Text size="sm" c="dimmed" role="status">
        {unread === 1 ? '1 unread' : `${unread} unread`}
      </Text>
      {markRead.error && (
        <Alert color="red" variant="light" role="alert">
          {markRead.error.message}
        </Alert>
      )}
      {state === 'loading' && (
        <Stack gap={6} aria-label="Loading notifications">
          <Skeleton height={48} />
          <Skeleton height={48} />
        </Stack>
      )}
      {state === 'error' && (
        <Alert color="red" variant="light" role="alert" title="Could not load notifications">
          {feed.error?.message}
          <Button size="compact-xs" variant="default" ml="sm" onClick={() => void feed.refetch()}>
            Retry
          </Button>
        </Alert>
      )}
      {state === 'ready' && items.length === 0 && (
        <Text c="dimmed">
          Nothing yet. Tasks given to you, mentions and plan changes by others appear here.
        </Text>
      )}
      {items.length > 0 && (
        <Stack
          component="ul"
          gap="xs"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Notifications"
        >
          {items.map((item) => (
            <Item
              key={item.id}
              item={item}
              who={nameOf(item.actor)}
              summary={mentionsAsNames(item.summary, (r) => nameOf(r))}
              onOpen={() => !item.readAt && markRead.mutate([item.id])}
            />
          ))}
        </Stack>
      )}
      {feed.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          w="fit-content"
          loading={feed.isFetchingNextPage}
          onClick={() => void feed.fetchNextPage()}
        >
          Load older
        </Button>
      )}
    </Stack>
  );
}
