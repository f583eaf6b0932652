import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import type { PersonChoice } from '../../care-team/model/team';
import { timeAgo } from '../../notifications/model/notifications';
import { useMarkThreadRead, usePostMessage, useThread } from '../hooks/useMessages';
import { splitMentions, type ThreadMessage } from '../model/messages';
import { MessageComposer } from './MessageComposer';

function MessageText({ text, nameOf }: { text: string; nameOf: (reference: string) => string }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {splitMentions(text).map((s, i) =>
        'mention' in s ? (
          <Badge key={i} size="sm" variant="light" color="teal" tt="none" data-mention={s.mention}>
            @{nameOf(s.mention)}
          </Badge>
        ) : (
          <Fragment key={i}>{s.text}</Fragment>
        ),
      )}
    </Text>
  );
}

function Message({
  m,
  nameOf,
  unread,
}: {
  m: ThreadMessage;
  nameOf: (reference: string) => string;
  unread: boolean;
}) {
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      component="li"
      data-message={m.id}
      bg={unread ? 'teal.0' : undefined}
    >
      <Group gap="xs" mb={2}>
        <Text size="xs" fw={700}>
          {m.senderName ?? (m.sender ? nameOf(m.sender) : 'Unknown sender')}
        </Text>
        {m.sent && (
          <Text size="xs" c="dimmed" component="time" dateTime={m.sent}>
            {timeAgo(m.sent)}
          </Text>
        )}
        {unread && (
          <Badge size="xs" color="teal">
            New
          </Badge>
        )}
      </Group>
      <MessageText text={m.text} nameOf={nameOf} />
    </Paper>
  );
}

/** One open thread: its messages (new ones marked), a reply box, and it is marked read as it opens. */
export function ThreadView({
  threadId,
  members,
  onBack,
}: {
  threadId: string;
  members: readonly PersonChoice[];
  onBack: () => void;
}) {
  const thread = useThread(threadId);
  const markRead = useMarkThreadRead();
  const post = usePostMessage();
  const [sent, setSent] = useState(0);
  const { mutate } = markRead;
  // Opening a thread is reading it: mark it once, after it has loaded (the New badges still show what was new).
  const loaded = thread.data !== undefined;
  useEffect(() => {
    if (loaded) mutate(threadId);
  }, [loaded, threadId, mutate]);
  const nameOf = (reference: string) =>
    members.find((m) => m.value === reference)?.label.replace(/ \(.*\)$/, '') ?? reference;
  const readUpTo = thread.data?.readUpTo;

  return (
    <Stack gap="sm" data-thread={threadId}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {thread.data?.thread.topic ?? 'Thread'}
        </Title>
        <Button variant="subtle" size="compact-xs" onClick={onBack}>
          All threads
        </Button>
      </Group>
      {thread.isPending && <Skeleton height={40} aria-label="Loading messages" />}
      {thread.isError && (
        <Alert color="red" variant="light" role="alert">
          {thread.error.message}
        </Alert>
      )}
      {thread.data && (
        <Stack
          component="ul"
          gap={6}
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Messages"
        >
          {thread.data.messages.map((m) => (
            <Message
              key={m.id}
              m={m}
              nameOf={nameOf}
              unread={Boolean(m.sent && readUpTo !== undefined && m.sent > readUpTo)}
            />
          ))}
        </Stack>
      )}
      <MessageComposer
        key={sent}
        members={members}
        label="Reply"
        submitLabel="Send reply"
        pending={post.isPending}
        onSend={(text) =>
          post.mutate({ thread: threadId, text }, { onSuccess: () => setSent((n) => n + 1) })
        }
      />
      {post.error && (
        <Alert color="red" variant="light" role="alert" title="Not sent">
          {post.error.message}
        </Alert>
      )}
    </Stack>
  );
}
