import { Badge, Group, Stack, Text } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { statusColor } from '../model/plan-model';
import type { ActivityView } from '@careweave/contract';

/** One activity: what, who, by when, its status and whether it is overdue. */
export function ActivityItem({ activity }: { activity: ActivityView }) {
  return (
    <Stack
      gap={2}
      component="li"
      data-activity={activity.reference}
      data-status={activity.status ?? 'unknown'}
      className="plan-activity"
    >
      <Text size="sm" fw={500}>
        {activity.title}
      </Text>
      {activity.reference.startsWith('ServiceRequest/') && (
        <Text size="xs" data-referral-to={activity.performer ?? ''}>
          Referral to {activity.performerDisplay ?? activity.performer ?? 'a community service'}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {activity.ownerDisplay ?? activity.owner ?? 'No owner'} · due {formatDate(activity.due)}
      </Text>
      <Group gap={4}>
        <Badge size="xs" variant="light" color={statusColor(activity.status, activity.done)}>
          {activity.status ?? 'not visible to you'}
        </Badge>
        {activity.overdue && (
          <Badge size="xs" color="red" variant="filled">
            overdue
          </Badge>
        )}
        {activity.priority && activity.priority !== 'routine' && (
          <Badge size="xs" color="orange" variant="light">
            {activity.priority}
          </Badge>
        )}
      </Group>
    </Stack>
  );
}
