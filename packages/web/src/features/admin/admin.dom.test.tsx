// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../test/dom';
import { ChangePasswordPage } from '../auth/components/ChangePasswordPage';
import { UsersPanel } from './components/UsersPanel';
import type { AdminUser } from './model/types';

beforeAll(installDomStubs);
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const GRACE: AdminUser = {
  id: 'a1',
  email: 'grace@example.org',
  displayName: 'Grace Mensah',
  role: 'social-worker',
  fhirUser: 'Practitioner/sw',
  organizations: [{ id: 'net', name: 'Riverside Network' }],
  disabled: false,
  mustChangePassword: true,
  createdAt: '2026-11-20T09:00:00Z',
  lastLoginAt: null,
};

describe('administration: users', () => {
  it('lists accounts with role, organisations, status and last sign-in, and disables one after asking', async () => {
    const posts: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (init?.method === 'POST') {
          posts.push(url);
          return jsonResponse({ ...GRACE, disabled: true });
        }
        return jsonResponse({ users: [GRACE] });
      }),
    );
    render(
      <Providers>
        <UsersPanel />
      </Providers>,
    );
    await screen.findByText('Grace Mensah');
    expect(screen.getByText('grace@example.org')).toBeTruthy();
    expect(screen.getByText('Social worker')).toBeTruthy();
    expect(screen.getByText('Riverside Network')).toBeTruthy();
    expect(screen.getByText('Temporary password')).toBeTruthy();
    expect(screen.getByText('never')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Actions for grace@example.org' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Disable…' }));
    await screen.findByText(/will be signed out everywhere/);
    expect(posts).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Disable account' }));
    await waitFor(() => expect(posts).toEqual(['/api/admin/users/a1/disable']));
  });

  it('shows the server’s refusal in its own words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(
          {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'error',
                code: 'forbidden',
                details: { text: 'Only administrators may use the administration API' },
              },
            ],
          },
          403,
        ),
      ),
    );
    render(
      <Providers>
        <UsersPanel />
      </Providers>,
    );
    await screen.findByText('Only administrators may use the administration API');
  });
});

describe('choosing a password after a temporary one', () => {
  it('sends the temporary and the new password, and shows why the server refused', async () => {
    sessionStorage.setItem('careweave.session', JSON.stringify({ accessToken: 't' }));
    sessionStorage.setItem(
      'careweave.user',
      JSON.stringify({
        name: 'Grace Mensah',
        role: 'social-worker',
        organizations: [],
        fhirUser: 'Practitioner/sw',
        mustChangePassword: true,
      }),
    );
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        bodies.push(JSON.parse(typeof init?.body === 'string' ? init.body : '{}'));
        return jsonResponse(
          {
            resourceType: 'OperationOutcome',
            issue: [
              {
                severity: 'error',
                code: 'invalid',
                details: { text: 'This password is one of the most commonly used passwords' },
              },
            ],
          },
          400,
        );
      }),
    );
    render(
      <Providers>
        <ChangePasswordPage />
      </Providers>,
    );
    expect(screen.getByText(/Welcome, Grace Mensah/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/Temporary password/), {
      target: { value: 'maple-river-quartz-42' },
    });
    fireEvent.change(screen.getByLabelText(/^New password( \*)?$/), {
      target: { value: 'password1234' },
    });
    fireEvent.change(screen.getByLabelText(/New password again/), {
      target: { value: 'password1234' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await screen.findByText(/most commonly used passwords/);
    expect(bodies).toEqual([
      { current_password: 'maple-river-quartz-42', new_password: 'password1234' },
    ]);
  });
});
