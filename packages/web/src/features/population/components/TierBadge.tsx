import { Badge, Group, Text } from '@mantine/core';
import type { Candidate } from '../api';
import { TIER_COLOR, tierLabel } from '../model/labels';

/** The effective tier; an override says so and shows what was computed. */
export function TierBadge({
  candidate,
}: {
  candidate: Pick<Candidate, 'tier' | 'computedTier' | 'overrideTier'>;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge
        color={TIER_COLOR[candidate.tier] ?? 'gray'}
        variant="light"
        size="sm"
        data-tier={candidate.tier}
        style={{ flexShrink: 0, maxWidth: 'none' }}
      >
        {tierLabel(candidate.tier)}
      </Badge>
      {candidate.overrideTier && (
        <Text size="xs" c="dimmed" span>
          overridden (computed {tierLabel(candidate.computedTier).toLowerCase()})
        </Text>
      )}
    </Group>
  );
}
