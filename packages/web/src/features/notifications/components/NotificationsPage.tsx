import { ComingPage } from '../../shell/components/ComingPage';

/** The notifications feed (being built: issue 7). */
export function NotificationsPage() {
  return <ComingPage title="Notifications" description="Task assigned to you, mentions and plan changes will appear here." />;
}
