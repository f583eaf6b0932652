import { ComingPage } from '../../shell/components/ComingPage';
import { NAV_ITEMS } from '../../shell/navigation';

/** Dashboards — placeholder until outcome measures land. */
export function DashboardsPage() {
  return (
    <ComingPage
      title="Dashboards"
      description={NAV_ITEMS.find((i) => i.key === 'dashboards')?.coming ?? ''}
    />
  );
}
