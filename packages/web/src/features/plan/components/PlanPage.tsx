import type { Patient } from '@medplum/fhirtypes';
import { Alert, Button, Card, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { readResource } from '../../../lib/fhir';
import { formatName } from '../../../lib/format';
import { useActivePlan } from '../hooks/usePlanQueries';
import type { PlanView } from '@careweave/contract';
import { AddActivityDialog } from './AddActivityDialog';
import { AddGoalDialog } from './AddGoalDialog';
import { ApplyTemplateDialog } from './ApplyTemplateDialog';
import { ChangesSection } from './ChangesSection';
import { CreatePlan } from './CreatePlan';
import { DomainBoard } from './DomainBoard';
import { PlanHeader } from './PlanHeader';
import { CdsCards } from '../../decision-support/components/CdsCards';
import { PlanProgress } from './PlanProgress';
import { ReviewDialog } from './ReviewDialog';
import { TeamSection } from './TeamSection';
import './plan-styles';
import { SuggestionsSection } from '../../assessments/components/SuggestionsSection';
import { ReferralsSection } from '../../referrals/components/ReferralsSection';

function Plan({ view }: { view: PlanView }) {
  return (
    <>
      <Card
        withBorder
        radius="md"
        padding="md"
        component="section"
        aria-label="Progress and actions"
      >
        <Stack gap="sm">
          <PlanProgress progress={view.progress} />
          <Group gap="xs">
            <AddGoalDialog view={view} />
            <AddActivityDialog view={view} />
            <ApplyTemplateDialog view={view} />
            <ReviewDialog view={view} />
          </Group>
        </Stack>
      </Card>
      <SuggestionsSection patientId={view.patient.id} />
      <DomainBoard planId={view.plan.id ?? ''} domains={view.domains} />
      <ReferralsSection patientId={view.patient.id} />
      <TeamSection view={view} />
      <ChangesSection view={view} />
    </>
  );
}

/**
 * The shared care plan of one patient, as a team meeting runs from it: the domains side
 * by side with goals and activities, progress, the team, and what changed since the last review.
 * With no active plan, it offers to create one from a template or blank.
 */
export function PlanPage({ patientId }: { patientId: string }) {
  // Same key as the summary's patient query: going back and forth reads the patient once.
  const patient = useQuery({
    queryKey: ['summary', patientId, 'Patient'],
    queryFn: ({ signal }) => readResource<Patient>('Patient', patientId, signal),
    staleTime: 60_000,
  });
  const { plans, active, view } = useActivePlan(patientId);
  const name =
    view.data?.patient.name ??
    (patient.data ? formatName(patient.data.name) : `Patient/${patientId}`);
  const state =
    plans.isPending || (active && view.isPending)
      ? 'loading'
      : plans.isError || view.isError
        ? 'error'
        : active
          ? 'plan'
          : 'none';
  const error = plans.error ?? view.error;
  return (
    <Stack gap="md" data-plan-page={patientId} data-state={state}>
      <PlanHeader patientId={patientId} patientName={name} view={view.data} />
      <CdsCards patientId={patientId} />
      {state === 'loading' && <Loader aria-label="Loading the care plan" />}
      {state === 'error' && (
        <Alert color="red" variant="light" role="alert" title="Could not open the care plan">
          {error?.message ?? 'Unknown error'}
          <Button
            size="compact-xs"
            variant="default"
            ml="sm"
            onClick={() => void (plans.isError ? plans.refetch() : view.refetch())}
          >
            Retry
          </Button>
        </Alert>
      )}
      {state === 'none' && <CreatePlan patientId={patientId} />}
      {state === 'none' && <SuggestionsSection patientId={patientId} />}
      {state === 'none' && (plans.data?.length ?? 0) > 0 && (
        <Text size="sm">
          Earlier plans: {plans.data?.map((p) => `${p.title ?? p.id} (${p.status})`).join(', ')}
        </Text>
      )}
      {state === 'plan' && view.data && <Plan view={view.data} />}
    </Stack>
  );
}
