import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { acceptSuggestion, dismissSuggestion } from '../api';
import { useAssessmentSummary } from '../hooks';
import type { SuggestionView } from '@careweave/contract';

function SuggestionCard({ patientId, s }: { patientId: string; s: SuggestionView }) {
  const client = useQueryClient();
  const [service, setService] = useState<string | null>(s.services[0]?.reference ?? null);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['assessments', patientId] });
    await client.invalidateQueries({ queryKey: ['plan'] });
    await client.invalidateQueries({ queryKey: ['summary'] });
    await client.invalidateQueries({ queryKey: ['worklist'] });
  };
  const accept = useMutation({
    mutationFn: () => acceptSuggestion(s.id, service ? { service } : {}),
    onSuccess: refresh,
  });
  const dismiss = useMutation({
    mutationFn: () => dismissSuggestion(s.id, reason.trim()),
    onSuccess: async () => {
      setDismissing(false);
      await refresh();
    },
  });
  return (
    <Card withBorder padding="sm" data-suggestion={s.id}>
      <Stack gap={6}>
        <Group gap="xs">
          <Badge variant="light">
            {s.kind === 'goal' ? 'Suggested goal' : 'Suggested referral'}
          </Badge>
          <Text fw={600}>{s.title}</Text>
        </Group>
        {s.goal && <Text size="sm">Goal: {s.goal.description}</Text>}
        {s.activity && <Text size="sm">Activity: {s.activity}</Text>}
        {s.why && (
          <Text size="sm" c="dimmed">
            Why: {s.why}
          </Text>
        )}
        {s.kind === 'referral' && s.services.length > 0 && (
          <Select
            label="Refer to"
            data={s.services.map((x) => ({ value: x.reference, label: x.display ?? x.reference }))}
            value={service}
            onChange={setService}
            allowDeselect={false}
            w={320}
          />
        )}
        <Group gap="xs">
          <Button size="compact-sm" onClick={() => accept.mutate()} loading={accept.isPending}>
            Accept
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setDismissing(true)}>
            Dismiss
          </Button>
        </Group>
        {accept.isError && (
          <Alert color="red" variant="light" role="alert">
            {accept.error.message}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={dismissing}
        onClose={() => setDismissing(false)}
        title="Dismiss the suggestion"
      >
        <Stack gap="sm">
          <Textarea
            label="Why is it dismissed?"
            required
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
          />
          {dismiss.isError && (
            <Alert color="red" variant="light" role="alert">
              {dismiss.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button
              onClick={() => dismiss.mutate()}
              disabled={reason.trim() === ''}
              loading={dismiss.isPending}
            >
              Dismiss with this reason
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

/** Suggestions from assessments, on the plan page, for the team to accept or dismiss with a reason. */
export function SuggestionsSection({ patientId }: { patientId: string }) {
  const summary = useAssessmentSummary(patientId);
  const suggestions = summary.data?.suggestions ?? [];
  if (suggestions.length === 0) return null;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="plan-suggestions"
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id="plan-suggestions">
          Suggestions from assessments
        </Title>
        {suggestions.map((s) => (
          <SuggestionCard key={s.id} patientId={patientId} s={s} />
        ))}
      </Stack>
    </Card>
  );
}
