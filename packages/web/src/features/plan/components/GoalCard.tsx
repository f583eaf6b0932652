import { Badge, Blockquote, Group, Loader, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { formatDate } from '../../../lib/format';
import { updateGoal } from '../api';
import { useGoalHistory } from '../hooks/usePlanQueries';
import { usePlanWrite } from '../hooks/usePlanWrite';
import { ACHIEVEMENT_STATUSES, achievementLabel, goalPriorityLabel } from '../model/plan-model';
import type { GoalView } from '@careweave/contract';
import { WriteError } from './WriteError';
import { FIELD_LABEL } from '../model/field-labels';

/** The last few achievement statuses of a goal, oldest first ("In progress → Improving"). */
function GoalHistory({ planId, goal }: { planId: string; goal: GoalView }) {
  const history = useGoalHistory(planId, goal.id, goal.version);
  if (history.isPending) return <Loader size="xs" aria-label="Loading goal history" />;
  if (history.isError)
    return (
      <Text size="xs" c="red">
        Could not load the goal's history: {history.error.message}
      </Text>
    );
  // Only versions where the achievement status changed: the history of progress, not of edits.
  const steps = history.data
    .filter((h, i, all) => i === 0 || h.achievementStatus !== all[i - 1]?.achievementStatus)
    .slice(-4);
  return (
    <Text size="xs" c="dimmed" data-goal-history={goal.id}>
      History:{' '}
      {steps
        .map((h) => `${achievementLabel(h.achievementStatus)} (${formatDate(h.at)})`)
        .join(' → ')}
    </Text>
  );
}

/**
 * One goal: the person's words as a quote when they are theirs, their own ranking ("matters most
 * #1"), the team's priority, due date, and an achievement status the team can change in place.
 */
export function GoalCard({ planId, goal }: { planId: string; goal: GoalView }) {
  const headingId = useId();
  const write = usePlanWrite((achievementStatus: string) =>
    updateGoal(planId, goal.id, goal.version, { achievementStatus }),
  );
  const priority = goalPriorityLabel(goal.priority);
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      component="article"
      aria-labelledby={headingId}
      data-goal={goal.id}
      data-achievement={goal.achievementStatus ?? 'none'}
    >
      <Stack gap={6}>
        {goal.inPersonsWords ? (
          <>
            <Badge size="xs" color="grape" variant="light">
              In their words
            </Badge>
            <Blockquote p="xs" color="grape" id={headingId} className="plan-goal-quote">
              “{goal.description}”
            </Blockquote>
          </>
        ) : (
          <Text size="sm" fw={500} id={headingId}>
            {goal.description}
          </Text>
        )}
        <Group gap={4}>
          {goal.personalRank !== undefined && (
            <Badge size="xs" color="grape" variant="outline">
              matters most #{goal.personalRank}
            </Badge>
          )}
          {priority && (
            <Badge size="xs" color="gray" variant="outline">
              {priority}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            due {formatDate(goal.dueDate)}
          </Text>
        </Group>
        <NativeSelect
          size="xs"
          label={FIELD_LABEL.achievementStatus}
          // While the change is on its way, show what was chosen; afterwards, what the server holds.
          value={(write.isPending ? write.variables : goal.achievementStatus) ?? ''}
          disabled={write.isPending}
          onChange={(e) => write.mutate(e.currentTarget.value)}
          data={[
            ...(goal.achievementStatus ? [] : [{ value: '', label: 'Not recorded' }]),
            ...ACHIEVEMENT_STATUSES.map(([value, label]) => ({ value, label })),
          ]}
        />
        <WriteError message={write.errorMessage} conflict={write.conflict} />
        <GoalHistory planId={planId} goal={goal} />
      </Stack>
    </Paper>
  );
}
