import type { CdsCard, CdsSuggestion } from '@careweave/contract';
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { detailRuns } from '../model/detail';

/** Colour and word of an indicator (the word is there so colour is never the only signal). */
const INDICATOR = {
  critical: { color: 'red', label: 'Critical' },
  warning: { color: 'orange', label: 'Warning' },
  info: { color: 'blue', label: 'Info' },
} as const;

interface Props {
  card: CdsCard;
  busy: boolean;
  onAccept: (suggestion: CdsSuggestion) => void;
  onDismiss: (reason: { system?: string; code: string; display: string }, comment: string) => void;
}

/** One card: indicator, summary, detail, source, links; accept a suggestion or dismiss with a reason. */
export function CdsCardView({ card, busy, onAccept, onDismiss }: Props) {
  const [dismissing, setDismissing] = useState(false);
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const look = INDICATOR[card.indicator];
  const reasons = card.overrideReasons ?? [];
  const reason = reasons.find((r) => r.code === reasonCode);
  const needsComment = reasonCode === 'other' && comment.trim() === '';
  return (
    <Paper
      withBorder
      p="sm"
      style={{ borderLeft: `4px solid var(--mantine-color-${look.color}-6)` }}
      data-cds-card={card.source.topic?.code ?? card.uuid}
      data-indicator={card.indicator}
      aria-label={`${look.label}: ${card.summary}`}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color={look.color} variant="light">
            {look.label}
          </Badge>
          <Text fw={600} size="sm">
            {card.summary}
          </Text>
        </Group>
        {card.detail && (
          <Text size="sm">
            {detailRuns(card.detail).map((r, i) =>
              r.strong ? <strong key={i}>{r.text}</strong> : <span key={i}>{r.text}</span>,
            )}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          Source:{' '}
          {card.source.url ? (
            <Anchor href={card.source.url} target="_blank" rel="noreferrer" size="xs">
              {card.source.label}
            </Anchor>
          ) : (
            card.source.label
          )}
        </Text>
        {(card.links ?? []).map((l) => (
          <Anchor key={l.url} href={l.url} target="_blank" rel="noreferrer" size="xs">
            {l.label}
          </Anchor>
        ))}
        {!dismissing && (
          <Group gap="xs">
            {(card.suggestions ?? []).map((s) => (
              <Button key={s.uuid} size="xs" loading={busy} onClick={() => onAccept(s)}>
                Accept: {s.label}
              </Button>
            ))}
            <Button size="xs" variant="default" disabled={busy} onClick={() => setDismissing(true)}>
              Dismiss
            </Button>
          </Group>
        )}
        {dismissing && (
          <Stack gap={6}>
            <Select
              label="Reason for dismissing"
              required
              placeholder="Choose a reason"
              data={reasons.map((r) => ({ value: r.code, label: r.display }))}
              value={reasonCode}
              onChange={setReasonCode}
              size="xs"
            />
            <Textarea
              label="Comment"
              description={reasonCode === 'other' ? 'Required for "Other"' : undefined}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              size="xs"
              autosize
              minRows={1}
            />
            <Group gap="xs">
              <Button
                size="xs"
                color="gray"
                disabled={!reason || needsComment}
                loading={busy}
                onClick={() => reason && onDismiss(reason, comment)}
              >
                Dismiss card
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setDismissing(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
