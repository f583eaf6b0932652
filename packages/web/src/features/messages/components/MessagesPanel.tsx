import { Badge, Box, Button, Group, Stack, Text, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import { timeAgo } from '../../notifications/model/notifications';
import { Panel } from '../../summary/components/Panel';
import { usePatientTeams } from '../../care-team/hooks/usePatientTeams';
import { staffOf } from '../../care-team/model/team';
import { useThreads } from '../hooks/useMessages';
import type { ThreadSummary } from '../model/messages';
import { NewThreadForm } from './NewThreadForm';
import { ThreadView } from './ThreadView';

function ThreadRow({ t, onOpen }: { t: ThreadSummary; onOpen: () => void }) {
  return (
    <Box component="li" data-thread-row={t.id} data-unread={t.unread}>
      <UnstyledButton
        onClick={onOpen}
        w="100%"
        p={6}
        className="thread-row"
        aria-label={`${t.topic}, ${t.messages} ${t.messages === 1 ? 'message' : 'messages'}${t.unread ? `, ${t.unread} unread` : ''}`}
      >
        <Group justify="space-between" wrap="nowrap">
          <Stack gap={0}>
            <Text size="sm" fw={t.unread ? 700 : 500}>
              {t.topic}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={1}>
              {t.lastMessage ?? ''}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            {t.lastMessageAt && (
              <Text size="xs" c="dimmed">
                {timeAgo(t.lastMessageAt)}
              </Text>
            )}
            {t.unread > 0 && (
              <Badge size="sm" color="teal">
                {t.unread} new
              </Badge>
            )}
          </Group>
        </Group>
      </UnstyledButton>
    </Box>
  );
}

/** The patient's team message threads on the summary: list with unread counts, open a thread, reply, start a thread. */
export function MessagesPanel({ patientId }: { patientId: string }) {
  const threads = useThreads(patientId);
  const teams = usePatientTeams(patientId);
  const members = staffOf(teams.data);
  const [open, setOpen] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const unread = (threads.data ?? []).reduce((n, t) => n + t.unread, 0);
  // A mention in the feed links to `/patients/{id}#messages`; in-app navigation does not scroll to
  // a hash by itself, so bring the panel into view once the threads are there.
  const loaded = threads.data !== undefined;
  useEffect(() => {
    if (loaded && window.location.hash === '#messages')
      document.getElementById('messages')?.scrollIntoView({ block: 'start' });
  }, [loaded]);

  return (
    <Box id="messages" style={{ scrollMarginTop: 80 }}>
      <Panel title="Team messages" query={threads}>
        {(list) => (
          <Stack gap="sm">
            {unread > 0 && !open && (
              <Text size="sm" fw={600} role="status">
                {unread} unread
              </Text>
            )}
            {open ? (
              <ThreadView threadId={open} members={members} onBack={() => setOpen(null)} />
            ) : starting ? (
              <NewThreadForm
                patientId={patientId}
                members={members}
                onCancel={() => setStarting(false)}
                onStarted={(id) => {
                  setStarting(false);
                  setOpen(id);
                }}
              />
            ) : (
              <>
                {list.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No team messages about this person yet.
                  </Text>
                ) : (
                  <Stack
                    component="ul"
                    gap={2}
                    p={0}
                    m={0}
                    style={{ listStyle: 'none' }}
                    aria-label="Threads"
                  >
                    {list.map((t) => (
                      <ThreadRow key={t.id} t={t} onOpen={() => setOpen(t.id)} />
                    ))}
                  </Stack>
                )}
                <Button size="xs" variant="light" w="fit-content" onClick={() => setStarting(true)}>
                  New thread
                </Button>
              </>
            )}
          </Stack>
        )}
      </Panel>
    </Box>
  );
}
