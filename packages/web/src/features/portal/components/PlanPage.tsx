import type { PortalActivity, PortalGoal } from '@careweave/contract';
import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useHome, usePlan, usePlanActions } from '../hooks/usePortal';
import { PortalPage, SectionState, day } from './common';

function Comments({ goal, canWrite }: { goal: PortalGoal; canWrite: boolean }) {
  const { comment } = usePlanActions();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    comment.mutate({ goalId: goal.id, text }, { onSuccess: () => (setText(''), setOpen(false)) });
  };
  return (
    <Stack gap={4}>
      {goal.comments.map((c, i) => (
        <Text key={i} size="sm">
          <b>{c.by ?? 'Someone'}</b>
          {c.at ? ` (${day(c.at)})` : ''}: {c.text}
        </Text>
      ))}
      {canWrite && !open ? (
        <Button variant="subtle" size="compact-sm" onClick={() => setOpen(true)} w="fit-content">
          Comment on this goal
        </Button>
      ) : null}
      {open ? (
        <form onSubmit={submit}>
          <Stack gap="xs">
            <Textarea
              label={`Your comment on "${goal.text}"`}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              autosize
              minRows={2}
              required
            />
            {comment.error ? (
              <Text size="sm" c="#a51d1d" role="alert">
                {comment.error.message}
              </Text>
            ) : null}
            <Group gap="xs">
              <Button type="submit" loading={comment.isPending}>
                Send comment
              </Button>
              <Button variant="default" onClick={() => setOpen(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}

function GoalCard({ goal, canWrite }: { goal: PortalGoal; canWrite: boolean }) {
  return (
    <Card withBorder padding="sm" radius="md" data-goal={goal.id}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          {goal.inMyWords ? (
            <Badge variant="light" color="grape">
              {goal.rank ? `Matters to me #${goal.rank}` : 'In my words'}
            </Badge>
          ) : null}
          <Badge variant="light" color={goal.achieved ? 'green' : 'blue'}>
            {goal.progress}
          </Badge>
        </Group>
        <Text fw={600}>{goal.text}</Text>
        <Text size="sm" c="dimmed">
          {goal.domain}
          {goal.dueDate ? ` · aim by ${day(goal.dueDate)}` : ''}
        </Text>
        <Comments goal={goal} canWrite={canWrite} />
      </Stack>
    </Card>
  );
}

function ActivityRow({ activity, canWrite }: { activity: PortalActivity; canWrite: boolean }) {
  const { markDone } = usePlanActions();
  const id = activity.reference.split('/')[1] ?? '';
  return (
    <Card withBorder padding="sm" radius="md">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>{activity.title}</Text>
          <Badge
            variant="light"
            color={activity.done ? 'green' : activity.overdue ? 'orange' : 'gray'}
          >
            {activity.overdue && !activity.done ? `${activity.status} · late` : activity.status}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {activity.who}
          {activity.due ? ` · by ${day(activity.due)}` : ''}
        </Text>
        {canWrite && activity.mine && !activity.done ? (
          <Button
            size="sm"
            w="fit-content"
            loading={markDone.isPending}
            onClick={() => markDone.mutate(id)}
            aria-label={`I have done this: ${activity.title}`}
          >
            I have done this
          </Button>
        ) : null}
        {markDone.error ? (
          <Text size="sm" c="#a51d1d" role="alert">
            {markDone.error.message}
          </Text>
        ) : null}
      </Stack>
    </Card>
  );
}

function AddPriority() {
  const { addPriority } = usePlanActions();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    addPriority.mutate(text, { onSuccess: () => setText('') });
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Textarea
          label="What matters to me"
          description="Something you want your care to help with, in your own words."
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
          required
        />
        {addPriority.error ? (
          <Text size="sm" c="#a51d1d" role="alert">
            {addPriority.error.message}
          </Text>
        ) : null}
        {addPriority.isSuccess ? (
          <Text size="sm" c="#1f6b30" role="status">
            Added. Your care team can see it now.
          </Text>
        ) : null}
        <Button type="submit" loading={addPriority.isPending} w="fit-content">
          Add my priority
        </Button>
      </Stack>
    </form>
  );
}

/** My plan: goals in my words first, what I will do, what my team will do, progress. */
export function PlanPage() {
  const home = useHome();
  const plan = usePlan();
  const canWrite = home.data?.viewer.kind === 'patient';
  const data = plan.data;
  return (
    <PortalPage title="My plan">
      {!data ? (
        <SectionState error={plan.error} what="your plan" />
      ) : !data.plan ? (
        <Alert color="gray" variant="light" title="No care plan yet">
          Your care coordinator will write your plan with you. You will see it here.
        </Alert>
      ) : (
        <Stack gap="lg">
          <Text>
            <b>{data.plan.title}</b>
            <br />
            {data.progress.goalsAchieved} of {data.progress.goals} goals reached ·{' '}
            {data.progress.activitiesDone} of {data.progress.activities} things done
            {data.plan.nextReview ? ` · next review ${day(data.plan.nextReview)}` : ''}
          </Text>
          {canWrite ? <AddPriority /> : null}
          <Stack gap="xs">
            <Title order={2} size="h3">
              My goals
            </Title>
            {data.goals.length === 0 ? <Text>No goals yet.</Text> : null}
            {data.goals.map((g) => (
              <GoalCard key={g.id} goal={g} canWrite={canWrite} />
            ))}
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h3">
              {canWrite ? 'What I will do' : `What ${home.data?.person.name ?? 'they'} will do`}
            </Title>
            {data.mine.length === 0 ? <Text>Nothing for now.</Text> : null}
            {data.mine.map((a) => (
              <ActivityRow key={a.reference} activity={a} canWrite={canWrite} />
            ))}
          </Stack>
          <Stack gap="xs">
            <Title order={2} size="h3">
              What my team will do
            </Title>
            {data.team.length === 0 ? <Text>Nothing planned yet.</Text> : null}
            {data.team.map((a) => (
              <ActivityRow key={a.reference} activity={a} canWrite={false} />
            ))}
          </Stack>
        </Stack>
      )}
    </PortalPage>
  );
}
