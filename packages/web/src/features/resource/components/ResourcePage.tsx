import type { Resource } from '@medplum/fhirtypes';
import { Alert, Anchor, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { FHIR_BASE, readResource } from '../../../lib/fhir';
import { formatDate } from '../../../lib/format';

/** The source view of one resource: its FHIR JSON as stored, with version and last update. */
export function ResourcePage({ type, id }: { type: string; id: string }) {
  const query = useQuery({
    queryKey: ['resource', type, id],
    queryFn: ({ signal }) => readResource<Resource>(type, id, signal),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          {type}/{id}
        </Title>
        <Anchor
          href="#"
          onClick={(e) => {
            e.preventDefault();
            window.history.back();
          }}
          size="sm"
        >
          Back
        </Anchor>
      </Group>
      {query.isPending && <Loader aria-label="Loading resource" />}
      {query.isError && (
        <Alert color="red" variant="light" role="alert" title="Could not load this record">
          {query.error.message}
        </Alert>
      )}
      {query.data && (
        <>
          <Text size="sm" c="dimmed">
            Version {query.data.meta?.versionId ?? '—'} · last updated{' '}
            {formatDate(query.data.meta?.lastUpdated)} · FHIR API: {FHIR_BASE}/{type}/{id}
          </Text>
          <Code
            block
            component="pre"
            tabIndex={0}
            aria-label={`FHIR JSON of ${type}/${id}`}
            style={{ maxHeight: '75vh', overflow: 'auto' }}
          >
            {JSON.stringify(query.data, null, 2)}
          </Code>
        </>
      )}
    </Stack>
  );
}
