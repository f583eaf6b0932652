// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { installDomStubs, jsonResponse, Providers } from '../../../test/dom';
import type { WorklistItem } from '../model/worklist';
import { BulkReassignDialog } from './BulkReassignDialog';

beforeAll(() => {
  installDomStubs();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const item = (id: string, patient: string): WorklistItem => ({
  id,
  description: `Task ${id}`,
  status: 'requested',
  priority: 'routine',
  overdue: false,
  patient: { id: patient },
  task: { resourceType: 'Task', id, status: 'requested', intent: 'order' },
});
const teams = (members: { reference: string; display: string }[]) => ({
  careTeams: [{ careTeam: { resourceType: 'CareTeam', id: 'ct' }, members }],
});

describe('reassigning several tasks at once', () => {
  it("offers only people on every patient's team and shows the server's refusal; nothing is reassigned", async () => {
    const grace = { reference: 'Practitioner/sw', display: 'Grace Mensah' };
    const helen = { reference: 'Practitioner/gp', display: 'Helen Cho' };
    let body: string | undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url === '/api/roster/patients/p1/care-teams')
          return jsonResponse(teams([grace, helen]));
        if (url === '/api/roster/patients/p2/care-teams') return jsonResponse(teams([grace]));
        if (url === '/api/tasks/reassign') {
          body = typeof init?.body === 'string' ? init.body : undefined;
          return jsonResponse(
            {
              resourceType: 'OperationOutcome',
              issue: [
                {
                  severity: 'error',
                  code: 'business-rule',
                  details: { text: 'Task/t2 changed meanwhile' },
                },
              ],
            },
            422,
          );
        }
        return jsonResponse({ resourceType: 'Bundle', type: 'searchset', entry: [] });
      }),
    );
    const done = vi.fn();
    render(
      <BulkReassignDialog
        items={[item('t1', 'p1'), item('t2', 'p2')]}
        onClose={() => undefined}
        onDone={done}
      />,
      { wrapper: Providers },
    );
    const owner = await screen.findByPlaceholderText('Choose a team member');
    fireEvent.click(owner);
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
      'Grace Mensah',
    ]);
    fireEvent.click(screen.getByRole('option', { name: 'Grace Mensah' }));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Covering the week' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reassign tasks' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Nothing was reassignedTask/t2 changed meanwhile',
    );
    expect(JSON.parse(body ?? '{}')).toEqual({
      tasks: ['t1', 't2'],
      owner: 'Practitioner/sw',
      reason: 'Covering the week',
    });
    expect(done).not.toHaveBeenCalled();
  });
});
