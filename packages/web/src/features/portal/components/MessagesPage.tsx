import { Badge, Button, Card, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, navigate } from '../../../app/router';
import { useHome, useSendMessage, useThread, useThreads } from '../hooks/usePortal';
import { PortalPage, SectionState, moment } from './common';

function NewMessage() {
  const send = useSendMessage();
  const [topic, setTopic] = useState('');
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate(
      { topic, text },
      { onSuccess: (sent) => navigate(`/me/messages/${encodeURIComponent(sent.thread)}`) },
    );
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Title order={2} size="h3">
          Write to my care team
        </Title>
        <TextInput
          label="Subject"
          value={topic}
          onChange={(e) => setTopic(e.currentTarget.value)}
          required
        />
        <Textarea
          label="Message"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={3}
          required
        />
        <Text size="xs" c="dimmed">
          Your whole care team reads these messages, usually within a working day. In an emergency
          call 911.
        </Text>
        {send.error ? (
          <Text size="sm" c="#a51d1d" role="alert">
            {send.error.message}
          </Text>
        ) : null}
        <Button type="submit" loading={send.isPending} w="fit-content">
          Send message
        </Button>
      </Stack>
    </form>
  );
}

/** Messages: my threads with the team, newest first, and a new message. */
export function MessagesPage() {
  const threads = useThreads();
  const home = useHome();
  return (
    <PortalPage title="Messages">
      {home.data?.viewer.kind === 'patient' ? <NewMessage /> : null}
      <Title order={2} size="h3">
        Conversations
      </Title>
      {!threads.data ? (
        <SectionState error={threads.error} what="your messages" />
      ) : threads.data.threads.length === 0 ? (
        <Text>No messages yet.</Text>
      ) : (
        <Stack gap="xs">
          {threads.data.threads.map((t) => (
            <Card key={t.id} withBorder padding="sm" radius="md">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Link to={`/me/messages/${encodeURIComponent(t.id)}`} fw={600}>
                  {t.topic || 'Message'}
                </Link>
                {t.unread > 0 ? (
                  <Badge variant="light" color="blue">
                    {t.unread} new
                  </Badge>
                ) : null}
              </Group>
              <Text size="sm" c="dimmed" lineClamp={2}>
                {t.lastMessage}
              </Text>
              <Text size="xs" c="dimmed">
                {moment(t.lastMessageAt)}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </PortalPage>
  );
}

/** One conversation, with read receipts under my messages. */
export function ThreadPage({ id }: { id: string }) {
  const thread = useThread(id);
  const home = useHome();
  const send = useSendMessage();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ thread: id, text }, { onSuccess: () => setText('') });
  };
  const data = thread.data;
  return (
    <PortalPage title={data?.thread.topic || 'Conversation'}>
      <Link to="/me/messages">All messages</Link>
      {!data ? (
        <SectionState error={thread.error} what="this conversation" />
      ) : (
        <Stack gap="xs">
          {data.messages.map((m) => (
            <Card
              key={m.id}
              withBorder
              padding="sm"
              radius="md"
              bg={m.mine ? 'teal.0' : undefined}
              ml={m.mine ? 'lg' : 0}
              mr={m.mine ? 0 : 'lg'}
            >
              <Text size="xs" c="dimmed">
                {m.from} · {moment(m.sent)}
              </Text>
              <Text style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Text>
              {m.mine ? (
                <Text size="xs" c="dimmed" data-receipt>
                  {m.readBy.length > 0
                    ? `Read by ${m.readBy.map((r) => r.name).join(', ')}`
                    : 'Not read yet'}
                </Text>
              ) : null}
            </Card>
          ))}
          {home.data?.viewer.kind === 'patient' ? (
            <form onSubmit={submit}>
              <Stack gap="xs">
                <Textarea
                  label="Reply"
                  value={text}
                  onChange={(e) => setText(e.currentTarget.value)}
                  autosize
                  minRows={2}
                  required
                />
                {send.error ? (
                  <Text size="sm" c="#a51d1d" role="alert">
                    {send.error.message}
                  </Text>
                ) : null}
                <Button type="submit" loading={send.isPending} w="fit-content">
                  Send reply
                </Button>
              </Stack>
            </form>
          ) : null}
        </Stack>
      )}
    </PortalPage>
  );
}
