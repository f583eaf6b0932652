// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../../test/dom';
import type { Worklist, WorklistItem } from '../model/worklist';
import { WorklistPage } from './WorklistPage';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const item = (id: string, description: string, overdue = false): WorklistItem => ({
  id,
  description,
  status: 'requested',
  priority: overdue ? 'urgent' : 'routine',
  owner: 'Practitioner/sw',
  overdue,
  due: '2026-11-20',
  patient: { id: 'p1', name: 'Rosa Delgado' },
  plan: 'cp1',
  task: { resourceType: 'Task', id, status: 'requested', intent: 'order', description },
});

describe('my worklist', () => {
  it("shows the server's rows and counts, and completes a task with an outcome; the task leaves Open", async () => {
    let completed = false;
    const calls: { url: string; body?: string }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        calls.push({ url, ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
        if (url.startsWith('/api/worklist')) {
          const items = completed
            ? [item('t2', 'Check housing claim')]
            : [item('t1', 'Arrange food bank referral', true), item('t2', 'Check housing claim')];
          const page: Worklist = {
            items,
            counts: { open: items.length, 'on-hold': 0, overdue: completed ? 0 : 1 },
          };
          return jsonResponse(page);
        }
        if (url === '/api/tasks/t1/complete') {
          completed = true;
          return jsonResponse({ resourceType: 'Task', id: 't1', status: 'completed' });
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    render(<WorklistPage />, { wrapper: Providers });
    const first = (await screen.findByText('Arrange food bank referral')).closest(
      'tr',
    ) as HTMLElement;
    expect(within(first).getByText('Overdue')).toBeTruthy();
    expect(within(first).getByRole('link', { name: 'Rosa Delgado' }).getAttribute('href')).toBe(
      '/patients/p1',
    );
    expect(
      within(first).getByRole('link', { name: 'Care plan of Rosa Delgado' }).getAttribute('href'),
    ).toBe('/patients/p1/plan');
    expect(calls.find((c) => c.url.startsWith('/api/worklist'))?.url).toBe(
      '/api/worklist?scope=mine&status=open&count=50',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Complete Arrange food bank referral' }));
    fireEvent.change(await screen.findByLabelText('Outcome'), {
      target: { value: 'Referred; parcel on Friday' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Complete task' }));

    await waitFor(() => expect(screen.queryByText('Arrange food bank referral')).toBeNull());
    expect(calls.find((c) => c.url === '/api/tasks/t1/complete')?.body).toBe(
      JSON.stringify({ outcome: 'Referred; parcel on Friday' }),
    );
    expect(screen.getByText('Check housing claim')).toBeTruthy();
  });

  it('says why the worklist could not load', async () => {
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
    render(<WorklistPage />, { wrapper: Providers });
    expect((await screen.findByRole('alert')).textContent).toContain('Database unavailable');
  });
});
