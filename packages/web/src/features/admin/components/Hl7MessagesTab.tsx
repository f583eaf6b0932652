import type { Hl7MessageRow, Hl7MessageStatus } from '@careweave/contract';
import { HL7_MESSAGE_STATUSES } from '@careweave/contract';
import {
  Badge,
  Button,
  Code,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useState } from 'react';
import { useHl7Message, useHl7Messages, useReplayHl7Message } from '../hooks/useHl7';
import { ErrorAlert, Loading, when } from './common';

const STATUS_LABEL: Record<Hl7MessageStatus, string> = {
  processed: 'Applied',
  held: 'Waiting for patient matching',
  error: 'Failed',
  rejected: 'Not HL7',
};

const STATUS_COLOR: Record<Hl7MessageStatus, string> = {
  processed: 'green',
  held: 'yellow',
  error: 'red',
  rejected: 'gray',
};

function MessageText({ id, onClose }: { id: string; onClose: () => void }) {
  const message = useHl7Message(id);
  return (
    <Modal opened onClose={onClose} title={`HL7 message ${id}`} size="xl">
      <Loading loading={message.isPending} error={message.error}>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {message.data?.raw}
        </Code>
      </Loading>
    </Modal>
  );
}

function Row({ m, onShow }: { m: Hl7MessageRow; onShow: (id: string) => void }) {
  const replay = useReplayHl7Message();
  const replayable = m.status === 'error' || m.status === 'rejected';
  return (
    <Table.Tr>
      <Table.Td>{when(m.receivedAt)}</Table.Td>
      <Table.Td>{m.sender ?? '—'}</Table.Td>
      <Table.Td>{m.controlId ?? '—'}</Table.Td>
      <Table.Td>{m.event ?? '—'}</Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[m.status]} variant="light">
          {STATUS_LABEL[m.status]}
        </Badge>
        {m.deliveries > 1 && (
          <Text size="xs" c="dimmed">
            {m.deliveries} deliveries{m.differingDuplicate ? ', content differed' : ''}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{m.ack}</Table.Td>
      <Table.Td>{m.patient ?? '—'}</Table.Td>
      <Table.Td>
        <Text size="xs">{m.error ?? ''}</Text>
        {replay.error && <ErrorAlert error={replay.error} />}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" onClick={() => onShow(m.id)}>
            Show
          </Button>
          {replayable && (
            <Button
              size="compact-xs"
              variant="light"
              loading={replay.isPending}
              onClick={() => replay.mutate(m.id)}
              aria-label={`Replay message ${m.controlId ?? m.id}`}
            >
              Replay
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The HL7 v2 feed's message log: what arrived, what became of it and the ACK it got, newest
 * first; a failed message can be replayed once its cause is fixed.
 */
export function Hl7MessagesTab() {
  const [status, setStatus] = useState<Hl7MessageStatus | undefined>();
  const [pages, setPages] = useState<string[]>([]);
  const before = pages[pages.length - 1];
  const messages = useHl7Messages(status, before);
  const [shown, setShown] = useState<string | undefined>();
  const rows = messages.data?.messages ?? [];
  return (
    <Stack gap="sm">
      <Group align="end">
        <Select
          label="Status"
          placeholder="All messages"
          clearable
          data={HL7_MESSAGE_STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          value={status ?? null}
          onChange={(v) => {
            setStatus(v ?? undefined);
            setPages([]);
          }}
          w={260}
        />
      </Group>
      <Loading loading={messages.isPending} error={messages.error}>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            No HL7 messages{status ? ' with this status' : ''} yet. Hospitals send them to the MLLP
            listener (careweave serve --mllp-port).
          </Text>
        ) : (
          <Table striped fz="sm">
            <VisuallyHidden component="caption">HL7 v2 messages</VisuallyHidden>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Received</Table.Th>
                <Table.Th>Sender</Table.Th>
                <Table.Th>Control id</Table.Th>
                <Table.Th>Event</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>ACK</Table.Th>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Row key={m.id} m={m} onShow={setShown} />
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Loading>
      <Group>
        {pages.length > 0 && (
          <Button variant="default" size="xs" onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </Button>
        )}
        {messages.data?.next && (
          <Button
            variant="default"
            size="xs"
            onClick={() => setPages([...pages, messages.data?.next as string])}
          >
            Older
          </Button>
        )}
      </Group>
      {shown && <MessageText id={shown} onClose={() => setShown(undefined)} />}
    </Stack>
  );
}
