import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  Radio,
  Checkbox,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, navigate } from '../../../app/router';
import { useAuth } from '../../auth/hooks/useAuth';
import { fetchQuestionnaire, fetchResponse, saveResponse } from '../api';
import {
  answersFrom,
  buildResponse,
  formItems,
  questions,
  runningScore,
  unanswered,
  type Answers,
  type FormItem,
} from '../model/form';
import '../../plan/components/plan-styles';

function Question({
  item,
  value,
  invalid,
  onChange,
}: {
  item: FormItem;
  value: readonly string[];
  invalid: boolean;
  onChange: (keys: string[]) => void;
}) {
  const label = `${item.number ? `${item.number} ` : ''}${item.text}`;
  const error = invalid ? 'Please answer this question' : undefined;
  if (item.repeats) {
    return (
      <Checkbox.Group
        label={label}
        value={[...value]}
        onChange={onChange}
        withAsterisk={item.required}
        error={error}
        data-item={item.linkId}
      >
        <Stack gap={4} mt={4}>
          {item.options.map((o) => (
            <Checkbox key={o.key} value={o.key} label={o.label} />
          ))}
        </Stack>
      </Checkbox.Group>
    );
  }
  return (
    <Radio.Group
      label={label}
      value={value[0] ?? null}
      onChange={(v) => onChange([v])}
      withAsterisk={item.required}
      error={error}
      data-item={item.linkId}
    >
      <Group gap="md" mt={4}>
        {item.options.map((o) => (
          <Radio
            key={o.key}
            value={o.key}
            label={o.score !== undefined ? `${o.label} (${o.score})` : o.label}
          />
        ))}
      </Group>
    </Radio.Group>
  );
}

/**
 * Fill in a standardized assessment for (or with) the person: a renderer driven by the
 * Questionnaire resource (items, answer options, required flags, scores), with item-level
 * validation, native keyboard use (arrow keys move within a question, Tab between questions), a
 * running score, and "Save draft" (status in-progress) before "Submit" (completed). The server
 * scores the response and runs the rules on it (safety task and flag, suggestions).
 */
export function QuestionnairePage({
  patientId,
  questionnaireId,
  responseId,
}: {
  patientId: string;
  questionnaireId: string;
  responseId?: string;
}) {
  const { user } = useAuth();
  const client = useQueryClient();
  const questionnaire = useQuery({
    queryKey: ['questionnaire', questionnaireId],
    queryFn: ({ signal }) => fetchQuestionnaire(questionnaireId, signal),
    staleTime: 300_000,
  });
  const draft = useQuery({
    queryKey: ['questionnaire-response', responseId ?? ''],
    queryFn: ({ signal }) => fetchResponse(responseId ?? '', signal),
    enabled: responseId !== undefined,
  });
  const items = useMemo(
    () => (questionnaire.data ? formItems(questionnaire.data) : []),
    [questionnaire.data],
  );
  const [edited, setAnswers] = useState<Answers | null>(null);
  const answers: Answers = edited ?? (draft.data ? answersFrom(items, draft.data) : {});
  const [savedId, setSavedId] = useState<string | undefined>(responseId);
  const [showErrors, setShowErrors] = useState(false);
  const [saved, setSaved] = useState<QuestionnaireResponse | null>(null);
  const save = useMutation({
    mutationFn: (status: 'in-progress' | 'completed') => {
      if (!questionnaire.data) throw new Error('The questionnaire has not loaded');
      return saveResponse(
        buildResponse(questionnaire.data, items, answers, {
          patientId,
          status,
          ...(savedId ? { id: savedId } : {}),
          ...(user?.fhirUser ? { author: user.fhirUser } : {}),
        }),
      );
    },
    onSuccess: async (qr) => {
      setSavedId(qr.id);
      setSaved(qr);
      if (qr.status === 'in-progress' && qr.id)
        navigate(`/patients/${patientId}/assessments/${questionnaireId}?response=${qr.id}`, {
          replace: true,
        });
      await client.invalidateQueries({ queryKey: ['assessments', patientId] });
      await client.invalidateQueries({ queryKey: ['worklist'] });
      if (qr.status === 'completed') navigate(`/patients/${patientId}?assessed=${qr.id}`);
    },
  });

  if (questionnaire.isPending || (responseId && draft.isPending)) {
    return <Loader aria-label="Loading the questionnaire" />;
  }
  if (questionnaire.isError) {
    return (
      <Stack gap="md">
        <Title order={1}>Assessment</Title>
        <Alert color="red" variant="light" role="alert" title="Could not open this questionnaire">
          {questionnaire.error.message}
        </Alert>
      </Stack>
    );
  }
  const q = questionnaire.data;
  const missing = unanswered(items, answers);
  const running = runningScore(items, answers);
  const instructions = items.filter((i) => i.type === 'display');
  const submit = () => {
    if (missing.length > 0) {
      setShowErrors(true);
      document.querySelector<HTMLElement>(`[data-item="${missing[0]?.linkId}"] input`)?.focus();
      return;
    }
    save.mutate('completed');
  };
  return (
    <Stack
      gap="md"
      data-questionnaire={q.id}
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Group justify="space-between">
        <Title order={1}>{q.title ?? q.name ?? 'Questionnaire'}</Title>
        <Link to={`/patients/${patientId}`}>Back to the summary</Link>
      </Group>
      {instructions.map((i) => (
        <Text key={i.linkId}>{i.text}</Text>
      ))}
      <Card withBorder padding="md">
        <Stack gap="lg">
          {questions(items).map((item) => (
            <Question
              key={item.linkId}
              item={item}
              value={answers[item.linkId] ?? []}
              invalid={showErrors && missing.some((m) => m.linkId === item.linkId)}
              onChange={(keys) => setAnswers({ ...answers, [item.linkId]: keys })}
            />
          ))}
        </Stack>
      </Card>
      <Group justify="space-between" align="center">
        <Text aria-live="polite" data-running-score={running.score}>
          Running score <Badge variant="light">{running.score}</Badge> — {running.answered} of{' '}
          {running.total} answered
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            loading={save.isPending && save.variables === 'in-progress'}
            onClick={() => save.mutate('in-progress')}
          >
            Save draft
          </Button>
          <Button type="submit" loading={save.isPending && save.variables === 'completed'}>
            Submit
          </Button>
        </Group>
      </Group>
      {showErrors && missing.length > 0 && (
        <Alert color="orange" variant="light" role="alert">
          {missing.length} question{missing.length > 1 ? 's are' : ' is'} still unanswered.
        </Alert>
      )}
      {save.isError && (
        <Alert color="red" variant="light" role="alert" title="Not saved">
          {save.error.message}
        </Alert>
      )}
      {saved?.status === 'in-progress' && !save.isPending && (
        <Alert color="teal" variant="light" role="status">
          Draft saved. You can come back to it from the summary.
        </Alert>
      )}
    </Stack>
  );
}
