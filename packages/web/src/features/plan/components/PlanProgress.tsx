import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { percent, progressText } from '../model/plan-model';
import type { PlanProgress as Progression } from '@careweave/contract';

function Bar({
  label,
  text,
  value,
  color,
}: {
  label: string;
  text: string;
  value: number;
  color: string;
}) {
  return (
    <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
      <Text size="sm" fw={500}>
        {text}
      </Text>
      <Progress.Root size="lg" aria-hidden>
        <Progress.Section value={value} color={color} aria-label={label} />
      </Progress.Root>
    </Stack>
  );
}

/** Goals achieved and activities done, as bars with their sentence ("1 of 3 activities done"). */
export function PlanProgress({ progress }: { progress: Progression }) {
  const text = progressText(progress);
  return (
    <Group
      gap="lg"
      align="flex-end"
      data-progress={`${progress.activitiesDone}/${progress.activities}`}
      aria-label="Plan progress"
      role="group"
    >
      <Bar
        label="Goals achieved"
        text={text.goals}
        value={percent(progress.goalsAchieved, progress.goals)}
        color="teal"
      />
      <Bar
        label="Activities done"
        text={text.activities}
        value={percent(progress.activitiesDone, progress.activities)}
        color="blue"
      />
      {progress.activitiesOverdue > 0 && (
        <Badge color="red" variant="light" size="lg">
          {text.overdue}
        </Badge>
      )}
    </Group>
  );
}
