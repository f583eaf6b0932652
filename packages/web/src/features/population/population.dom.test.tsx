// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import type { Candidate, PopulationSummary } from './api';
import { PopulationPage } from './components/PopulationPage';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const SUMMARY: PopulationSummary = {
  tiers: [
    { tier: 'very-high', label: 'Very high', count: 3, enrolled: 1, notEnrolled: 2 },
    { tier: 'high', label: 'High', count: 5, enrolled: 2, notEnrolled: 3 },
    { tier: 'rising', label: 'Rising', count: 10, enrolled: 1, notEnrolled: 9 },
    { tier: 'low', label: 'Low', count: 40, enrolled: 0, notEnrolled: 40 },
  ],
  total: 58,
  lastRun: {
    finishedAt: '2026-11-25T02:00:30Z',
    asOf: '2026-11-25T02:00:00Z',
    kind: 'full',
    patients: 58,
  },
};
const ROSA: Candidate = {
  patientId: 'rosa',
  name: 'Rosa Delgado',
  gender: 'female',
  birthDate: '1952-08-14',
  organization: 'Organization/northside',
  probability: 0.34,
  tier: 'very-high',
  computedTier: 'very-high',
  overrideTier: null,
  conditions: ['diabetes', 'heart-failure'],
  socialNeeds: ['food'],
  factors: [
    { key: 'admissions', text: '2 admissions in 12 months', weight: 1.2 },
    { key: 'hba1c', text: 'HbA1c 9.8%', weight: 0.6 },
  ],
  scores: { charlson1987: 4, laceStyle: 11, admissions12m: 2, edVisits12m: 1 },
  assessmentId: 'ra-rosa',
  computedAt: '2026-11-25T02:00:00Z',
  enrolled: false,
};

/** The server as the page sees it; records each candidates query. */
function server(): string[] {
  const queries: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url.startsWith('/api/population/summary')) return jsonResponse(SUMMARY);
      if (url.startsWith('/api/population/filters'))
        return jsonResponse({
          conditions: ['diabetes', 'copd'],
          socialNeeds: ['food', 'housing'],
          sorts: ['-score', 'score', '-age', 'age'],
          registries: [],
        });
      if (url.startsWith('/api/population/candidates')) {
        queries.push(url.slice(url.indexOf('?') + 1));
        return jsonResponse({ items: [ROSA], next: 'page-2' });
      }
      if (url.startsWith('/fhir/R4/Organization'))
        return jsonResponse({
          resourceType: 'Bundle',
          type: 'searchset',
          entry: [
            {
              resource: {
                resourceType: 'Organization',
                id: 'northside',
                name: 'Northside Family Practice',
              },
            },
          ],
        });
      return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    }),
  );
  return queries;
}

describe('the Population screen', () => {
  it('shows tier counts and the queue with its explanations, and turns filters and sorting into the API query', async () => {
    sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 'token' }));
    sessionStorage.setItem(
      'careweave.user',
      JSON.stringify({
        name: 'Nadia Haddad',
        role: 'care-coordinator',
        organizations: [],
        fhirUser: 'Practitioner/nadia',
      }),
    );
    const queries = server();
    render(<PopulationPage />, { wrapper: Providers });

    const row = (await screen.findByText('Rosa Delgado')).closest('tr') as HTMLElement;
    expect(within(row).getByText('2 admissions in 12 months')).toBeTruthy();
    expect(within(row).getByText('34%')).toBeTruthy();
    expect(within(row).getByText('Northside Family Practice', { exact: false })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: /Override tier/ })).toBeNull(); // coordinators do not override
    expect(
      within(screen.getByRole('region', { name: 'Very high risk' })).getByText('3'),
    ).toBeTruthy();
    expect(queries[0]).toBe('tier=very-high%2Chigh&sort=-score&count=25');
    // Only tiers are filtered, so the tier counts give the total not enrolled (2 very high + 3 high).
    await waitFor(() =>
      expect(screen.getByTestId('candidate-count').textContent).toBe('1 of 5 people shown'),
    );

    // Adding the rising tier and a minimum age refetches with both.
    fireEvent.click(screen.getByRole('checkbox', { name: 'Rising' }));
    fireEvent.change(screen.getByLabelText('Minimum age'), { target: { value: '65' } });
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Rising' }).checked).toBe(true);
    await waitFor(
      () =>
        expect(queries.at(-1)).toBe(
          'tier=very-high%2Chigh%2Crising&minAge=65&sort=-score&count=25',
        ),
      { timeout: 5000 },
    );

    // The risk header sorts through the API (lowest first on the second click).
    fireEvent.click(screen.getByRole('button', { name: /Risk/ }));
    await waitFor(() => expect(new URLSearchParams(queries.at(-1)).get('sort')).toBe('score'), {
      timeout: 5000,
    });

    // "Load more" follows the cursor.
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(new URLSearchParams(queries.at(-1)).get('cursor')).toBe('page-2'), {
      timeout: 5000,
    });

    // Enrol opens the enrolment dialog with the risk as the reason.
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Enrol Rosa Delgado' })[0] as HTMLElement,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Enrol in integrated care' });
    expect(within(dialog).getByLabelText<HTMLTextAreaElement>('Reason').value).toContain(
      '2 admissions in 12 months',
    );
    expect(within(dialog).getByRole('button', { name: 'Enrol' })).toBeTruthy();
  });

  it('lets a clinician override a tier only with a reason, and sends it', async () => {
    sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 'token' }));
    sessionStorage.setItem(
      'careweave.user',
      JSON.stringify({
        name: 'Pat Manager',
        role: 'programme-manager',
        organizations: [],
        fhirUser: 'Practitioner/pm',
      }),
    );
    server();
    const fetchMock = vi.mocked(fetch);
    render(<PopulationPage />, { wrapper: Providers });
    fireEvent.click(await screen.findByRole('button', { name: 'Override tier for Rosa Delgado' }));
    const dialog = await screen.findByRole('dialog', { name: 'Override risk tier' });
    const save = within(dialog).getByRole('button', { name: 'Save override' });
    expect(save.hasAttribute('disabled')).toBe(true);
    fireEvent.click(
      within(dialog)
        .getAllByLabelText(/New tier/)
        .find((e) => e.tagName === 'INPUT') as HTMLElement,
    );
    fireEvent.click(await screen.findByRole('option', { name: 'Rising' }));
    expect(save.hasAttribute('disabled')).toBe(true); // still no reason
    fireEvent.change(within(dialog).getByLabelText(/Reason/), {
      target: { value: 'Admissions were planned surgery' },
    });
    fireEvent.click(save);
    await waitFor(() => {
      const call = fetchMock.mock.calls.find(([url]) => url === '/api/population/override');
      expect(JSON.parse(call?.[1]?.body as string)).toEqual({
        patient: 'Patient/rosa',
        tier: 'rising',
        reason: 'Admissions were planned surgery',
      });
    });
  });
});
