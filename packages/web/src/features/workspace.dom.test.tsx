// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../test/dom';
import { LoginPage } from './auth/components/LoginPage';
import { PatientSearch } from './search/components/PatientSearch';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('the login form', () => {
  it("has real labels and shows the server's OperationOutcome as a readable error", async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(
        {
          resourceType: 'OperationOutcome',
          issue: [
            { severity: 'error', code: 'login', details: { text: 'Invalid email or password' } },
          ],
        },
        401,
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    render(<LoginPage />, { wrapper: Providers });
    fireEvent.change(screen.getByLabelText('Email'), {
      target: { value: 'coordinator@careweave.demo' },
    });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      expect.stringContaining('Invalid email or password'),
    );
    expect(fetchMock).toHaveBeenCalledWith(
      '/auth/login',
      expect.objectContaining({ method: 'POST' }),
    );
  });
});

describe('patient search', () => {
  it('searches as you type and opens the chosen patient with the keyboard', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            id: 'demo-patient-1',
            name: [{ given: ['Rosa'], family: 'Delgado' }],
            birthDate: '1952-08-14',
            gender: 'female',
          },
        },
        {
          resource: {
            resourceType: 'Patient',
            id: 'p2',
            name: [{ given: ['Ramon'], family: 'Delgado' }],
            birthDate: '1960-01-01',
            gender: 'male',
          },
        },
      ],
    };
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(bundle));
    vi.stubGlobal('fetch', fetchMock);
    render(<PatientSearch />, { wrapper: Providers });
    const input = screen.getByRole('combobox', { name: 'Search patients' });
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'delg' } });
    await screen.findByRole('option', { name: /Ramon Delgado/ });
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe(
      '/fhir/R4/Patient?_count=10&_sort=family&name=delg',
    );
    fireEvent.keyDown(input, { key: 'ArrowDown', code: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe(
      screen.getByRole('option', { name: /Ramon Delgado/ }).id,
    );
    fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(window.location.pathname).toBe('/patients/p2'));
  });

  it('says so when the search fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'exception', diagnostics: 'Database unavailable' }],
          },
          503,
        ),
      ),
    );
    render(<PatientSearch />, { wrapper: Providers });
    const input = screen.getByLabelText('Search patients');
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: 'rosa' } });
    expect((await screen.findByText(/Search failed/)).textContent).toContain(
      'Database unavailable',
    );
  });
});
