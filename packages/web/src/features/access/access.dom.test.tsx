// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { PatientGate } from './components/PatientGate';

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
    JSON.stringify({ name: 'Someone', role, organizations: [], fhirUser: 'Practitioner/x' }),
  );
}

const NOT_FOUND = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'not-found', diagnostics: 'Patient/p1 not found' }],
};

describe('opening a patient the viewer may not see', () => {
  it('says why in words instead of showing the page, and offers break-the-glass to clinicians', async () => {
    signedInAs('social-worker');
    let visible = false;
    const calls: { url: string; body?: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push({
          url,
          ...(typeof init?.body === 'string' ? { body: JSON.parse(init.body) } : {}),
        });
        if (url === '/api/break-glass') {
          visible = true;
          return jsonResponse({ patient: 'p1', expiresAt: '2030-01-01T00:00:00Z' }, 201);
        }
        return visible
          ? jsonResponse({ resourceType: 'Patient', id: 'p1' })
          : jsonResponse(NOT_FOUND, 404);
      }),
    );
    render(
      <PatientGate patientId="p1">
        <p>the plan form</p>
      </PatientGate>,
      { wrapper: Providers },
    );
    await screen.findByText(/not on any of your care teams/);
    expect(screen.queryByText('the plan form')).toBeNull();
    expect(screen.queryByText(/Patient\/p1 not found/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Emergency access (break the glass)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Break the glass and open the record' }));
    await screen.findByText('Give a reason before opening the record.');
    expect(calls.some((c) => c.url === '/api/break-glass')).toBe(false);

    fireEvent.change(screen.getByLabelText(/Reason for emergency access/), {
      target: { value: 'Found unconscious at the day centre' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Break the glass and open the record' }));
    await screen.findByText('the plan form');
    expect(calls.find((c) => c.url === '/api/break-glass')?.body).toEqual({
      patient: 'p1',
      reason: 'Found unconscious at the day centre',
    });
  });

  it('offers no emergency access to roles that may not use it', async () => {
    signedInAs('programme-manager');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(NOT_FOUND, 404)),
    );
    render(
      <PatientGate patientId="p1">
        <p>the summary</p>
      </PatientGate>,
      { wrapper: Providers },
    );
    await screen.findByText(/not on any of your care teams/);
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: /break the glass/i })).toBeNull(),
    );
  });
});
