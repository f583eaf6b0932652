// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../../test/dom';
import { CaseloadPage } from './CaseloadPage';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function signedInAs(role: string): void {
  sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 't' }));
  sessionStorage.setItem(
    'careweave.user',
    JSON.stringify({ name: 'Grace Mensah', role, organizations: [], fhirUser: 'Practitioner/sw' }),
  );
}

describe('My patients for a clinician who coordinates nobody', () => {
  it('lists the people whose care teams she is on, with her role, and no empty caseload', async () => {
    signedInAs('social-worker');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url === '/api/roster/my-patients'
          ? jsonResponse({
              member: 'Practitioner/sw',
              patients: [
                {
                  patientId: 'rosa',
                  name: 'Rosa Delgado',
                  careTeam: 'CareTeam/rosa-team',
                  careTeamName: 'Rosa’s integrated care team',
                  roles: ['social-worker'],
                  since: '2026-10-01',
                },
              ],
            })
          : jsonResponse({
              coordinator: 'Practitioner/sw',
              patients: [],
              totals: { patients: 0, openTasks: 0, overdueTasks: 0, recentAdmissions: 0 },
            }),
      ),
    );
    render(<CaseloadPage />, { wrapper: Providers });
    await screen.findByRole('link', { name: 'Rosa Delgado' });
    expect(screen.getByText('Social worker')).toBeTruthy();
    expect(screen.getByText('1 person on your care teams')).toBeTruthy();
    expect(screen.queryByText(/Nobody is enrolled with you as coordinator/)).toBeNull();
    expect(screen.queryByRole('heading', { name: 'People you coordinate' })).toBeNull();
  });
});
