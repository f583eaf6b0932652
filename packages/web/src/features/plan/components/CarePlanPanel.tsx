import { Alert, Badge, Card, Group, Progress, Skeleton, Stack, Text, Title } from '@mantine/core';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { useActivePlan } from '../hooks/usePlanQueries';
import { percent, progressText } from '../model/plan-model';
import '@mantine/core/styles/Progress.css';

/** The summary's view of the shared care plan: title, progress, next review, and the way in. */
export function CarePlanPanel({ patientId }: { patientId: string }) {
  const { plans, active, view } = useActivePlan(patientId);
  const to = `/patients/${encodeURIComponent(patientId)}/plan`;
  const state =
    plans.isPending || (active && view.isPending)
      ? 'loading'
      : plans.isError || view.isError
        ? 'error'
        : 'ready';
  const progress = view.data?.progress;
  const text = progress ? progressText(progress) : undefined;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="panel-care-plan"
      aria-busy={state === 'loading'}
      data-panel="Care plan"
      data-state={state}
    >
      <Title order={2} size="h4" id="panel-care-plan" mb="xs">
        Care plan
      </Title>
      {state === 'loading' && (
        <Stack gap={6} aria-label="Loading Care plan">
          <Skeleton height={14} />
          <Skeleton height={14} width="70%" />
        </Stack>
      )}
      {state === 'error' && (
        <Alert color="red" variant="light" role="alert" title="Could not load care plan">
          {(plans.error ?? view.error)?.message}
        </Alert>
      )}
      {state === 'ready' && !active && (
        <Stack gap={4}>
          <Text size="sm">No active care plan yet.</Text>
          <Link to={to}>Create a care plan</Link>
        </Stack>
      )}
      {state === 'ready' && view.data && progress && text && (
        <Stack gap={6}>
          <Group gap="xs">
            <Text fw={500}>{view.data.plan.title ?? 'Care plan'}</Text>
            {progress.activitiesOverdue > 0 && (
              <Badge color="red" variant="light" size="sm">
                {text.overdue}
              </Badge>
            )}
          </Group>
          <Text size="sm">{text.goals}</Text>
          <Progress
            value={percent(progress.goalsAchieved, progress.goals)}
            color="teal"
            aria-hidden
          />
          <Text size="sm">{text.activities}</Text>
          <Progress value={percent(progress.activitiesDone, progress.activities)} aria-hidden />
          <Text size="sm">
            Next review due: {view.data.nextReview ? formatDate(view.data.nextReview) : 'not set'}
          </Text>
          <Link to={to}>Open care plan</Link>
        </Stack>
      )}
    </Card>
  );
}
