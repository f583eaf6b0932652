import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Radio,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { Link } from '../../../app/router';
import { fetchQuestionnaire } from '../../assessments/api';
import {
  buildResponse,
  formItems,
  questions,
  unanswered,
  type Answers,
  type FormItem,
} from '../../assessments/model/form';
import { useHome, useQuestionnaires, useSendQuestionnaire } from '../hooks/usePortal';
import { PortalPage, SectionState, day } from './common';

/** My questionnaires: what my team asked me to fill in, every form I can fill in, my results over time. */
export function QuestionnairesPage() {
  const q = useQuestionnaires();
  const home = useHome();
  const canFill = home.data?.viewer.kind === 'patient';
  const data = q.data;
  return (
    <PortalPage title="My questionnaires">
      {!data ? (
        <SectionState error={q.error} what="your questionnaires" />
      ) : (
        <Stack gap="lg">
          {canFill ? (
            <Stack gap="xs">
              <Title order={2} size="h3">
                Asked by my team
              </Title>
              {data.assigned.length === 0 ? <Text>Nothing to fill in right now.</Text> : null}
              {data.assigned.map((a) => (
                <Card key={a.task} withBorder padding="sm" radius="md">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Link to={`/me/questionnaires/${a.instrument}`} fw={600}>
                      {a.title}
                    </Link>
                    {a.due ? (
                      <Badge variant="light" color={a.overdue ? 'orange' : 'gray'}>
                        {a.overdue ? 'Late' : `By ${day(a.due)}`}
                      </Badge>
                    ) : null}
                  </Group>
                  {a.askedBy ? (
                    <Text size="sm" c="dimmed">
                      Asked by {a.askedBy}
                    </Text>
                  ) : null}
                </Card>
              ))}
            </Stack>
          ) : null}
          <Stack gap="xs">
            <Title order={2} size="h3">
              My results
            </Title>
            {data.results.length === 0 ? <Text>No results yet.</Text> : null}
            {data.results.map((r) => (
              <Card key={r.instrument} withBorder padding="sm" radius="md">
                <Text fw={600}>{r.title}</Text>
                {r.trend ? <Text size="sm">{r.trend}</Text> : null}
                <Stack component="ul" gap={4} mt={4} pl="md">
                  {[...r.results].reverse().map((p) => (
                    <li key={`${p.date}-${p.score}`}>
                      <Text size="sm">
                        <b>{day(p.date)}</b> — score {p.score}. {p.words}
                      </Text>
                    </li>
                  ))}
                </Stack>
              </Card>
            ))}
          </Stack>
          {canFill ? (
            <Stack gap="xs">
              <Title order={2} size="h3">
                Fill in a questionnaire
              </Title>
              {data.available.map((a) => (
                <Card key={a.instrument} withBorder padding="sm" radius="md">
                  <Link to={`/me/questionnaires/${a.instrument}`} fw={600}>
                    {a.title}
                  </Link>
                  <Text size="sm" c="dimmed">
                    {a.about}
                  </Text>
                </Card>
              ))}
            </Stack>
          ) : null}
        </Stack>
      )}
    </PortalPage>
  );
}

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
        error={error}
        data-item={item.linkId}
      >
        <Stack gap={6} mt={6}>
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
      <Stack gap={6} mt={6}>
        {item.options.map((o) => (
          <Radio key={o.key} value={o.key} label={o.label} />
        ))}
      </Stack>
    </Radio.Group>
  );
}

const QUESTIONNAIRE_IDS: Readonly<Record<string, string>> = {
  phq9: 'phq-9',
  gad7: 'gad-7',
  'ahc-hrsn': 'ahc-hrsn',
};

/** Fill in one questionnaire, one question after another; the answers go to my team. */
export function FillQuestionnairePage({ instrument }: { instrument: string }) {
  const home = useHome();
  const id = QUESTIONNAIRE_IDS[instrument] ?? instrument;
  const questionnaire = useQuery({
    queryKey: ['questionnaire', id],
    queryFn: ({ signal }) => fetchQuestionnaire(id, signal),
  });
  const send = useSendQuestionnaire();
  const [answers, setAnswers] = useState<Answers>({});
  const [tried, setTried] = useState(false);
  const items = useMemo(
    () => (questionnaire.data ? formItems(questionnaire.data) : []),
    [questionnaire.data],
  );
  const missing = new Set(unanswered(items, answers).map((i) => i.linkId));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!questionnaire.data || !home.data || missing.size > 0) return;
    send.mutate({
      instrument,
      response: buildResponse(questionnaire.data, items, answers, {
        patientId: home.data.person.id,
        author: home.data.viewer.reference,
        status: 'completed',
      }),
    });
  };
  const title = questionnaire.data?.title ?? 'Questionnaire';
  if (send.data) {
    return (
      <PortalPage title={title}>
        {send.data.safety ? (
          <Alert color="red" variant="light" title="Your team will contact you today" role="alert">
            You told us you have had thoughts that you would be better off dead or of hurting
            yourself. Your care team has been told and will contact you today. If you are in danger
            now, call 911, or call or text 988 (Suicide and Crisis Lifeline).
          </Alert>
        ) : null}
        <Alert
          color="green"
          variant="light"
          title="Thank you — your answers were sent"
          role="status"
        >
          Your care team can see them now. Your result is under{' '}
          <Link to="/me/questionnaires">My questionnaires</Link>.
        </Alert>
      </PortalPage>
    );
  }
  return (
    <PortalPage title={title}>
      {!questionnaire.data ? (
        <SectionState error={questionnaire.error} what="the questionnaire" />
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="lg">
            {questionnaire.data.description ? (
              <Text size="sm">{questionnaire.data.description}</Text>
            ) : null}
            {questions(items).map((item) => (
              <Question
                key={item.linkId}
                item={item}
                value={answers[item.linkId] ?? []}
                invalid={tried && missing.has(item.linkId)}
                onChange={(keys) => setAnswers((a) => ({ ...a, [item.linkId]: keys }))}
              />
            ))}
            {tried && missing.size > 0 ? (
              <Text size="sm" c="#a51d1d" role="alert">
                Please answer every question marked with a star ({missing.size} left).
              </Text>
            ) : null}
            {send.error ? (
              <Text size="sm" c="#a51d1d" role="alert">
                {send.error.message}
              </Text>
            ) : null}
            <Button type="submit" loading={send.isPending} w="fit-content">
              Send my answers
            </Button>
          </Stack>
        </form>
      )}
    </PortalPage>
  );
}
