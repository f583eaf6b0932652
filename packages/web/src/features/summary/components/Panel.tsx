import { Alert, Badge, Button, Card, Group, Skeleton, Stack, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorBoundary } from '../../../components/ErrorBoundary';
import { withheldText, type Withheld } from '../../../lib/withheld';

export interface PanelProps<T> {
  title: string;
  /** The query whose data the panel renders; loading and error states come from it. */
  query: Pick<
    UseQueryResult<T>,
    'data' | 'isPending' | 'isError' | 'error' | 'refetch' | 'isFetching'
  >;
  children: (data: T) => ReactNode;
  /** Count shown beside the title once loaded. */
  count?: (data: T) => number;
  withheld?: (data: T) => Withheld | null;
  /** Full-width panels span both grid columns. */
  wide?: boolean;
}

/**
 * One summary panel under its heading, with its own loading skeleton, readable error and retry,
 * and the withheld-data notice. `data-panel`/`data-state` let tests and the benchmark know when
 * every panel has rendered.
 */
export function Panel<T>({ title, query, children, count, withheld, wide = false }: PanelProps<T>) {
  const headingId = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`;
  const state = query.isPending ? 'loading' : query.isError ? 'error' : 'ready';
  const hidden = query.data !== undefined && withheld ? withheld(query.data) : null;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby={headingId}
      aria-busy={state === 'loading'}
      data-panel={title}
      data-state={state}
      className={wide ? 'panel-wide' : undefined}
    >
      <Group gap="xs" mb="xs" wrap="nowrap">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        {query.data !== undefined && count ? (
          <Badge variant="light" color="gray" size="sm" aria-label={`${count(query.data)} items`}>
            {count(query.data)}
          </Badge>
        ) : null}
      </Group>
      {hidden && (
        <Alert color="yellow" variant="light" py={6} mb="xs" role="note">
          {withheldText(hidden)}
        </Alert>
      )}
      {state === 'loading' && (
        <Stack gap={6} aria-label={`Loading ${title}`}>
          <Skeleton height={14} />
          <Skeleton height={14} width="80%" />
          <Skeleton height={14} width="60%" />
        </Stack>
      )}
      {state === 'error' && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          title={`Could not load ${title.toLowerCase()}`}
        >
          {query.error?.message ?? 'Unknown error'}
          <Button
            size="compact-xs"
            variant="default"
            ml="sm"
            loading={query.isFetching}
            onClick={() => void query.refetch()}
          >
            Retry
          </Button>
        </Alert>
      )}
      {state === 'ready' && query.data !== undefined && (
        <ErrorBoundary what={`the ${title} panel`}>{children(query.data)}</ErrorBoundary>
      )}
    </Card>
  );
}
