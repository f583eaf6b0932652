import { Alert, Card, Loader, Table, Text, Title } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { useDirectory } from '../../summary/hooks/useDirectory';
import { useNames } from '../hooks/useNames';
import { usePlanChanges } from '../hooks/usePlanQueries';
import type { PlanView } from '@careweave/contract';
import { describeChange } from '../model/change-words';

const TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

/** "14 Nov 2026, 09:30 UTC". */
function when(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : `${TIME.format(d)} UTC`;
}

/** What changed since the last review: what, who, for which organisation, when and why. */
export function ChangesSection({ view }: { view: PlanView }) {
  const planId = view.plan.id ?? '';
  const changes = usePlanChanges(planId);
  const list = changes.data?.changes ?? [];
  const mentioned = list.flatMap((c) => [c.by, ...c.fields.flatMap((f) => [f.from, f.to])]);
  const name = useNames(view.team, mentioned, view.patient);
  const directory = useDirectory([]);
  const since = changes.data?.since ?? view.lastReviewed;
  return (
    <Card
      withBorder
      radius="md"
      padding="md"
      component="section"
      aria-labelledby="plan-changes-heading"
      data-plan-changes={changes.isSuccess ? list.length : 'loading'}
    >
      <Title order={2} size="h4" id="plan-changes-heading" mb="xs">
        Changes since last review
      </Title>
      <Text size="sm" mb="xs">
        {since
          ? `Since the review of ${formatDate(since)}.`
          : 'The plan has not been reviewed yet: every change so far.'}
      </Text>
      {changes.isPending && <Loader size="sm" aria-label="Loading changes" />}
      {changes.isError && (
        <Alert color="red" role="alert">
          Could not load the changes: {changes.error.message}
        </Alert>
      )}
      {changes.isSuccess && list.length === 0 && (
        <Text size="sm">No changes since the last review.</Text>
      )}
      {list.length > 0 && (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Caption>
              Changes to the plan, its goals and activities, oldest first
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">What changed</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={`${c.reference}/${c.version}`} data-change={c.reference}>
                  <Table.Td>{when(c.at)}</Table.Td>
                  <Table.Td>{describeChange(c, name)}</Table.Td>
                  <Table.Td>
                    {c.by ? name(c.by) : 'Not recorded'}
                    {c.organization
                      ? `, ${directory.organisationName({ reference: c.organization }) ?? c.organization}`
                      : ''}
                  </Table.Td>
                  <Table.Td>{c.reason ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
