import { ComingPage } from '../../shell/components/ComingPage';
import { NAV_ITEMS } from '../../shell/navigation';

/** Referrals inbox — placeholder until closed-loop referrals land. */
export function ReferralsPage() {
  return (
    <ComingPage
      title="Referrals"
      description={NAV_ITEMS.find((i) => i.key === 'referrals')?.coming ?? ''}
    />
  );
}
