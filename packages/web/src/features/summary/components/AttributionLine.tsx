import type { Resource } from '@medplum/fhirtypes';
import { Text } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { useSummaryContext } from '../hooks/summaryContext';

/** "Dr. Helen Cho · Northside Family Practice · updated 3 Mar 2026": who, where, when. */
export function AttributionLine({ resource }: { resource: Resource }) {
  const { attribution, organizationName } = useSummaryContext();
  const a = attribution(resource);
  const parts = [
    a.who?.display ?? a.who?.reference,
    organizationName(a.where),
    a.when ? `updated ${formatDate(a.when)}` : undefined,
  ].filter(Boolean);
  if (parts.length === 0) {
    return null;
  }
  return (
    <Text size="xs" c="dimmed" component="span" className="attribution">
      {parts.join(' · ')}
    </Text>
  );
}
