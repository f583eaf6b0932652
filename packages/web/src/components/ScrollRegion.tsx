import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide table or chart that scrolls sideways inside the page on a narrow screen instead of
 * widening the page: a labelled region that takes keyboard focus, so it can be scrolled without a
 * mouse (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </Box>
  );
}
