import type {
  Condition,
  Encounter,
  MedicationRequest,
  Reference,
  Resource,
  Task,
} from '@medplum/fhirtypes';
import { Alert, Loader, SimpleGrid, Stack } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { parseReference } from '../../../lib/format';
import { SummaryContext, type SummaryContextValue } from '../hooks/summaryContext';
import { useDirectory } from '../hooks/useDirectory';
import { useSummaryQueries } from '../hooks/useSummaryQueries';
import { attributionOf } from '../model/attribution';
import { AllergiesPanel } from './AllergiesPanel';
import { AssessmentsPanel } from './AssessmentsPanel';
import { AssessmentsOverview } from '../../assessments/components/AssessmentsOverview';
import { SafetyBanner } from '../../assessments/components/SafetyBanner';
import { CareTeamPanel } from './CareTeamPanel';
import { ProblemsPanel, SocialNeedsPanel } from './ConditionsPanels';
import { EncountersPanel } from './EncountersPanel';
import { MedicationsPanel } from './MedicationsPanel';
import { prefetchCharts, ResultsPanel } from './ResultsPanel';
import { SummaryHeader } from './SummaryHeader';
import { TasksPanel } from './TasksPanel';
import { CarePlanPanel } from '../../plan/components/CarePlanPanel';
import { MessagesPanel } from '../../messages/components/MessagesPanel';
import { StaysPanel } from '../../transitions/components/StaysPanel';
import { CdsCards } from '../../decision-support/components/CdsCards';

/** Practitioner ids the summary names (for their organisations). */
function practitionerIds(
  conditions: readonly Condition[] = [],
  medications: readonly MedicationRequest[] = [],
  tasks: readonly Task[] = [],
): string[] {
  const refs: (Reference | undefined)[] = [];
  for (const c of conditions) refs.push(c.recorder, c.asserter);
  for (const m of medications) refs.push(m.requester);
  for (const t of tasks) refs.push(t.requester);
  return refs
    .map((r) => parseReference(r))
    .flatMap((p) => (p?.type === 'Practitioner' ? [p.id] : []));
}

/** The integrated patient summary: header and panels across physical, mental and social care. */
export function SummaryPage({ patientId }: { patientId: string }) {
  const queries = useSummaryQueries(patientId);
  useEffect(prefetchCharts, []);
  const [conditions, medications, tasks] = [
    queries.conditions.data?.resources,
    queries.medications.data?.resources,
    queries.tasks.data?.resources,
  ];
  const ids = useMemo(
    () => practitionerIds(conditions, medications, tasks),
    [conditions, medications, tasks],
  );
  const directory = useDirectory(ids);
  const encounters = useMemo(
    () =>
      new Map(
        (queries.encounters.data?.resources ?? []).map((e): [string, Encounter] => [e.id ?? '', e]),
      ),
    [queries.encounters.data],
  );
  const context = useMemo<SummaryContextValue>(
    () => ({
      attribution: (r: Resource) => attributionOf(r, encounters, directory.organizationOf),
      organizationName: directory.organizationName,
    }),
    [encounters, directory],
  );

  if (queries.patient.isPending) {
    return <Loader aria-label="Loading patient" />;
  }
  if (queries.patient.isError) {
    return (
      <Alert color="red" variant="light" role="alert" title="Could not open this patient">
        {queries.patient.error.message}
      </Alert>
    );
  }
  return (
    <SummaryContext.Provider value={context}>
      <Stack gap="md" data-summary={patientId}>
        <SafetyBanner patientId={patientId} />
        <SummaryHeader patient={queries.patient.data} queries={queries} />
        <CdsCards patientId={patientId} />
        <AssessmentsOverview patientId={patientId} />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" className="summary-grid">
          <ProblemsPanel query={queries.conditions} />
          <SocialNeedsPanel query={queries.conditions} />
          <MedicationsPanel query={queries.medications} />
          <AllergiesPanel query={queries.allergies} />
          <ResultsPanel query={queries.observations} />
          <StaysPanel patientId={patientId} />
          <EncountersPanel query={queries.encounters} />
          <CareTeamPanel query={queries.careTeams} />
          <TasksPanel query={queries.tasks} />
          <AssessmentsPanel query={queries.observations} />
          <CarePlanPanel patientId={patientId} />
          <MessagesPanel patientId={patientId} />
        </SimpleGrid>
      </Stack>
    </SummaryContext.Provider>
  );
}
