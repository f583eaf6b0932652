import { Alert, Card, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { formatDate } from '../../../lib/format';
import { useDirectory } from '../../summary/hooks/useDirectory';
import { useNames } from '../hooks/useNames';
import { usePlanChanges } from '../hooks/usePlanQueries';
import type { PlanChange, PlanView } from '@careweave/contract';

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

/** Fields worth a line when something was created (the rest is in the item itself). */
const CREATED_FIELDS = new Set(['owner', 'due', 'dueDate', 'status', 'achievementStatus']);

/**
 * A field value as people read it: a person's name for a reference to them, a count for a list of
 * goals or activities (plan versions list every reference), else the value.
 */
export function readableValue(
  value: string | undefined,
  name: (reference: string) => string,
): string {
  if (value === undefined || value === '') return '—';
  const parts = value.split(', ');
  if (parts.every((p) => /^(Goal|Task|ServiceRequest|Condition)\/[^/]+$/.test(p))) {
    const type = parts[0]?.split('/')[0] ?? '';
    const noun = type === 'Goal' ? 'goal' : type === 'Condition' ? 'condition' : 'activit';
    return noun === 'activit'
      ? `${parts.length} activit${parts.length === 1 ? 'y' : 'ies'}`
      : `${parts.length} ${noun}${parts.length === 1 ? '' : 's'}`;
  }
  return parts.length === 1 &&
    /^(Practitioner|PractitionerRole|Patient|RelatedPerson)\//.test(value)
    ? name(value)
    : value;
}

function Fields({ change, name }: { change: PlanChange; name: (reference: string) => string }) {
  const fields =
    change.kind === 'created'
      ? change.fields.filter((f) => CREATED_FIELDS.has(f.field))
      : change.fields;
  return (
    <Stack gap={0}>
      {change.kind !== 'updated' && (
        <Text size="sm" fw={500}>
          {change.kind === 'created' ? 'Added' : 'Removed'}
        </Text>
      )}
      {fields.map((f) => (
        <Text size="sm" key={f.field}>
          {change.kind === 'created' ? (
            <>
              {f.field}: {readableValue(f.to, name)}
            </>
          ) : (
            <>
              <strong>{f.field}</strong>: {readableValue(f.from, name)} →{' '}
              {readableValue(f.to, name)}
            </>
          )}
        </Text>
      ))}
    </Stack>
  );
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
                <Table.Th scope="col">What</Table.Th>
                <Table.Th scope="col">Change</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={`${c.reference}/${c.version}`} data-change={c.reference}>
                  <Table.Td>{when(c.at)}</Table.Td>
                  <Table.Td>{c.title}</Table.Td>
                  <Table.Td>
                    <Fields change={c} name={name} />
                  </Table.Td>
                  <Table.Td>
                    {c.by ? name(c.by) : 'Not recorded'}
                    {c.organization
                      ? `, ${directory.organizationName({ reference: c.organization }) ?? c.organization}`
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
