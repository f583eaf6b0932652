import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from '../../../app/router';
import { formatDate } from '../../../lib/format';
import { today } from '../model/plan-model';
import type { PlanView } from '@careweave/contract';

/** "Rosa Delgado, Nadia Haddad" for the references who agreed the last review. */
export function agreedByText(view: PlanView): string | undefined {
  const agreed = view.lastReview?.agreedBy ?? [];
  if (agreed.length === 0) return undefined;
  const name = (ref: string): string =>
    (ref === `Patient/${view.patient.id}` ? view.patient.name : undefined) ??
    view.team.find((m) => m.reference === ref)?.display ??
    ref;
  return agreed.map(name).join(', ');
}

/** Who the plan is for (back to their summary), the plan's title, status, version and review dates. */
export function PlanHeader({
  patientId,
  patientName,
  view,
}: {
  patientId: string;
  patientName: string;
  view?: PlanView | undefined;
}) {
  const reviewOverdue = view?.nextReview !== undefined && view.nextReview < today();
  return (
    <Stack gap={4} component="header" data-plan-header>
      <Text size="sm">
        <Link to={`/patients/${encodeURIComponent(patientId)}`}>{patientName}</Link> · integrated
        care programme
      </Text>
      <Title order={1}>{view ? (view.plan.title ?? 'Care plan') : 'Care plan'}</Title>
      {view && (
        <Group gap="xs">
          <Badge variant="light" color={view.plan.status === 'active' ? 'teal' : 'gray'}>
            {view.plan.status}
          </Badge>
          {view.version && (
            <Text size="sm" data-plan-version={view.version}>
              Version {view.version}
            </Text>
          )}
          <Text size="sm">
            · Last review: {view.lastReviewed ? formatDate(view.lastReviewed) : 'not reviewed yet'}
          </Text>
          <Text size="sm">
            · Next review due: {view.nextReview ? formatDate(view.nextReview) : 'not set'}
          </Text>
          {reviewOverdue && (
            <Badge color="red" variant="light">
              review overdue
            </Badge>
          )}
        </Group>
      )}
      {view && agreedByText(view) && (
        <Text size="sm" data-agreed-by>
          Agreed at the last review by {agreedByText(view)}
          {view.lastReview?.note ? ` — “${view.lastReview.note}”` : ''}
        </Text>
      )}
    </Stack>
  );
}
