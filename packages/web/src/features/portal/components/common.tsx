import { Alert, Center, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from '../../../app/router';
import { HttpError } from '../../../lib/http';

/** A portal page: a way back home, its heading, its content. */
export function PortalPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="md">
      <Link to="/me">← Back to my portal</Link>
      <Title order={1} size="h2">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

/** What a section shows while loading or after a failure: never a blank page. */
export function SectionState({ error, what }: { error: unknown; what: string }) {
  if (!error) {
    return (
      <Center py="lg">
        <Loader size="sm" aria-label={`Loading ${what}`} />
      </Center>
    );
  }
  if (error instanceof HttpError && error.status === 403) {
    return (
      <Alert color="gray" variant="light" title="Not shared with you">
        <Text size="sm">{error.message}</Text>
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" title={`We could not load ${what}`}>
      <Text size="sm">
        {error instanceof Error ? error.message : 'Something went wrong.'} Please try again in a
        moment.
      </Text>
    </Alert>
  );
}

/** A date in words ("7 December 2026"), or the text as given when it is not a date. */
export function day(value: string | undefined): string {
  if (!value) return '';
  const d = new Date(value.length <= 10 ? `${value}T12:00:00Z` : value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A moment in words ("7 December 2026, 14:05"). */
export function moment(value: string | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
}
