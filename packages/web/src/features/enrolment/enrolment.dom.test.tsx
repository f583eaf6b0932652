// @vitest-environment jsdom
import type { EpisodeOfCare } from '@medplum/fhirtypes';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { EnrolAction } from './components/EnrolAction';
import { INTEGRATED_CARE, PROGRAMME_SYSTEM } from './model/enrolment';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function signedInAs(role: string): void {
  sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 'token' }));
  sessionStorage.setItem(
    'careweave.user',
    JSON.stringify({
      name: 'Nadia Haddad',
      role,
      organizations: [],
      fhirUser: 'Practitioner/nadia',
    }),
  );
}

const ACTIVE: EpisodeOfCare = {
  resourceType: 'EpisodeOfCare',
  status: 'active',
  patient: { reference: 'Patient/rosa' },
  type: [{ coding: [{ system: PROGRAMME_SYSTEM, code: INTEGRATED_CARE }] }],
};

describe('enrolling from the summary header', () => {
  it('is offered to a coordinator for someone not enrolled, and enrols with her as coordinator', async () => {
    signedInAs('care-coordinator');
    const posts: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url === '/api/population/enrol') {
          posts.push(JSON.parse(init?.body as string));
          return jsonResponse({ episode: ACTIVE, careTeam: { resourceType: 'CareTeam' } }, 201);
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(<EnrolAction patientId="rosa" patientName="Rosa Delgado" episodes={[]} />, {
      wrapper: Providers,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enrol in integrated care' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enrol in integrated care' });
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'Frequent admissions' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enrol' }));
    await waitFor(() =>
      expect(posts).toEqual([
        {
          patient: 'Patient/rosa',
          coordinator: 'Practitioner/nadia',
          reason: 'Frequent admissions',
        },
      ]),
    );
    expect((await screen.findByRole('link', { name: 'Open care plan' })).getAttribute('href')).toBe(
      '/patients/rosa/plan',
    );
  });

  it('is not offered to someone already enrolled, nor to a physician', () => {
    signedInAs('care-coordinator');
    render(<EnrolAction patientId="rosa" patientName="Rosa Delgado" episodes={[ACTIVE]} />, {
      wrapper: Providers,
    });
    expect(screen.queryByRole('button', { name: 'Enrol in integrated care' })).toBeNull();
    cleanup();
    signedInAs('physician');
    render(<EnrolAction patientId="rosa" patientName="Rosa Delgado" episodes={[]} />, {
      wrapper: Providers,
    });
    expect(screen.queryByRole('button', { name: 'Enrol in integrated care' })).toBeNull();
  });
});
