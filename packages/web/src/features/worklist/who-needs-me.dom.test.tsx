// @vitest-environment jsdom
import type { WhoNeedsMeResponse } from '@careweave/contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { WhoNeedsMeSection } from './components/WhoNeedsMeSection';

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
    JSON.stringify({ name: 'Nadia Haddad', role, organizations: [], fhirUser: 'Practitioner/n' }),
  );
}

const LIST: WhoNeedsMeResponse = {
  coordinator: 'Practitioner/n',
  generatedAt: '2026-12-08T08:00:00Z',
  optedOut: 1,
  items: [
    {
      patientId: 'rosa',
      name: 'Rosa Delgado',
      score: 26.1,
      tier: 'very-high',
      reasons: [
        { code: 'tier', points: 19.1, text: 'very high risk tier' },
        { code: 'discharge', points: 5, text: 'discharged 2 days ago' },
        { code: 'no-contact', points: 2, text: 'no contact since the discharge' },
        { code: 'overdue-task', points: 1, text: 'one overdue task' },
      ],
    },
  ],
};

describe('who needs me today on the worklist', () => {
  it('ranks a coordinator’s people with their top three reasons in words', async () => {
    signedInAs('care-coordinator');
    const urls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        urls.push(url);
        return url.startsWith('/api/who-needs-me') ? jsonResponse(LIST) : jsonResponse({}, 404);
      }),
    );
    render(
      <Providers>
        <WhoNeedsMeSection />
      </Providers>,
    );
    const table = await screen.findByRole('table', { name: 'Who needs me today' });
    const row = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(row).getByRole('link', { name: 'Rosa Delgado' }).getAttribute('href')).toBe(
      '/patients/rosa',
    );
    expect(row.textContent).toContain(
      'very high risk tier; discharged 2 days ago; no contact since the discharge',
    );
    expect(row.textContent).not.toContain('overdue task');
    expect(screen.getByText(/1 of your people opted out/)).toBeTruthy();
    expect(urls).toEqual(['/api/who-needs-me?limit=10']);
  });

  it('is not shown, nor asked for, for other roles', () => {
    signedInAs('nurse');
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <Providers>
        <WhoNeedsMeSection />
      </Providers>,
    );
    expect(screen.queryByRole('region', { name: 'Who needs me today' })).toBeNull();
    expect(fetch).not.toHaveBeenCalled();
  });
});
