import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PersonChoice } from '../../care-team/model/team';
import { usePostMessage } from '../hooks/useMessages';
import { MessageComposer } from './MessageComposer';

/** Starts a thread: a topic and the first message (mentions allowed). Opens the new thread when sent. */
export function NewThreadForm({
  patientId,
  members,
  onStarted,
  onCancel,
}: {
  patientId: string;
  members: readonly PersonChoice[];
  onStarted: (threadId: string) => void;
  onCancel: () => void;
}) {
  const [topic, setTopic] = useState('');
  const post = usePostMessage();
  return (
    <Stack gap="sm" component="section" aria-label="New thread">
      <TextInput
        label="Topic"
        required
        value={topic}
        onChange={(e) => setTopic(e.currentTarget.value)}
        data-autofocus
      />
      <MessageComposer
        members={members}
        label="Message"
        submitLabel="Start thread"
        pending={post.isPending}
        sendDisabled={!topic.trim()}
        onSend={(text) =>
          post.mutate(
            { patient: patientId, topic, text },
            { onSuccess: (data) => onStarted(data.thread) },
          )
        }
      />
      {post.error && (
        <Alert color="red" variant="light" role="alert" title="Not sent">
          {post.error.message}
        </Alert>
      )}
      <Group>
        <Button variant="subtle" size="compact-xs" onClick={onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
