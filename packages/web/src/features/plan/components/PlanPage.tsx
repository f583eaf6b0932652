import { ComingPage } from '../../shell/components/ComingPage';

/** The shared care plan of one patient (being built: issue 7). */
export function PlanPage({ patientId }: { patientId: string }) {
  return <ComingPage title="Care plan" description={`The shared care plan of Patient/${patientId} is being built.`} />;
}
