import { ComingPage } from '../../shell/components/ComingPage';
import { NAV_ITEMS } from '../../shell/navigation';

/** My worklist — placeholder until the shared care plan and worklist issue (tasks, priorities, bulk reassign). */
export function WorklistPage() {
  return <ComingPage title="My worklist" description={NAV_ITEMS.find((i) => i.key === 'worklist')?.coming ?? ''} />;
}

/** My patients (caseload) — placeholder until care teams and rostering land. */
export function CaseloadPage() {
  return <ComingPage title="My patients" description={NAV_ITEMS.find((i) => i.key === 'caseload')?.coming ?? ''} />;
}
