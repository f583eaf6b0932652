import { Badge } from '@mantine/core';
import { formatDate } from '../../../lib/format';

/** "In hospital since 7 Dec 2026": shown wherever the person appears while they are in hospital. */
export function InHospitalBadge({ since }: { since: string | undefined }) {
  if (!since) return null;
  return (
    <Badge color="red" variant="light" size="sm" data-testid="in-hospital">
      In hospital since {formatDate(since)}
    </Badge>
  );
}
