import { ComingPage } from '../../shell/components/ComingPage';
import { NAV_ITEMS } from '../../shell/navigation';

/** Population — placeholder until risk stratification and the enrolment queue land. */
export function PopulationPage() {
  return <ComingPage title="Population" description={NAV_ITEMS.find((i) => i.key === 'population')?.coming ?? ''} />;
}
