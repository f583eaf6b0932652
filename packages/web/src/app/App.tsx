import { Alert, Stack, Title } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { PatientGate } from '../features/access/components/PatientGate';
import { AdminPage } from '../features/admin/components/AdminPage';
import { ChangePasswordPage } from '../features/auth/components/ChangePasswordPage';
import { LoginPage } from '../features/auth/components/LoginPage';
import { useAuth } from '../features/auth/hooks/useAuth';
import { DashboardsPage } from '../features/dashboards/components/DashboardsPage';
import { PaymentPage } from '../features/payment/components/PaymentPage';
import { PopulationPage } from '../features/population/components/PopulationPage';
import { ReferralsPage } from '../features/referrals/components/ReferralsPage';
import { ResourcePage } from '../features/resource/components/ResourcePage';
import { SearchPage } from '../features/search/components/SearchPage';
import { AppLayout } from '../features/shell/components/AppLayout';
import { PortalApp } from '../features/portal/components/PortalApp';
import {
  canSearchPatients,
  homePath,
  isPortalRole,
  navigationFor,
  type NavKey,
} from '../features/shell/navigation';
import { NotificationsPage } from '../features/notifications/components/NotificationsPage';
import { PlanPage } from '../features/plan/components/PlanPage';
import { QuestionnairePage } from '../features/assessments/components/QuestionnairePage';
import { SummaryPage } from '../features/summary/components/SummaryPage';
import { MedicationReconciliationPage } from '../features/transitions/components/MedicationReconciliationPage';
import { CaseloadPage, WorklistPage } from '../features/worklist/components/WorklistPage';
import { matchPath, navigate, usePath } from './router';

const PAGES: Readonly<Record<NavKey, () => ReactNode>> = {
  worklist: () => <WorklistPage />,
  caseload: () => <CaseloadPage />,
  population: () => <PopulationPage />,
  search: () => <SearchPage />,
  referrals: () => <ReferralsPage />,
  dashboards: () => <DashboardsPage />,
  payment: () => <PaymentPage />,
  admin: () => <AdminPage path="/admin" />,
};

function NotAvailable({ title }: { title: string }) {
  return (
    <Stack maw={640}>
      <Title order={1}>{title}</Title>
      <Alert color="gray" variant="light">
        This page is not part of your workspace.
      </Alert>
    </Stack>
  );
}

function Routes({ role }: { role: string }) {
  const path = usePath();
  const item = navigationFor(role).find((i) => i.path === path);
  if (item) {
    return <>{PAGES[item.key]()}</>;
  }
  if (path.startsWith('/admin/')) {
    return navigationFor(role).some((i) => i.key === 'admin') ? (
      <AdminPage path={path} />
    ) : (
      <NotAvailable title="Administration" />
    );
  }
  const patient = matchPath('/patients/:id', path);
  if (patient?.['id']) {
    return canSearchPatients(role) ? (
      <PatientGate key={patient['id']} patientId={patient['id']}>
        <SummaryPage patientId={patient['id']} />
      </PatientGate>
    ) : (
      <NotAvailable title="Patient summary" />
    );
  }
  const assessment = matchPath('/patients/:id/assessments/:questionnaire', path);
  if (assessment?.['id'] && assessment['questionnaire']) {
    const response = new URLSearchParams(window.location.search).get('response');
    return canSearchPatients(role) ? (
      <PatientGate
        key={`${assessment['id']}/${assessment['questionnaire']}`}
        patientId={assessment['id']}
      >
        <QuestionnairePage
          patientId={assessment['id']}
          questionnaireId={assessment['questionnaire']}
          {...(response ? { responseId: response } : {})}
        />
      </PatientGate>
    ) : (
      <NotAvailable title="Assessment" />
    );
  }
  const plan = matchPath('/patients/:id/plan', path);
  if (plan?.['id']) {
    return canSearchPatients(role) ? (
      <PatientGate key={plan['id']} patientId={plan['id']}>
        <PlanPage patientId={plan['id']} />
      </PatientGate>
    ) : (
      <NotAvailable title="Care plan" />
    );
  }
  const reconciliation = matchPath('/patients/:id/medication-reconciliation', path);
  if (reconciliation?.['id']) {
    const encounter = new URLSearchParams(window.location.search).get('encounter');
    return canSearchPatients(role) ? (
      <MedicationReconciliationPage
        key={reconciliation['id']}
        patientId={reconciliation['id']}
        {...(encounter ? { encounter } : {})}
      />
    ) : (
      <NotAvailable title="Medication reconciliation" />
    );
  }
  if (path === '/notifications') {
    return <NotificationsPage />;
  }
  const resource = matchPath('/resource/:type/:id', path);
  if (resource?.['type'] && resource['id']) {
    return canSearchPatients(role) ? (
      <ResourcePage type={resource['type']} id={resource['id']} />
    ) : (
      <NotAvailable title="Record" />
    );
  }
  return <NotAvailable title="Page not found" />;
}

/** Moves focus to the main region after in-app navigation, so keyboard and screen-reader users start at the new page. */
function useFocusOnNavigate(path: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const main = document.getElementById('main');
    if (main && !main.contains(document.activeElement)) {
      main.focus({ preventScroll: true });
    }
  }, [path]);
}

/** The app: sign-in when signed out; the person's portal (/me) for patients and caregivers; the workspace otherwise. */
export function App() {
  const { user } = useAuth();
  const path = usePath();
  useFocusOnNavigate(path);
  useEffect(() => {
    if (user && (path === '/' || path === '/login')) {
      navigate(homePath(user.role), { replace: true });
    }
  }, [user, path]);

  if (!user) {
    return <LoginPage />;
  }
  if (user.mustChangePassword) {
    return <ChangePasswordPage />;
  }
  if (isPortalRole(user.role)) {
    return <PortalApp />;
  }
  return (
    <AppLayout>
      <ErrorBoundary what="this page" key={path}>
        <Routes role={user.role} />
      </ErrorBoundary>
    </AppLayout>
  );
}
