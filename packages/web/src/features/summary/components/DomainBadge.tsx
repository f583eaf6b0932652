import { Badge } from '@mantine/core';
import { DOMAIN_COLORS, DOMAIN_LABELS, type Domain } from '../model/domains';

/** The domain as a labelled badge: the text carries the meaning, the colour only helps. */
export function DomainBadge({ domain }: { domain: Domain }) {
  return (
    <Badge variant="light" color={DOMAIN_COLORS[domain]} size="sm" radius="sm">
      {DOMAIN_LABELS[domain]}
    </Badge>
  );
}
